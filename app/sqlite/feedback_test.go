package sqlite_test

import (
	"context"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/sqlite"
)

func outboxKinds(t *testing.T, db *sqlite.DB) map[string]int {
	t.Helper()
	rows, err := db.OutboxBatch(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Kind]++
	}
	return out
}

// Requests number from their own daily sequence at the hall's midnight, apart from
// applications: the same day's first application and first request never share a number.
func TestRequestNumbersHaveTheirOwnSequence(t *testing.T) {
	ctx := context.Background()
	db := openHall(t)
	sh := app.LoadLocation("Asia/Shanghai")
	newApplication(t, db, time.Date(2026, 1, 5, 9, 0, 0, 0, sh))
	var got []string
	for _, at := range []time.Time{time.Date(2026, 1, 5, 23, 59, 0, 0, sh), time.Date(2026, 1, 5, 23, 59, 30, 0, sh), time.Date(2026, 1, 6, 0, 1, 0, 0, sh)} {
		r, err := db.CreateRequest(ctx, app.NewRequest(app.RequestSubmission{Kind: app.RequestConsultation, Subject: "咨询", Text: "如何办理",
			Contact: app.Contact{Name: "张三", Phone: "13912345678"}}, at))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r.TrackingNo)
	}
	want := []string{"TC01-R-20260105-0001", "TC01-R-20260105-0002", "TC01-R-20260106-0001"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d: %s, want %s", i, got[i], want[i])
		}
	}
	if a := newApplication(t, db, time.Date(2026, 1, 5, 10, 0, 0, 0, sh)); a.TrackingNo != "TC01-20260105-0002" {
		t.Errorf("requests took application numbers: next application is %s", a.TrackingNo)
	}
	if k := outboxKinds(t, db); k[app.KindRequest] != 3 || k[app.KindApplication] != 2 {
		t.Errorf("outbox %v", k)
	}
	// An unknown service is refused and takes no number.
	_, err := db.CreateRequest(ctx, app.NewRequest(app.RequestSubmission{Kind: app.RequestHelp, Subject: "求助", Text: "x",
		ServiceID: "nope", Contact: app.Contact{Name: "张三", Phone: "13912345678"}}, time.Date(2026, 1, 6, 9, 0, 0, 0, sh)))
	if app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("unknown service: %v", err)
	}
	r, err := db.CreateRequest(ctx, app.NewRequest(app.RequestSubmission{Kind: app.RequestHelp, Subject: "求助", Text: "x",
		Contact: app.Contact{Name: "张三", Phone: "13912345678"}}, time.Date(2026, 1, 6, 9, 0, 0, 0, sh)))
	if err != nil || r.TrackingNo != "TC01-R-20260106-0002" {
		t.Fatalf("after a refusal: %s %v", r.TrackingNo, err)
	}
}

// A refused rating (a second one, or of an unfinished ticket) rolls back: no row, no
// outbox row.
func TestRatingOncePerTicketInStore(t *testing.T) {
	ctx := context.Background()
	db := openHall(t)
	svcs, _ := db.Services(ctx)
	tk, err := db.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	good := app.RatingSubmission{Scores: app.RatingScores{Overall: 4, Efficiency: 4, Quality: 4, Attitude: 4}}
	if _, err := db.CreateRating(ctx, app.NewRating(app.RatingOfTicket, tk.ID, good, time.Now())); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("waiting ticket rated: %v", err)
	}
	if _, _, err := db.CallNext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FinishTicket(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	before := outboxKinds(t, db)[app.KindRating]
	r, err := db.CreateRating(ctx, app.NewRating(app.RatingOfTicket, tk.ID, good, time.Now()))
	if err != nil || r.Window != 1 || r.TicketNumber != tk.Number || r.ServiceID != svcs[0].ID {
		t.Fatalf("rating %+v %v", r, err)
	}
	if _, err := db.CreateRating(ctx, app.NewRating(app.RatingOfTicket, tk.ID, good, time.Now())); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("second rating: %v", err)
	}
	if n, _ := db.RatingCount(ctx); n != 1 {
		t.Fatalf("%d ratings stored", n)
	}
	if after := outboxKinds(t, db)[app.KindRating]; after != before+1 {
		t.Fatalf("rating outbox rows %d → %d, want exactly one more", before, after)
	}
	list, err := db.Ratings(ctx, app.RatingFilter{Window: 1})
	if err != nil || len(list) != 1 || list[0].ID != r.ID || list[0].Scores != good.Scores || list[0].TicketID != tk.ID {
		t.Fatalf("list %+v %v", list, err)
	}
	if list, _ := db.Ratings(ctx, app.RatingFilter{Window: 2}); len(list) != 0 {
		t.Fatalf("window 2 has %d", len(list))
	}
}

// A failing answer rolls back; a good one writes one new version and outbox row.
func TestUpdateRequestVersions(t *testing.T) {
	ctx := context.Background()
	db := openHall(t)
	r, err := db.CreateRequest(ctx, app.NewRequest(app.RequestSubmission{Kind: app.RequestComplaint, Subject: "投诉", Text: "x",
		Contact: app.Contact{Name: "张三", Phone: "13912345678"}}, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateRequest(ctx, r.TrackingNo, func(r *app.Request) error {
		return r.ApplyAnswer(app.RequestAnswer{}, time.Now())
	}); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("empty answer: %v", err)
	}
	if k := outboxKinds(t, db); k[app.KindRequest] != 1 {
		t.Fatalf("outbox after a refusal %v", k)
	}
	got, err := db.UpdateRequest(ctx, r.TrackingNo, func(r *app.Request) error {
		return r.ApplyAnswer(app.RequestAnswer{Answer: "已处理", Close: true}, time.Now())
	})
	if err != nil || got.Status != app.RequestClosed || got.Version != 2 || got.Contact.Phone != "13912345678" {
		t.Fatalf("closed %+v %v", got, err)
	}
	if k := outboxKinds(t, db); k[app.KindRequest] != 2 {
		t.Fatalf("outbox %v", k)
	}
	if _, err := db.UpdateRequest(ctx, "TC01-R-20260105-0099", func(*app.Request) error { return nil }); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("unknown: %v", err)
	}
}
