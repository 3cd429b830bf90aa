package sqlite_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/sqlite"
	"servicehall/assets"
)

var ctx = context.Background()

// openHall opens a new store in a temp folder and sets up hall TC01 with the seed catalogue.
func openHall(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.EnsureHall(ctx, app.Hall{Code: "TC01", Name: "通川区东城街道便民服务中心"}, assets.Catalogue); err != nil {
		t.Fatal(err)
	}
	return db
}

// serviceIn returns the ID of the first service of queue q, or of any queue if q is "".
func serviceIn(t testing.TB, db *sqlite.DB, q string) app.Service {
	t.Helper()
	list, err := db.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if q == "" || s.Queue == q {
			return s
		}
	}
	t.Fatalf("no service in queue %q", q)
	return app.Service{}
}

func issue(t testing.TB, db *sqlite.DB, svc string, p app.Priority) app.Ticket {
	t.Helper()
	tk, err := db.IssueTicket(ctx, app.IssueRequest{ServiceID: svc, Priority: p})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func pending(t testing.TB, db *sqlite.DB) int {
	t.Helper()
	n, err := db.OutboxCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenMigratesOnceAndChecksWAL(t *testing.T) {
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	for i := 0; i < 2; i++ {
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		v, err := db.SchemaVersion()
		if err != nil || v < 1 {
			t.Fatalf("schema version %d, %v", v, err)
		}
		if s, err := db.IntegrityCheck(ctx); err != nil || s != "ok" {
			t.Fatalf("integrity %q %v", s, err)
		}
		db.Close()
	}
}

func TestNewHallHasCatalogueAndEightWindows(t *testing.T) {
	db := openHall(t)
	svcs, err := db.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) < 12 {
		t.Fatalf("%d services, want ≥ 12", len(svcs))
	}
	queues := map[string]bool{}
	for _, s := range svcs {
		if s.ID == "" || s.Name == "" || s.NameEN == "" || s.Department == "" || s.Queue == "" {
			t.Fatalf("incomplete service %+v", s)
		}
		queues[s.Queue] = true
	}
	for n := 1; n <= app.DefaultWindows; n++ {
		w, err := db.Window(ctx, n)
		if err != nil {
			t.Fatalf("window %d: %v", n, err)
		}
		if len(w.Queues) != len(queues) {
			t.Fatalf("window %d serves %v, want all %d queues", n, w.Queues, len(queues))
		}
	}
	if _, err := db.Window(ctx, app.DefaultWindows+1); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("window 9: %v, want not found", err)
	}
	// A data folder belongs to one hall for life.
	if err := db.EnsureHall(ctx, app.Hall{Code: "TC99"}, assets.Catalogue); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("reopen as another hall: %v, want conflict", err)
	}
}

func TestIssueNumbersPerQueueAndWritesOutbox(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	b := serviceIn(t, db, "B")
	t1 := issue(t, db, a.ID, app.PriorityNormal)
	t2 := issue(t, db, a.ID, app.PriorityNormal)
	t3 := issue(t, db, b.ID, app.PriorityNormal)
	if t1.Number != "A001" || t2.Number != "A002" || t3.Number != "B001" {
		t.Fatalf("numbers %s %s %s, want A001 A002 B001", t1.Number, t2.Number, t3.Number)
	}
	if t1.WaitingAhead != 0 || t2.WaitingAhead != 1 || t3.WaitingAhead != 0 {
		t.Fatalf("ahead %d %d %d, want 0 1 0", t1.WaitingAhead, t2.WaitingAhead, t3.WaitingAhead)
	}
	if n := pending(t, db); n != 3 {
		t.Fatalf("outbox holds %d rows, want 3", n)
	}
	batch, err := db.OutboxBatch(ctx, 10)
	if err != nil || len(batch) != 3 || batch[0].RecordID != t1.ID || batch[0].Kind != app.KindTicket || batch[0].Version != 1 {
		t.Fatalf("outbox batch %+v %v", batch, err)
	}
}

func TestBadIssueStoresNothing(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	for _, req := range []app.IssueRequest{
		{ServiceID: "no-such-service"},
		{ServiceID: ""},
		{ServiceID: a.ID, Priority: "vip"},
	} {
		if _, err := db.IssueTicket(ctx, req); err == nil {
			t.Fatalf("%+v accepted", req)
		}
	}
	if n := pending(t, db); n != 0 {
		t.Fatalf("refused requests left %d outbox rows", n)
	}
	if tk := issue(t, db, a.ID, ""); tk.Number != "A001" || tk.Priority != app.PriorityNormal {
		t.Fatalf("first good ticket %s %s: refused ones took a number", tk.Number, tk.Priority)
	}
}

func TestNumberingResetsAtHallMidnightNotUTC(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	sh := app.LoadLocation("Asia/Shanghai")
	at := func(s string) func() time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, sh)
		if err != nil {
			t.Fatal(err)
		}
		return func() time.Time { return tm }
	}
	db.Now = at("2026-11-26 23:58")
	issue(t, db, a.ID, "")
	db.Now = at("2026-11-26 23:59") // 15:59 UTC: same hall day
	late := issue(t, db, a.ID, "")
	db.Now = at("2026-11-27 00:01") // 16:01 UTC on 26 Nov: a new hall day
	early := issue(t, db, a.ID, "")
	if late.Number != "A002" || late.Day != "2026-11-26" {
		t.Fatalf("23:59 ticket %s on %s", late.Number, late.Day)
	}
	if early.Number != "A001" || early.Day != "2026-11-27" {
		t.Fatalf("00:01 ticket %s on %s, want A001 on 2026-11-27", early.Number, early.Day)
	}
	// Yesterday's waiting tickets are not called today.
	c, _, err := db.CallNext(ctx, 1)
	if err != nil || c == nil || c.ID != early.ID {
		t.Fatalf("call after midnight got %+v %v, want today's %s", c, err, early.Number)
	}
}

func TestCallNextOrder(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	b := serviceIn(t, db, "B")
	nb := issue(t, db, b.ID, app.PriorityNormal) // oldest, but in the window's second queue
	na := issue(t, db, a.ID, app.PriorityNormal)
	gb := issue(t, db, b.ID, app.PriorityGreen) // green goes first, whatever the queue
	if gb.WaitingAhead != 0 {
		t.Fatalf("green ticket has %d ahead, want 0", gb.WaitingAhead)
	}
	var got []string
	for {
		c, _, err := db.CallNext(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if c == nil {
			break
		}
		if c.Status != app.TicketCalled || c.Window != 1 || c.CalledAt == nil || c.Version != 2 {
			t.Fatalf("called ticket %+v", c)
		}
		got = append(got, c.Number)
	}
	want := []string{gb.Number, na.Number, nb.Number}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("call order %v, want %v", got, want)
	}
}

func TestCallNextFinishesTheWindowsCurrentTicket(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	t1 := issue(t, db, a.ID, "")
	t2 := issue(t, db, a.ID, "")
	c1, f, err := db.CallNext(ctx, 3)
	if err != nil || c1.ID != t1.ID || f != nil {
		t.Fatalf("first call %+v finished %+v %v", c1, f, err)
	}
	c2, f, err := db.CallNext(ctx, 3)
	if err != nil || c2.ID != t2.ID || f == nil || f.ID != t1.ID || f.Status != app.TicketDone {
		t.Fatalf("second call %+v finished %+v %v", c2, f, err)
	}
	done, err := db.FinishTicket(ctx, c2.ID)
	if err != nil || done.Status != app.TicketDone || done.FinishedAt == nil {
		t.Fatalf("finish %+v %v", done, err)
	}
	if _, err := db.FinishTicket(ctx, c2.ID); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("finish twice: %v, want conflict", err)
	}
	if _, err := db.FinishTicket(ctx, "nope"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("finish unknown: %v", err)
	}
	c, f, err := db.CallNext(ctx, 3)
	if c != nil || f != nil || err != nil {
		t.Fatalf("empty queue: %+v %+v %v", c, f, err)
	}
	// issue 2 + call 2 + finish-by-call 1 + finish 1
	if n := pending(t, db); n != 6 {
		t.Fatalf("outbox %d rows, want 6", n)
	}
}

func TestConcurrentCallersNeverShareATicket(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	const n = 120
	for i := 0; i < n; i++ {
		issue(t, db, a.ID, "")
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for w := 1; w <= 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				c, _, err := db.CallNext(ctx, w)
				if err != nil {
					t.Error(err)
					return
				}
				if c == nil {
					return
				}
				mu.Lock()
				seen[c.ID]++
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d distinct tickets called, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Fatalf("ticket %s called %d times", id, k)
		}
	}
}

func TestOutboxAckAndReject(t *testing.T) {
	db := openHall(t)
	a := serviceIn(t, db, "A")
	for i := 0; i < 5; i++ {
		issue(t, db, a.ID, "")
	}
	batch, _ := db.OutboxBatch(ctx, 3)
	if len(batch) != 3 || batch[0].Seq >= batch[1].Seq {
		t.Fatalf("batch %+v", batch)
	}
	if err := db.OutboxAck(ctx, []int64{batch[0].Seq, batch[1].Seq, batch[1].Seq}); err != nil {
		t.Fatal(err)
	}
	if err := db.OutboxReject(ctx, batch[2].Seq, "bad"); err != nil {
		t.Fatal(err)
	}
	if n := pending(t, db); n != 2 {
		t.Fatalf("pending %d, want 2", n)
	}
	if n, _ := db.DeadLetterCount(ctx); n != 1 {
		t.Fatalf("dead letters %d, want 1", n)
	}
	next, _ := db.OutboxBatch(ctx, 10)
	if len(next) != 2 || next[0].Seq <= batch[2].Seq {
		t.Fatalf("remaining %+v", next)
	}
}

func TestTerminalAddedByAnotherProcessIsHonouredAtOnce(t *testing.T) {
	db := openHall(t)
	other, err := sqlite.Open(db.Path) // like `hallhub terminal add` while the hub runs
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	term, tok, err := other.AddTerminal(ctx, "win-1", app.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.TerminalByToken(ctx, tok)
	if err != nil || got.ID != term.ID || got.Role != app.RoleCounter {
		t.Fatalf("lookup %+v %v", got, err)
	}
	if _, err := db.TerminalByToken(ctx, tok+"x"); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Fatalf("wrong token: %v", err)
	}
	if _, _, err := db.AddTerminal(ctx, "x", "cashier"); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("bad role: %v", err)
	}
}

func BenchmarkIssueTicket(b *testing.B) {
	db := openHall(b)
	a := serviceIn(b, db, "A")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.IssueTicket(ctx, app.IssueRequest{ServiceID: a.ID}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCallNext10k calls one ticket while 10,000 wait, then issues one back, so the
// queue stays at 10,000.
func BenchmarkCallNext10k(b *testing.B) {
	db := openHall(b)
	svcs, _ := db.Services(ctx)
	for i := 0; i < 10000; i++ {
		s := svcs[i%len(svcs)]
		if _, err := db.IssueTicket(ctx, app.IssueRequest{ServiceID: s.ID}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, _, err := db.CallNext(ctx, 1+i%8)
		if err != nil || c == nil {
			b.Fatal(c, err)
		}
		b.StopTimer()
		if _, err := db.IssueTicket(ctx, app.IssueRequest{ServiceID: c.ServiceID}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
