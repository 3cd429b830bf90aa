package hub_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/hubtest"
)

func fieldOf(err error) string {
	if e, ok := err.(*app.Error); ok {
		return e.Field
	}
	return ""
}

// TestConcurrentCallersOverHTTP: 16 windows calling at once through the real HTTP API on a
// real database never get the same ticket, and every ticket is called exactly once.
func TestConcurrentCallersOverHTTP(t *testing.T) {
	h := hubtest.New(t)
	kiosk := h.HTTPClient(app.RoleKiosk)
	svcs, _ := kiosk.Services(ctx)
	const n = 300
	issued := map[string]bool{}
	for i := 0; i < n; i++ {
		tk, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[i%len(svcs)].ID})
		if err != nil {
			t.Fatal(err)
		}
		issued[tk.ID] = true
	}
	// 16 windows (8 more than the default hall has), each with its own terminal.
	if err := h.DB.EnsureWindows(ctx, 16); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := 1; w <= 16; w++ {
		c := h.HTTPClient(app.RoleCounter)
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			<-start
			for {
				tk, err := c.CallNext(ctx, w)
				if err != nil {
					t.Error(err)
					return
				}
				if tk == nil {
					return
				}
				mu.Lock()
				seen[tk.ID]++
				mu.Unlock()
			}
		}(w)
	}
	close(start)
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d distinct tickets called, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 || !issued[id] {
			t.Fatalf("ticket %s called %d times (issued: %v)", id, k, issued[id])
		}
	}
}

func TestQueueActionsOverHTTP(t *testing.T) {
	h := hubtest.New(t)
	kiosk, counter, admin := h.HTTPClient(app.RoleKiosk), h.HTTPClient(app.RoleCounter), h.HTTPClient(app.RoleAdmin)
	board := h.HTTPClient(app.RoleBoard)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events, err := board.Subscribe(sctx)
	if err != nil {
		t.Fatal(err)
	}
	svc := firstService(t, kiosk)
	t1, _ := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svc.ID})
	t2, _ := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svc.ID, Priority: app.PriorityGreen})

	c, err := counter.CallTicket(ctx, 4, app.CallRequest{Ticket: t1.Number})
	if err != nil || c.ID != t1.ID || c.Window != 4 {
		t.Fatalf("call specific %+v %v", c, err)
	}
	if r, err := counter.Recall(ctx, c.ID); err != nil || r.Recalls != 1 {
		t.Fatalf("recall %+v %v", r, err)
	}
	if _, err := counter.NoShow(ctx, c.ID); app.ErrorCode(err) != app.ECONFLICT || fieldOf(err) != app.FieldRecalls {
		t.Fatalf("early no-show %v", err)
	}
	if hd, err := counter.Hold(ctx, c.ID); err != nil || hd.Status != app.TicketHeld {
		t.Fatalf("hold %+v %v", hd, err)
	}
	if rs, err := counter.Resume(ctx, c.ID); err != nil || rs.Status != app.TicketCalled {
		t.Fatalf("resume %+v %v", rs, err)
	}
	if tr, err := counter.Transfer(ctx, c.ID, app.TransferRequest{Window: 2}); err != nil || tr.ForWindow != 2 {
		t.Fatalf("transfer %+v %v", tr, err)
	}
	if c2, err := counter.CallNext(ctx, 2); err != nil || c2.ID != t1.ID {
		t.Fatalf("window 2 calls the transferred ticket first: %+v %v", c2, err)
	}
	if f, err := counter.FinishWith(ctx, t1.ID, app.OutcomeWithdrawn); err != nil || f.Outcome != app.OutcomeWithdrawn {
		t.Fatalf("finish %+v %v", f, err)
	}
	if p, err := counter.SetPriority(ctx, t2.ID, app.PriorityNormal); err != nil || p.Priority != app.PriorityNormal {
		t.Fatalf("priority %+v %v", p, err)
	}
	if w, err := counter.PauseWindow(ctx, 3, true); err != nil || !w.Paused {
		t.Fatalf("pause %+v %v", w, err)
	}
	if _, err := counter.CallNext(ctx, 3); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("paused window called: %v", err)
	}
	if rt, err := counter.ReturnToQueue(ctx, t1.ID); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("return a finished ticket: %+v %v", rt, err)
	}
	if err := kiosk.PrintFailed(ctx, t2.ID, "paper out"); err != nil {
		t.Fatal(err)
	}
	st, err := counter.StatsToday(ctx)
	if err != nil || st.Total.Issued != 2 || st.Total.Served != 1 {
		t.Fatalf("stats %+v %v", st, err)
	}
	if _, err := kiosk.StatsToday(ctx); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Fatalf("kiosk read stats: %v", err)
	}
	qs, err := board.QueueStatus(ctx)
	if err != nil || len(qs) == 0 {
		t.Fatalf("queue status %v %v", qs, err)
	}
	calls, err := board.RecentCalls(ctx, 8)
	if err != nil || len(calls) != 1 || calls[0].ID != t1.ID {
		t.Fatalf("recent calls %+v %v", calls, err)
	}

	// Rules: only an admin changes them; a cap gives a distinct field the kiosk can show.
	rules, err := kiosk.Rules(ctx)
	if err != nil || rules.RecallLimit != app.DefaultRecallLimit || rules.TimeZone != "Asia/Shanghai" {
		t.Fatalf("rules %+v %v", rules, err)
	}
	rules.Queues = []app.QueueRules{{Queue: svc.Queue, DailyCap: 2}}
	if _, err := counter.SetRules(ctx, rules); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Fatalf("counter set rules: %v", err)
	}
	if _, err := admin.SetRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	_, err = kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svc.ID})
	if app.ErrorCode(err) != app.ECONFLICT || fieldOf(err) != app.FieldDailyCap {
		t.Fatalf("past the cap: %v", err)
	}
	bad := rules
	bad.RecallLimit = -1
	if _, err := admin.SetRules(ctx, bad); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("bad rules: %v", err)
	}

	// Bookings: admin creates, kiosk checks in (bookings pass the cap: booked in advance).
	if _, err := kiosk.AddBooking(ctx, app.BookingRequest{ServiceID: svc.ID, BookedAt: time.Now()}); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Fatalf("kiosk add booking: %v", err)
	}
	bk, err := admin.AddBooking(ctx, app.BookingRequest{ServiceID: svc.ID, BookedAt: time.Now().Add(10 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	ci, err := kiosk.CheckIn(ctx, app.CheckInRequest{Code: bk.Code})
	if err != nil || ci.BookingID != bk.ID {
		t.Fatalf("check-in %+v %v", ci, err)
	}
	if _, err := kiosk.CheckIn(ctx, app.CheckInRequest{IDNumber: "123"}); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("bad ID: %v", err)
	}

	// Every action reached the live stream.
	want := map[string]bool{app.EventTicketRecalled: false, app.EventTicketHeld: false, app.EventTicketResumed: false,
		app.EventTicketTransferred: false, app.EventTicketPriority: false, app.EventWindowPaused: false,
		app.EventPrintFailed: false, app.EventRulesChanged: false}
	deadline := time.After(5 * time.Second)
	for missing := len(want); missing > 0; {
		select {
		case e := <-events:
			if seen, ok := want[e.Type]; ok && !seen {
				want[e.Type] = true
				missing--
			}
		case <-deadline:
			t.Fatalf("events not seen: %v", want)
		}
	}
}

// BenchmarkSSEFanout200: 200 board clients subscribed over HTTP; one call; the time until
// the last of them has it.
func BenchmarkSSEFanout200(b *testing.B) {
	h := hubtest.New(b)
	kiosk, counter := h.Client(app.RoleKiosk), h.Client(app.RoleCounter)
	svcs, _ := kiosk.Services(ctx)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	const clients = 200
	chans := make([]<-chan app.Event, clients)
	tok := h.Token(app.RoleBoard)
	for i := range chans {
		ch, err := hub.NewClient(h.URL(), tok).Subscribe(sctx)
		if err != nil {
			b.Fatal(err)
		}
		chans[i] = ch
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[0].ID}); err != nil {
			b.Fatal(err)
		}
		for _, ch := range chans { // drain the issued event
			<-ch
		}
		b.StartTimer()
		start := time.Now()
		if _, err := counter.CallNext(ctx, 1); err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, ch := range chans {
			wg.Add(1)
			go func(ch <-chan app.Event) {
				defer wg.Done()
				for e := range ch {
					if e.Type == app.EventTicketCalled {
						return
					}
				}
			}(ch)
		}
		wg.Wait()
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkSimulatedDay: a 10-hour day of 3,000 tickets at 30 windows, as fast as the
// hub goes: kiosks issue, 30 windows call next (finishing the previous) over HTTP.
// Reports tickets/s (issue + call + finish each).
func BenchmarkSimulatedDay(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		h := hubtest.New(b)
		if err := h.DB.EnsureWindows(ctx, 30); err != nil {
			b.Fatal(err)
		}
		kiosk := h.Client(app.RoleKiosk)
		svcs, _ := kiosk.Services(ctx)
		b.StartTimer()
		start := time.Now()
		const tickets = 3000
		var wg sync.WaitGroup
		issued := make(chan struct{}, tickets)
		for k := 0; k < 4; k++ { // four kiosks
			wg.Add(1)
			go func(k int) {
				defer wg.Done()
				for j := k; j < tickets; j += 4 {
					if _, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[j%len(svcs)].ID}); err != nil {
						b.Error(err)
						return
					}
					issued <- struct{}{}
				}
			}(k)
		}
		var mu sync.Mutex
		called := 0
		for w := 1; w <= 30; w++ {
			c := h.Client(app.RoleCounter)
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for {
					mu.Lock()
					done := called >= tickets
					mu.Unlock()
					if done {
						c.CallNext(ctx, w) // finishes the last one
						return
					}
					t, err := c.CallNext(ctx, w)
					if err != nil {
						b.Error(err)
						return
					}
					if t != nil {
						mu.Lock()
						called++
						mu.Unlock()
					} else {
						select { // wait for the next issue instead of spinning
						case <-issued:
						case <-time.After(5 * time.Millisecond):
						}
					}
				}
			}(w)
		}
		wg.Wait()
		el := time.Since(start)
		b.ReportMetric(float64(tickets)/el.Seconds(), "tickets/s")
	}
}

// BenchmarkCallNextHTTP10k20q: call-next over HTTP with 10,000 waiting over 20 queues
// (p99 reported); each call is replaced by a new ticket so the queue stays full.
func BenchmarkCallNextHTTP10k20q(b *testing.B) {
	h := hubtest.New(b)
	var queues []string // one service per queue
	seen := map[string]bool{}
	svcs, _ := h.DB.Services(ctx)
	for _, s := range svcs {
		if !seen[s.Queue] {
			seen[s.Queue] = true
			queues = append(queues, s.ID)
		}
	}
	for i := len(queues); i < 20; i++ {
		code := fmt.Sprintf("Q%02d", i)
		s := app.Service{ID: "bench-" + code, Code: "BENCH" + code, Name: "基准事项 " + code}
		if err := h.DB.AddQueue(ctx, app.Queue{Code: code, Prefix: code, Name: "基准队列 " + code}, s); err != nil {
			b.Fatal(err)
		}
		queues = append(queues, s.ID)
	}
	counter := h.Client(app.RoleCounter)
	for i := 0; i < 10000; i++ {
		if _, err := h.DB.IssueTicket(ctx, app.IssueRequest{ServiceID: queues[i%len(queues)]}); err != nil {
			b.Fatal(err)
		}
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		c, err := counter.CallNext(ctx, 1+i%8)
		lat = append(lat, time.Since(start))
		if err != nil || c == nil {
			b.Fatal(c, err)
		}
		b.StopTimer()
		if _, err := h.DB.IssueTicket(ctx, app.IssueRequest{ServiceID: c.ServiceID}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}
