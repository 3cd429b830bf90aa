package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"servicehall/app"
)

// BenchmarkSearchNotices: a two-word search over 2,000 cached notices, as a kiosk types.
func BenchmarkSearchNotices(b *testing.B) {
	ctx := context.Background()
	db := openHall(b)
	at := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)
	var changes []app.PulledChange
	for i := range 2000 {
		p, _ := json.Marshal(app.Notice{Title: fmt.Sprintf("关于第%d批政务服务事项调整的公告", i),
			Body: fmt.Sprintf("根据工作安排，第%d批事项自即日起在各便民服务中心办理，办公时间不变。", i), PublishedAt: at.Add(time.Duration(i) * time.Minute)})
		changes = append(changes, app.PulledChange{Seq: int64(i + 1), Kind: "notice", ID: fmt.Sprint("n", i), Version: 1, Payload: p})
	}
	if err := db.ApplyPull(ctx, changes, 2000); err != nil {
		b.Fatal(err)
	}
	words := app.NoticeWords("便民 第1999批")
	b.ResetTimer()
	for b.Loop() {
		list, err := db.SearchNotices(ctx, words, 0)
		if err != nil || len(list) != 1 {
			b.Fatalf("%d %v", len(list), err)
		}
	}
}

// BenchmarkCreateRequest: registering one request (seal, number, row and outbox row in
// one synchronous transaction).
func BenchmarkCreateRequest(b *testing.B) {
	ctx := context.Background()
	db := openHall(b)
	s := app.RequestSubmission{Kind: app.RequestConsultation, Subject: "咨询", Text: "如何办理居住证",
		Contact: app.Contact{Name: "张三", Phone: "13912345678"}}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.CreateRequest(ctx, app.NewRequest(s, time.Now())); err != nil {
			b.Fatal(err)
		}
	}
}
