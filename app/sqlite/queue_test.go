package sqlite_test

import (
	"strings"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/sqlite"
)

func code(err error) string { return app.ErrorCode(err) }

func field(err error) string {
	if e, ok := err.(*app.Error); ok {
		return e.Field
	}
	return ""
}

func shanghai(t testing.TB, s string) func() time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, app.LoadLocation("Asia/Shanghai"))
	if err != nil {
		t.Fatal(err)
	}
	return func() time.Time { return tm }
}

func TestRecallLimitThenNoShowThenReturn(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	tk := issue(t, db, a.ID, "")
	c, _, _ := db.CallNext(ctx, 1)
	if _, err := db.NoShow(ctx, c.ID); code(err) != app.ECONFLICT || field(err) != app.FieldRecalls {
		t.Fatalf("no-show before recalls: %v", err)
	}
	for i := 1; i <= app.DefaultRecallLimit; i++ {
		r, err := db.Recall(ctx, c.ID)
		if err != nil || r.Recalls != i {
			t.Fatalf("recall %d: %+v %v", i, r, err)
		}
	}
	if _, err := db.Recall(ctx, c.ID); code(err) != app.ECONFLICT || field(err) != app.FieldRecallLimit {
		t.Fatalf("recall past limit: %v", err)
	}
	ns, err := db.NoShow(ctx, tk.Number) // by number works too
	if err != nil || ns.Status != app.TicketNoShow {
		t.Fatalf("no-show: %+v %v", ns, err)
	}
	back, err := db.ReturnToQueue(ctx, ns.ID)
	if err != nil || back.Status != app.TicketWaiting || back.Window != 0 {
		t.Fatalf("return: %+v %v", back, err)
	}
	again, _, err := db.CallNext(ctx, 2)
	if err != nil || again == nil || again.ID != tk.ID {
		t.Fatalf("call after return %+v %v", again, err)
	}
	// A rule change: recall limit 0 allows a no-show at once.
	r, _ := db.Rules(ctx)
	r.RecallLimit = 0
	if _, err := db.SetRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NoShow(ctx, tk.ID); err != nil {
		t.Fatalf("no-show with limit 0: %v", err)
	}
}

func TestTransferKeepsOriginalTime(t *testing.T) {
	db := openHall(t)
	a, b := serviceIn(t, db, "A"), serviceIn(t, db, "B")
	early := issue(t, db, a.ID, "")
	c, _, _ := db.CallNext(ctx, 1)
	b1 := issue(t, db, b.ID, "") // came after the transferred one
	tr, err := db.Transfer(ctx, c.ID, app.TransferRequest{Queue: "B"})
	if err != nil || tr.Queue != "B" || tr.Status != app.TicketWaiting {
		t.Fatalf("transfer: %+v %v", tr, err)
	}
	// Window 2 serving B only would call the transferred ticket before B001.
	next, _, err := db.CallNext(ctx, 2)
	if err != nil || next.ID != early.ID {
		t.Fatalf("after transfer got %v, want %s before %s (%v)", next, early.Number, b1.Number, err)
	}
	// To one window: only that window calls it, ahead of its queues.
	if _, err := db.Transfer(ctx, next.ID, app.TransferRequest{Window: 5}); err != nil {
		t.Fatal(err)
	}
	if c, _, _ := db.CallNext(ctx, 3); c == nil || c.ID != b1.ID {
		t.Fatalf("window 3 got %+v, want %s", c, b1.Number)
	}
	if c, _, _ := db.CallNext(ctx, 5); c == nil || c.ID != early.ID {
		t.Fatalf("window 5 got %+v, want the transferred %s", c, early.Number)
	}
	for _, bad := range []app.TransferRequest{{}, {Queue: "ZZ"}, {Window: 99}, {Queue: "A", Window: 1}} {
		if _, err := db.Transfer(ctx, early.ID, bad); err == nil {
			t.Errorf("transfer %+v accepted", bad)
		}
	}
}

func TestHoldResumeCallSpecificPauseFinishOutcome(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	t1, t2, t3 := issue(t, db, a.ID, ""), issue(t, db, a.ID, ""), issue(t, db, a.ID, "")
	c, _, _ := db.CallNext(ctx, 1)
	h, err := db.Hold(ctx, c.ID)
	if err != nil || h.Status != app.TicketHeld || h.Window != 1 {
		t.Fatalf("hold %+v %v", h, err)
	}
	// Out of order: the third by its number.
	sp, fin, err := db.CallTicket(ctx, 1, t3.Number)
	if err != nil || sp.ID != t3.ID || fin != nil {
		t.Fatalf("call specific %+v %+v %v", sp, fin, err)
	}
	if _, err := db.Resume(ctx, t1.ID); code(err) != app.ECONFLICT {
		t.Fatalf("resume while the window serves another: %v", err)
	}
	done, err := db.FinishWith(ctx, t3.ID, app.OutcomeAccepted)
	if err != nil || done.Outcome != app.OutcomeAccepted || done.Status != app.TicketDone {
		t.Fatalf("finish %+v %v", done, err)
	}
	if _, err := db.FinishWith(ctx, t1.ID, "lost"); code(err) != app.EINVALID {
		t.Fatalf("bad outcome: %v", err)
	}
	r, err := db.Resume(ctx, t1.ID)
	if err != nil || r.Status != app.TicketCalled || r.Window != 1 {
		t.Fatalf("resume %+v %v", r, err)
	}
	if _, _, err := db.CallTicket(ctx, 2, t3.ID); code(err) != app.ECONFLICT {
		t.Fatalf("calling a finished ticket: %v", err)
	}
	w, err := db.PauseWindow(ctx, 2, true)
	if err != nil || !w.Paused {
		t.Fatalf("pause %+v %v", w, err)
	}
	if _, _, err := db.CallNext(ctx, 2); code(err) != app.ECONFLICT {
		t.Fatalf("call at paused window: %v", err)
	}
	if _, _, err := db.CallTicket(ctx, 2, t2.ID); code(err) != app.ECONFLICT {
		t.Fatalf("call specific at paused window: %v", err)
	}
	if _, err := db.PauseWindow(ctx, 2, false); err != nil {
		t.Fatal(err)
	}
	if c, _, err := db.CallNext(ctx, 2); err != nil || c.ID != t2.ID {
		t.Fatalf("reopened window: %+v %v", c, err)
	}
	if _, err := db.PauseWindow(ctx, 42, true); code(err) != app.ENOTFOUND {
		t.Fatalf("pause unknown: %v", err)
	}
	g, err := db.SetPriority(ctx, t2.ID, app.PriorityGreen)
	if err != nil || g.Priority != app.PriorityGreen {
		t.Fatalf("priority %+v %v", g, err)
	}
}

func TestIssuingHoursAndDailyCapInHallTime(t *testing.T) {
	t.Setenv("TZ", "UTC")
	db := openHall(t)
	a := serviceIn(t, db, "A")
	r, _ := db.Rules(ctx)
	r.Queues = []app.QueueRules{{Queue: "A", Opens: "08:30", Closes: "17:00", DailyCap: 2}}
	if _, err := db.SetRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	db.Now = shanghai(t, "2026-11-26 08:29") // 00:29 UTC
	if _, err := db.IssueTicket(ctx, app.IssueRequest{ServiceID: a.ID}); code(err) != app.ECONFLICT || field(err) != app.FieldIssuingHours {
		t.Fatalf("before hours: %v", err)
	}
	db.Now = shanghai(t, "2026-11-26 08:30")
	issue(t, db, a.ID, "")
	issue(t, db, a.ID, "")
	_, err := db.IssueTicket(ctx, app.IssueRequest{ServiceID: a.ID})
	if code(err) != app.ECONFLICT || field(err) != app.FieldDailyCap {
		t.Fatalf("past the cap: %v", err)
	}
	st, _ := db.QueueStatus(ctx)
	for _, s := range st {
		if s.Queue == "A" && (s.Issuing || s.Waiting != 2) {
			t.Fatalf("queue A status %+v", s)
		}
	}
	db.Now = shanghai(t, "2026-11-27 08:31") // a new hall day: the cap starts again
	if tk := issue(t, db, a.ID, ""); tk.Number != "A001" {
		t.Fatalf("next day %s", tk.Number)
	}
	db.Now = shanghai(t, "2026-11-27 17:00")
	if _, err := db.IssueTicket(ctx, app.IssueRequest{ServiceID: a.ID}); field(err) != app.FieldIssuingHours {
		t.Fatalf("at closing: %v", err)
	}
	for _, bad := range []app.HallRules{
		{TimeZone: "Mars/Base", RecallLimit: 1},
		{RecallLimit: -1},
		{Queues: []app.QueueRules{{Queue: "A", Opens: "18:00", Closes: "09:00"}}},
		{Queues: []app.QueueRules{{Queue: "NOPE"}}},
		{Queues: []app.QueueRules{{Queue: "A", DailyCap: -3}}},
	} {
		if _, err := db.SetRules(ctx, bad); code(err) != app.EINVALID {
			t.Errorf("rules %+v: %v", bad, err)
		}
	}
}

func TestMidnightClearOrKeep(t *testing.T) {
	t.Setenv("TZ", "UTC")
	for _, keep := range []bool{false, true} {
		db := openHall(t)
		a := serviceIn(t, db, "A")
		r, _ := db.Rules(ctx)
		r.KeepOvernight = keep
		if _, err := db.SetRules(ctx, r); err != nil {
			t.Fatal(err)
		}
		db.Now = shanghai(t, "2026-11-26 23:59")
		late := issue(t, db, a.ID, "")
		db.Now = shanghai(t, "2026-11-27 00:01")
		early := issue(t, db, a.ID, "")
		if late.Day != "2026-11-26" || early.Day != "2026-11-27" || early.Number != "A001" {
			t.Fatalf("days %s %s, number %s", late.Day, early.Day, early.Number)
		}
		c, _, err := db.CallNext(ctx, 1)
		if err != nil || c == nil {
			t.Fatal(c, err)
		}
		old, _ := db.Ticket(ctx, late.ID)
		if keep {
			if c.ID != late.ID || old.Status != app.TicketCalled {
				t.Fatalf("keep: called %s, yesterday's is %s", c.Number, old.Status)
			}
		} else if c.ID != early.ID || old.Status != app.TicketExpired {
			t.Fatalf("clear: called %s, yesterday's is %s", c.Number, old.Status)
		}
	}
}

func validID(t testing.TB) string {
	s17 := "11010519491231002"
	return s17 + string(app.IDCheckChar(s17))
}

func TestBookingCheckIn(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	db.Now = shanghai(t, "2026-11-26 09:40")
	walkIn := issue(t, db, a.ID, "")
	id := validID(t)
	booked := shanghai(t, "2026-11-26 10:00")()
	bk, err := db.AddBooking(ctx, app.BookingRequest{ServiceID: a.ID, BookedAt: booked, IDNumber: id})
	if err != nil || bk.Code == "" || bk.IDMasked != app.MaskID(id) || bk.Day != "2026-11-26" {
		t.Fatalf("booking %+v %v", bk, err)
	}
	// No clear ID number at rest.
	var n int
	if err := sqlite.DBRaw(db).QueryRow(`SELECT COUNT(*) FROM bookings WHERE id_hash LIKE ? OR id_masked = ? OR code = ?`, "%"+id+"%", id, id).Scan(&n); err != nil || n != 0 {
		t.Fatalf("clear ID number stored (%d) %v", n, err)
	}
	bad := id[:17] + "0"
	if bad == id {
		bad = id[:17] + "1"
	}
	if _, err := db.AddBooking(ctx, app.BookingRequest{ServiceID: a.ID, BookedAt: booked, IDNumber: bad}); code(err) != app.EINVALID {
		t.Fatalf("bad check digit: %v", err)
	}
	if _, err := db.CheckIn(ctx, app.CheckInRequest{IDNumber: bad}); code(err) != app.EINVALID {
		t.Fatalf("check-in bad id: %v", err)
	}
	db.Now = shanghai(t, "2026-11-26 09:20")
	if _, err := db.CheckIn(ctx, app.CheckInRequest{Code: bk.Code}); field(err) != app.FieldTooEarly {
		t.Fatalf("early: %v", err)
	}
	db.Now = shanghai(t, "2026-11-26 09:50")
	walkIn2 := issue(t, db, a.ID, "")
	db.Now = shanghai(t, "2026-11-26 09:55")
	tk, err := db.CheckIn(ctx, app.CheckInRequest{IDNumber: strings.ToLower(id)})
	if err != nil || tk.BookingID != bk.ID || tk.WaitingAhead != 2 {
		t.Fatalf("check-in %+v %v", tk, err)
	}
	walkIn3 := issue(t, db, a.ID, "") // 09:55 < booked 10:00: goes before the booking
	again, err := db.CheckIn(ctx, app.CheckInRequest{Code: bk.Code})
	if err != nil || again.ID != tk.ID {
		t.Fatalf("second check-in issued %+v %v, want the same ticket", again, err)
	}
	var order []string
	for {
		c, _, _ := db.CallNext(ctx, 1)
		if c == nil {
			break
		}
		order = append(order, c.ID)
	}
	want := []string{walkIn.ID, walkIn2.ID, walkIn3.ID, tk.ID}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Fatalf("order %v, want walk-ins before 10:00 then the 10:00 booking", order)
	}
	late, _ := db.AddBooking(ctx, app.BookingRequest{ServiceID: a.ID, BookedAt: shanghai(t, "2026-11-26 09:00")(), Code: "B-77"})
	if _, err := db.CheckIn(ctx, app.CheckInRequest{Code: late.Code}); field(err) != app.FieldTooLate {
		t.Fatalf("late: %v", err)
	}
	if _, err := db.AddBooking(ctx, app.BookingRequest{ServiceID: a.ID, BookedAt: booked, Code: "B-77"}); code(err) != app.ECONFLICT {
		t.Fatalf("duplicate code: %v", err)
	}
	if _, err := db.CheckIn(ctx, app.CheckInRequest{Code: "nope"}); code(err) != app.ENOTFOUND {
		t.Fatalf("unknown code: %v", err)
	}
}

func TestStatsEstimateAndPrintFailure(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	base := shanghai(t, "2026-11-26 09:00")()
	at := func(min int) { db.Now = func() time.Time { return base.Add(time.Duration(min) * time.Minute) } }
	at(0)
	t1 := issue(t, db, a.ID, "")
	t2 := issue(t, db, a.ID, "")
	issue(t, db, a.ID, "")
	at(10)
	db.CallNext(ctx, 1) // t1 waited 10
	at(16)
	db.CallNext(ctx, 1) // t1 served 6 (finished by the call), t2 waited 16
	at(20)
	if _, err := db.FinishWith(ctx, t2.ID, app.OutcomeReferred); err != nil { // t2 served 4
		t.Fatal(err)
	}
	st, err := db.StatsToday(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Day != "2026-11-26" || st.Total.Issued != 3 || st.Total.Served != 2 || st.Total.AvgWaitSec != 13*60 || st.Total.P90WaitSec != 16*60 ||
		st.Total.AvgServiceSec != 5*60 || st.Total.P90ServiceSec != 6*60 {
		t.Fatalf("stats %+v", st)
	}
	if len(st.Windows) != 1 || st.Windows[0].Window != 1 || st.Windows[0].Served != 2 || len(st.Queues) != 1 {
		t.Fatalf("per window/queue %+v", st)
	}
	// One waits; mean service 5 min over 8 open windows serving A → 1 minute (rounded up).
	qs, _ := db.QueueStatus(ctx)
	for _, s := range qs {
		if s.Queue == "A" && (s.Waiting != 1 || s.OpenWindows != 8 || s.EstimatedMinutes != 1) {
			t.Fatalf("queue A %+v", s)
		}
	}
	for n := 2; n <= 8; n++ {
		db.PauseWindow(ctx, n, true)
	}
	tk := issue(t, db, a.ID, "") // two ahead × 5 min ÷ 1 window
	if tk.WaitingAhead != 1 || tk.EstimatedWaitMin != 5 {
		t.Fatalf("estimate on the ticket: ahead %d, %d min", tk.WaitingAhead, tk.EstimatedWaitMin)
	}
	if err := db.PrintFailed(ctx, t1.ID, "paper out"); err != nil {
		t.Fatal(err)
	}
	if err := db.PrintFailed(ctx, "nope", "x"); code(err) != app.ENOTFOUND {
		t.Fatalf("unknown ticket: %v", err)
	}
	if n, _ := db.PrintFailures(ctx); n != 1 {
		t.Fatalf("print failures %d", n)
	}
	calls, _ := db.RecentCalls(ctx, 8)
	if len(calls) != 2 || calls[0].ID != t2.ID {
		t.Fatalf("recent calls %+v", calls)
	}
}
