package syncer_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/sync/central"
	"servicehall/sync/syncer"
)

// Ratings and requests made at the hall reach central exactly once, even when central
// stores a batch and the reply is lost; central gets each request's contact masked.
func TestRatingsAndRequestsReachCentralOnce(t *testing.T) {
	f := newFixture(t)
	inner := central.NewServer(f.store, quiet).Handler()
	var drops atomic.Int32
	drops.Store(1)
	f.server.Fault = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/sync/push" || drops.Add(-1) < 0 {
			return false
		}
		inner.ServeHTTP(httptest.NewRecorder(), r) // stored…
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close() // …and the reply is lost
		}
		return true
	}
	f.startCentral(t)
	core := hub.NewHall(f.db)

	// Two finished tickets, each rated once (one of them badly: flagged).
	f.issue(t, 2)
	var done []app.Ticket
	for range 2 {
		called, err := core.CallNext(ctx, 1)
		if err != nil || called == nil {
			t.Fatalf("call: %v %v", called, err)
		}
		tk, err := core.FinishTicket(ctx, called.ID)
		if err != nil {
			t.Fatal(err)
		}
		done = append(done, tk)
	}
	if _, err := core.RateTicket(ctx, done[0].ID, app.RatingSubmission{Scores: app.RatingScores{Overall: 5, Efficiency: 5, Quality: 5, Attitude: 5}}); err != nil {
		t.Fatal(err)
	}
	bad, err := core.RateTicket(ctx, done[1].ID, app.RatingSubmission{Scores: app.RatingScores{Overall: 1, Efficiency: 1, Quality: 2, Attitude: 1},
		Reasons: []string{app.RatingReasonAttitude}})
	if err != nil || !bad.FollowUp {
		t.Fatalf("bad rating %+v %v", bad, err)
	}
	// A complaint registered and answered (two versions), a help request left open.
	c, err := core.SubmitRequest(ctx, app.RequestSubmission{Kind: app.RequestComplaint, Subject: "态度差", Text: "窗口人员不耐烦",
		Contact: app.Contact{Name: "欧阳娜娜", Phone: "13987654321"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := core.AnswerRequest(ctx, c.TrackingNo, app.RequestAnswer{Answer: "已约谈并致歉", Window: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := core.SubmitRequest(ctx, app.RequestSubmission{Kind: app.RequestHelp, Subject: "轮椅", Text: "需要借用轮椅",
		Contact: app.Contact{Name: "欧阳娜娜", Phone: "13987654321"}}); err != nil {
		t.Fatal(err)
	}
	rows, err := f.db.OutboxBatch(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if bytes.Contains(r.Payload, []byte("13987654321")) || bytes.Contains(r.Payload, []byte("欧阳娜娜")) {
			t.Fatalf("outbox %s %s carries the contact in clear: %s", r.Kind, r.RecordID, r.Payload)
		}
	}

	s := f.syncer(syncer.Config{BatchSize: 50})
	if err := s.SyncOnce(ctx); err == nil {
		t.Fatal("a lost reply was reported as success")
	}
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncOnce(ctx); err != nil { // nothing left: nothing sent twice
		t.Fatal(err)
	}
	sum := f.summary(t)
	if sum.ByKind[app.KindRating] != 2 || sum.ByKind[app.KindRequest] != 2 {
		t.Fatalf("central holds %v, want 2 ratings and 2 requests", sum.ByKind)
	}
	// Every pushed version is one change at central: the tickets' versions, then the
	// 2 ratings and the 3 request versions (complaint v1, v2; help v1), each once.
	want := 2 + 3
	got := sum.Changes - ticketChanges(t, rows)
	if got != want {
		t.Fatalf("central counted %d rating/request changes, want exactly %d", got, want)
	}
	if n, _ := f.db.OutboxCount(ctx); n != 0 {
		t.Fatalf("outbox still holds %d", n)
	}
	if n, _ := f.db.DeadLetterCount(ctx); n != 0 {
		t.Fatalf("central refused %d records", n)
	}
}

// ticketChanges counts the ticket versions among the outbox rows that were pushed.
func ticketChanges(t *testing.T, rows []app.OutboxRecord) int {
	t.Helper()
	n := 0
	for _, r := range rows {
		if r.Kind == app.KindTicket {
			n++
		}
	}
	return n
}
