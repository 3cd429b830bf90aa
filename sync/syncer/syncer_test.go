package syncer_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/sqlite"
	"servicehall/assets"
	"servicehall/sync/central"
	"servicehall/sync/syncer"
)

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type fixture struct {
	db      *sqlite.DB
	store   *central.Store
	server  *central.Server
	token   string
	addr    string
	service string
}

// newFixture opens a hall store and a central store; central is not serving yet.
func newFixture(t *testing.T) *fixture { return newFixtureTB(t) }

// newFixtureTB is newFixture for tests and benchmarks.
func newFixtureTB(t testing.TB) *fixture {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.EnsureHall(ctx, app.Hall{Code: "TC01", Name: "测试"}, assets.Catalogue); err != nil {
		t.Fatal(err)
	}
	st, err := central.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tok, err := st.AddHall(ctx, "TC01", "测试")
	if err != nil {
		t.Fatal(err)
	}
	svcs, _ := db.Services(ctx)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	return &fixture{db: db, store: st, server: central.NewServer(st, quiet), token: tok, addr: addr, service: svcs[0].ID}
}

func (f *fixture) startCentral(t *testing.T) { f.startCentralTB(t) }

func (f *fixture) startCentralTB(t testing.TB) {
	t.Helper()
	if err := f.server.Open(f.addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.server.Close() })
}

func (f *fixture) syncer(cfg syncer.Config) *syncer.Syncer {
	cfg.CentralURL, cfg.Token, cfg.Hall, cfg.Logger = "http://"+f.addr, f.token, "TC01", quiet
	if cfg.Timeout == 0 {
		cfg.Timeout = 3 * time.Second
	}
	return syncer.New(f.db, cfg)
}

func (f *fixture) issue(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := f.db.IssueTicket(ctx, app.IssueRequest{ServiceID: f.service}); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *fixture) summary(t testing.TB) central.Summary {
	t.Helper()
	s, err := f.store.HallSummary(ctx, "TC01")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPushDrainsOutboxInBatches(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	f.issue(t, 25)
	s := f.syncer(syncer.Config{BatchSize: 10})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	st := s.Status()
	if st.Link != app.LinkUp || st.Pending != 0 || st.LastSync == nil {
		t.Fatalf("status %+v", st)
	}
	if sum := f.summary(t); sum.Tickets != 25 || sum.Changes != 25 {
		t.Fatalf("central holds %d tickets / %d changes, want 25/25", sum.Tickets, sum.Changes)
	}
}

func TestCentralDownThenUp(t *testing.T) {
	f := newFixture(t)
	f.issue(t, 7)
	s := f.syncer(syncer.Config{})
	if err := s.SyncOnce(ctx); err == nil {
		t.Fatal("sync with central down succeeded")
	}
	if st := s.Status(); st.Link != app.LinkDown || st.Pending != 7 || st.LastError == "" {
		t.Fatalf("status while down %+v", st)
	}
	f.startCentral(t)
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); st.Link != app.LinkUp || st.Pending != 0 {
		t.Fatalf("status after %+v", st)
	}
	if sum := f.summary(t); sum.Tickets != 7 {
		t.Fatalf("central holds %d, want 7", sum.Tickets)
	}
}

// Central stores the batch, then the connection drops before the reply: the hub must
// send again, and central must not count anything twice.
func TestLostReplyIsResentWithoutDuplicates(t *testing.T) {
	f := newFixture(t)
	inner := central.NewServer(f.store, quiet).Handler()
	var drops atomic.Int32
	drops.Store(2)
	f.server.Fault = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/sync/push" || drops.Add(-1) < 0 {
			return false
		}
		inner.ServeHTTP(httptest.NewRecorder(), r) // stored…
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // …and the reply is lost
		}
		return true
	}
	f.startCentral(t)
	f.issue(t, 30)
	s := f.syncer(syncer.Config{BatchSize: 50})
	for i := 0; i < 2; i++ {
		if err := s.SyncOnce(ctx); err == nil {
			t.Fatalf("try %d: lost reply reported as success", i+1)
		}
		if st := s.Status(); st.Pending != 30 {
			t.Fatalf("rows left the outbox without an acknowledgement: pending %d", st.Pending)
		}
	}
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	sum := f.summary(t)
	if sum.Tickets != 30 || sum.Changes != 30 {
		t.Fatalf("central holds %d tickets, %d changes; want exactly 30 and 30", sum.Tickets, sum.Changes)
	}
	if n, _ := f.db.OutboxCount(ctx); n != 0 {
		t.Fatalf("outbox %d", n)
	}
}

func TestServerErrorsKeepEverything(t *testing.T) {
	f := newFixture(t)
	var storm atomic.Int32
	storm.Store(3)
	f.server.Fault = func(w http.ResponseWriter, r *http.Request) bool {
		if storm.Add(-1) < 0 {
			return false
		}
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
		return true
	}
	f.startCentral(t)
	f.issue(t, 5)
	s := f.syncer(syncer.Config{})
	fails := 0
	for s.SyncOnce(ctx) != nil {
		fails++
		if fails > 5 {
			t.Fatal("never recovered from the 5xx storm")
		}
	}
	if fails != 3 || f.summary(t).Tickets != 5 {
		t.Fatalf("%d failures, %d tickets at central; want 3 and 5", fails, f.summary(t).Tickets)
	}
}

func TestRejectedRecordGoesToDeadLettersAndDoesNotBlock(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	f.issue(t, 3)
	// A record of a kind central does not know, written straight into the outbox.
	if err := insertForeign(f.db.Path); err != nil {
		t.Fatal(err)
	}
	f.issue(t, 2)
	s := f.syncer(syncer.Config{BatchSize: 2})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.db.DeadLetterCount(ctx); n != 1 {
		t.Fatalf("dead letters %d, want 1", n)
	}
	if sum := f.summary(t); sum.Tickets != 5 {
		t.Fatalf("central holds %d tickets, want 5", sum.Tickets)
	}
}

func TestWorkerDrainsByItselfAfterNotify(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	changes := make(chan app.SyncStatus, 64)
	s := f.syncer(syncer.Config{ProbeInterval: time.Hour, OnChange: func(st app.SyncStatus) { changes <- st }})
	s.Start(ctx)
	defer s.Stop()
	waitFor := func(cond func(app.SyncStatus) bool) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case st := <-changes:
				if cond(st) {
					return
				}
			case <-deadline:
				t.Fatalf("status never reached the condition; now %+v", s.Status())
			}
		}
	}
	waitFor(func(st app.SyncStatus) bool { return st.Link == app.LinkUp })
	f.issue(t, 4)
	s.Notify()
	waitFor(func(st app.SyncStatus) bool {
		return st.Link == app.LinkUp && st.Pending == 0 && f.summary(t).Tickets == 4
	})
}
