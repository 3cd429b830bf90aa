package syncer_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"servicehall/app"
	"servicehall/sync/central"
	"servicehall/sync/syncer"
	"servicehall/sync/wire"
)

func TestPullAppliesFeedInPagesAndMovesCursor(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	for i := 0; i < 7; i++ {
		if _, err := f.store.Publish(ctx, "", wire.KindNotice, "n"+string(rune('a'+i)), wire.Notice{Title: "公告" + string(rune('a'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	f.store.Publish(ctx, "TC01", wire.KindBooking, "b1", map[string]any{"id": "b1", "code": "B001"})
	s := f.syncer(syncer.Config{PullPage: 3})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	notices, _ := f.db.Notices(ctx)
	if len(notices) != 7 {
		t.Fatalf("%d notices at the hall, want 7", len(notices))
	}
	if n, _ := f.db.CentralRecordCount(ctx, wire.KindBooking); n != 1 {
		t.Fatalf("booking kept %d, want 1", n)
	}
	cur, _ := f.db.PullCursor(ctx)
	if cur != 8 {
		t.Fatalf("cursor %d, want 8", cur)
	}
	// A notice edited at central reaches the hall as a newer version.
	f.store.Publish(ctx, "", wire.KindNotice, "na", wire.Notice{Title: "更正公告"})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	notices, _ = f.db.Notices(ctx)
	found := false
	for _, n := range notices {
		found = found || n.Title == "更正公告"
	}
	if !found || len(notices) != 7 {
		t.Fatalf("edited notice not applied: %+v", notices)
	}
}

// The same page twice, and an older page after a newer one: the hall's data is identical
// and the cursor never goes back.
func TestPullPagesTwiceAndOutOfOrder(t *testing.T) {
	f := newFixture(t)
	page := func(seq int64, id, title string, v int) []app.PulledChange {
		return []app.PulledChange{{Seq: seq, Kind: wire.KindNotice, ID: id, Version: v,
			Payload: []byte(`{"id":"` + id + `","title":"` + title + `","body":"","published_at":"2026-11-26T01:00:00Z"}`)}}
	}
	p1, p2 := page(1, "n1", "旧标题", 1), page(2, "n1", "新标题", 2)
	for _, step := range []struct {
		p    []app.PulledChange
		next int64
	}{{p1, 1}, {p2, 2}, {p2, 2}, {p1, 1}} {
		if err := f.db.ApplyPull(ctx, step.p, step.next); err != nil {
			t.Fatal(err)
		}
	}
	notices, _ := f.db.Notices(ctx)
	cur, _ := f.db.PullCursor(ctx)
	if len(notices) != 1 || notices[0].Title != "新标题" || cur != 2 {
		t.Fatalf("after replays: %+v cursor %d", notices, cur)
	}
}

func TestCatalogueChangeFromCentral(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	svc := app.CatalogueService{Code: "ZZ-001", Name: "新增测试事项", NameEN: "New test service", Pinyin: "xin zeng ce shi shi xiang",
		Department: "gaj", Queue: "A", Kind: app.KindOnTheSpot}
	if _, err := f.store.Publish(ctx, "", wire.KindService, app.ServiceID(svc.Code), svc); err != nil {
		t.Fatal(err)
	}
	if err := f.syncer(syncer.Config{}).SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	list, _ := f.db.Services(ctx)
	for _, s := range list {
		if s.Code == "ZZ-001" && s.ID == app.ServiceID("ZZ-001") && s.Name == "新增测试事项" {
			return
		}
	}
	t.Fatal("service from central not in the hall's catalogue")
}

// The hub sends its enrolment code; the reply is lost. It tries again with the same code
// and gets the same credential.
func TestEnrolmentReplyLost(t *testing.T) {
	f := newFixture(t)
	inner := central.NewServer(f.store, quiet).Handler()
	var drops atomic.Int32
	drops.Store(1)
	f.server.Fault = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != wire.PathEnrol || drops.Add(-1) < 0 {
			return false
		}
		inner.ServeHTTP(httptest.NewRecorder(), r)
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
		return true
	}
	f.startCentral(t)
	f.issue(t, 2)
	s := f.syncer(syncer.Config{})
	if err := s.SyncOnce(ctx); err == nil {
		t.Fatal("lost enrolment reply reported as success")
	}
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatalf("retry with the same code: %v", err)
	}
	if f.summary(t).Tickets != 2 {
		t.Fatal("tickets did not arrive after enrolment")
	}
	// The code is spent now: a second hub presenting it is refused.
	other := newFixture(t)
	other.token, other.addr = f.token, f.addr
	if err := other.syncer(syncer.Config{}).SyncOnce(ctx); err == nil {
		t.Fatal("a used enrolment code enrolled a second hub")
	}
}
