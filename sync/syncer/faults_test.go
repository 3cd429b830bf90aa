package syncer_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"servicehall/sync/faultnet"
	"servicehall/sync/syncer"
)

// syncerVia builds a worker that reaches central through a misbehaving proxy.
func (f *fixture) syncerVia(p *faultnet.Proxy, cfg syncer.Config) *syncer.Syncer {
	cfg.CentralURL, cfg.Token, cfg.Hall, cfg.Logger = p.URL(), f.token, "TC01", quiet
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	return syncer.New(f.db, cfg)
}

func proxy(t testing.TB, target string) *faultnet.Proxy {
	t.Helper()
	p, err := faultnet.New(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestConnectionResetMidBody(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	p := proxy(t, f.addr)
	f.issue(t, 300)
	s := f.syncerVia(p, syncer.Config{BatchSize: 300})
	if err := s.SyncOnce(ctx); err != nil { // enrols first, so the reset hits a push
		t.Fatal(err)
	}
	f.issue(t, 300)
	p.ResetAfter.Store(700) // inside the gzip body of the next push…
	p.SetLink(false)        // …on a new connection: drop the kept-alive one
	p.SetLink(true)
	// The first try may fail on the kept-alive connection the proxy just dropped; the
	// next new connection is reset in the middle of the body. Neither is a success.
	for try := 0; p.Resets.Load() == 0; try++ {
		if err := s.SyncOnce(ctx); err == nil {
			t.Fatal("push through a reset link reported as success")
		}
		if try == 3 {
			t.Fatal("the proxy never reset a connection")
		}
	}
	if p.Resets.Load() != 1 {
		t.Fatalf("%d resets, want 1", p.Resets.Load())
	}
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if sum := f.summary(t); sum.Tickets != 600 || sum.Changes != 600 {
		t.Fatalf("central holds %d tickets / %d changes, want 600/600", sum.Tickets, sum.Changes)
	}
}

func TestSlowLink(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	p := proxy(t, f.addr)
	p.BytesPerSecond.Store(125_000) // 1 Mbit/s
	p.Latency.Store(int64(300 * time.Millisecond))
	f.issue(t, 400)
	s := f.syncerVia(p, syncer.Config{BatchSize: 200, Timeout: 20 * time.Second})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if sum := f.summary(t); sum.Tickets != 400 {
		t.Fatalf("central holds %d, want 400", sum.Tickets)
	}
}

// The link flaps every 150 ms while the hall keeps issuing; when it settles, every
// ticket is at central exactly once.
func TestFlappingLink(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	p := proxy(t, f.addr)
	s := f.syncerVia(p, syncer.Config{BatchSize: 25, MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
		Timeout: time.Second, ProbeInterval: 50 * time.Millisecond})
	s.Start(ctx)
	defer s.Stop()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the flapping link
		defer wg.Done()
		tick := time.NewTicker(150 * time.Millisecond)
		defer tick.Stop()
		up := true
		for {
			select {
			case <-stop:
				p.SetLink(true)
				return
			case <-tick.C:
				up = !up
				p.SetLink(up)
			}
		}
	}()
	for i := 0; i < 400; i++ {
		f.issue(t, 1)
		s.Notify()
	}
	close(stop)
	wg.Wait()
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		n, _ := f.db.OutboxCount(ctx)
		if n == 0 && f.summary(t).Tickets == 400 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not drained: pending %d, central %d", n, f.summary(t).Tickets)
		}
		s.Notify()
		<-tick.C // polling the condition, not timing the result
	}
	if sum := f.summary(t); sum.Changes != 400 {
		t.Fatalf("central recorded %d changes for 400 tickets: something arrived twice", sum.Changes)
	}
}

// A hall clock a day ahead: tickets still number and order by the hall's own day, central
// orders by its own sequence, and reports the skew.
func TestHallClockOffByADay(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	f.db.Now = func() time.Time { return time.Now().Add(24 * time.Hour) }
	f.issue(t, 3)
	s := f.syncer(syncer.Config{})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	sum := f.summary(t)
	if sum.Tickets != 3 || sum.ClockSkewMS == nil {
		t.Fatalf("summary %+v", sum)
	}
	// The push's SentAt comes from the machine clock the syncer reads; the hall store's
	// clock is what is skewed here, so check central kept all three by its own order.
	if sum.Changes != 3 {
		t.Fatalf("changes %d", sum.Changes)
	}
}

// A week offline: 10,000 records queue up; the link returns and drains while the hall keeps
// issuing tickets.
func TestWeekOfflineDrainsWhileIssuing(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000-record drain skipped in -short mode")
	}
	f := newFixture(t)
	const backlog = 10_000
	f.issue(t, backlog)
	s := f.syncer(syncer.Config{MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond})
	if err := s.SyncOnce(ctx); err == nil {
		t.Fatal("sync with central down succeeded")
	}
	f.startCentral(t)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.Start(cctx)
	defer s.Stop()
	extra := 0
	start := time.Now()
	// The hall keeps issuing until the week's backlog has reached central…
	for f.summary(t).Tickets < backlog {
		f.issue(t, 1)
		extra++
		s.Notify()
		if time.Since(start) > 2*time.Minute {
			t.Fatalf("backlog not drained in 2 minutes: central has %d", f.summary(t).Tickets)
		}
	}
	// …then everything left, including what it issued meanwhile, drains too.
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for n, _ := f.db.OutboxCount(ctx); n > 0; n, _ = f.db.OutboxCount(ctx) {
		s.Notify()
		if time.Since(start) > 3*time.Minute {
			t.Fatalf("%d records still pending", n)
		}
		<-tick.C // polling the condition, not timing the result
	}
	t.Logf("drained %d records in %s while issuing %d more", backlog, time.Since(start), extra)
	if sum := f.summary(t); sum.Tickets != backlog+extra || sum.Changes != backlog+extra {
		t.Fatalf("central holds %d tickets / %d changes, want exactly %d", sum.Tickets, sum.Changes, backlog+extra)
	}
	if st := s.Status(); st.Pending != 0 {
		t.Fatalf("status pending %d", st.Pending)
	}
}
