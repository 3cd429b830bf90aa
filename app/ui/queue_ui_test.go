package ui_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// recorder is a Speaker and Chimer that records what it was asked, one at a time.
type recorder struct {
	mu      sync.Mutex
	said    []string
	chimes  int
	active  int
	overlap bool
}

func (r *recorder) Speak(ctx context.Context, text, lang string) error {
	r.mu.Lock()
	r.active++
	if r.active > 1 {
		r.overlap = true
	}
	r.said = append(r.said, lang+":"+text)
	r.mu.Unlock()
	r.mu.Lock()
	r.active--
	r.mu.Unlock()
	return nil
}

func (r *recorder) Chime(ctx context.Context) error {
	r.mu.Lock()
	r.chimes++
	r.mu.Unlock()
	return nil
}

func (r *recorder) Said() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.said...)
}

func TestAnnouncerSerialisesAndDropsRepeats(t *testing.T) {
	rec := &recorder{}
	a := ui.NewAnnouncer(rec, rec, ui.LangHans)
	now := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	a.Now = func() time.Time { return now }
	if !a.Say("请 A001 号到 1 号窗口办理") || a.Say("请 A001 号到 1 号窗口办理") {
		t.Fatal("a repeat within 3 s was not dropped")
	}
	a.Say("请 A002 号到 2 号窗口办理")
	now = now.Add(3 * time.Second)
	if !a.Say("请 A001 号到 1 号窗口办理") {
		t.Fatal("a repeat after 3 s was dropped")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)
	uitest.WaitFor(t, "three announcements", func() bool { s, _ := a.Counts(); return s == 3 })
	got := rec.Said()
	want := []string{"zh-Hans:请 A001 号到 1 号窗口办理", "zh-Hans:请 A002 号到 2 号窗口办理", "zh-Hans:请 A001 号到 1 号窗口办理"}
	if strings.Join(got, "|") != strings.Join(want, "|") || rec.overlap || rec.chimes != 3 {
		t.Fatalf("said %q (overlap %v, chimes %d)", got, rec.overlap, rec.chimes)
	}
	if _, dropped := a.Counts(); dropped != 1 {
		t.Fatalf("dropped %d", dropped)
	}
}

func TestEspeakWritesWAV(t *testing.T) {
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Log("espeak-ng not installed: the board says so in its status line (TestBoardWithoutSpeech)")
		return
	}
	dir := t.TempDir()
	s := &ui.EspeakSpeaker{Bin: bin, WAVDir: dir}
	if err := s.Speak(context.Background(), "请 A012 号到 5 号窗口办理", ui.LangHans); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(s.LastWAV())
	if err != nil || len(b) < 1000 || !bytes.HasPrefix(b, []byte("RIFF")) || string(b[8:12]) != "WAVE" {
		t.Fatalf("WAV %d bytes, %v", len(b), err)
	}
	if c := ui.ChimeWAV(); !bytes.HasPrefix(c, []byte("RIFF")) || len(c) < 20000 {
		t.Fatalf("chime %d bytes", len(c))
	}
	_ = filepath.Join
}

func TestBoardWithoutSpeech(t *testing.T) {
	a := newApp(t)
	f := uitest.NewHall()
	b := ui.NewBoard(a, f, ui.NewLocalizer("zh-Hans"))
	b.SetAnnouncer(ui.NewAnnouncer(nil, nil, ui.LangHans))
	w := test.NewWindow(b.Content())
	defer w.Close()
	b.Start(startCtx(t))
	if got := b.VoiceText(); got != "未安装语音引擎，仅显示叫号" {
		t.Fatalf("voice status %q", got)
	}
	uitest.WaitFor(t, "subscribed", func() bool { return f.Subscriptions.Load() == 1 })
	issue(t, f, "svc-fund")
	f.CallNext(context.Background(), 2)
	uitest.WaitFor(t, "the call shown without speech", func() bool { return b.CurrentText() == "请 E001 号到 2 号窗口办理" && b.Flashing() })
}

func TestBoardFlashesSpeaksAndCountsQueues(t *testing.T) {
	a := newApp(t)
	h := newHall(t)
	rec := &recorder{}
	b := ui.NewBoard(a, h.board, ui.NewLocalizer("zh-Hans"))
	b.SetAnnouncer(ui.NewAnnouncer(rec, rec, ui.LangHans))
	at := time.Date(2026, 11, 26, 1, 30, 5, 0, time.UTC)
	b.SetClock(func() time.Time { return at })
	b.SetFlashDuration(time.Second)
	w := test.NewWindow(b.Content())
	defer w.Close()
	b.Start(startCtx(t))
	if got := b.ClockText(); got != "2026-11-26 09:30:05" {
		t.Fatalf("clock %q, want hall time", got)
	}
	uitest.WaitFor(t, "hall name", func() bool { return b.HallText() == "测试便民服务中心" })
	if b.Flashing() {
		t.Fatal("flashing before any call")
	}
	a1 := issue(t, h.kiosk, h.svcs[0].ID)
	issue(t, h.kiosk, h.svcs[0].ID)
	uitest.WaitFor(t, "waiting counts", func() bool {
		return strings.Contains(b.WaitingText(), "A ") && strings.Contains(b.WaitingText(), " 2 人")
	})
	h.counter.CallNext(context.Background(), 5)
	want := "请 " + a1.Number + " 号到 5 号窗口办理"
	uitest.WaitFor(t, "the call flashing", func() bool { return b.CurrentText() == want && b.Flashing() })
	uitest.WaitFor(t, "spoken", func() bool { s := rec.Said(); return len(s) == 1 && s[0] == "zh-Hans:"+want })
	uitest.WaitFor(t, "one fewer waiting", func() bool { return strings.Contains(b.WaitingText(), " 1 人") })
	// A recall within 3 s is shown again but not spoken twice.
	if _, err := h.counter.(app.QueueService).Recall(context.Background(), mustCurrent(t, h, 5)); err != nil {
		t.Fatal(err)
	}
	uitest.WaitFor(t, "the flash goes out", func() bool { return !b.Flashing() })
	if n := len(rec.Said()); n != 1 {
		t.Fatalf("spoken %d times, want the repeat dropped", n)
	}
}

func mustCurrent(t *testing.T, h hall, win int) string {
	calls, err := h.board.(app.QueueService).RecentCalls(context.Background(), 1)
	if err != nil || len(calls) == 0 || calls[0].Window != win {
		t.Fatalf("current at %d: %v %v", win, calls, err)
	}
	return calls[0].ID
}

// TestBoardCatchesUpAfterHubRestart: the hub process goes away and comes back on the same
// address with the same store (its event memory empty); a call made while it was down
// shows on the board without a restart of the board.
func TestBoardCatchesUpAfterHubRestart(t *testing.T) {
	a := newApp(t)
	h := hubtest.New(t)
	board := h.HTTPClient(app.RoleBoard)
	kiosk, counter := h.Client(app.RoleKiosk), h.Client(app.RoleCounter)
	svcs, _ := kiosk.Services(context.Background())
	b := ui.NewBoard(a, board, ui.NewLocalizer("zh-Hans"))
	b.SetAnnouncer(ui.NewAnnouncer(&recorder{}, nil, ui.LangHans))
	w := test.NewWindow(b.Content())
	defer w.Close()
	b.Start(startCtx(t))
	issue(t, kiosk, svcs[0].ID)
	issue(t, kiosk, svcs[0].ID)
	counter.CallNext(context.Background(), 1)
	uitest.WaitFor(t, "first call", func() bool { return b.CurrentText() == "请 A001 号到 1 号窗口办理" })

	addr := strings.TrimPrefix(h.URL(), "http://")
	h.Server.Close()
	uitest.WaitFor(t, "hub down shown", func() bool { return b.LinkText() == "大厅服务器未连接" })
	// While it is down, a call is made straight at the store (as the restarted hub will
	// have it in its file).
	if _, _, err := h.DB.CallNext(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	srv := hub.NewServer(hub.NewHall(h.DB), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Open(addr); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	uitest.WaitFor(t, "the missed call after the restart", func() bool { return b.CurrentText() == "请 A002 号到 7 号窗口办理" })
	if got := b.RecentTexts(); len(got) != 1 || got[0] != "A001  1 号窗口" {
		t.Fatalf("recent %q", got)
	}
}

func TestCounterToolbar(t *testing.T) {
	a := newApp(t)
	h := newHall(t)
	c := ui.NewCounter(a, h.counter, ui.NewLocalizer("zh-Hans"), 2)
	w := test.NewWindow(c.Content())
	defer w.Close()
	c.Bind(w)
	c.Start(startCtx(t))
	key := func(k fyne.KeyName) { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	idle := func() bool { return !c.Busy() }

	for k, want := range map[string]string{"F3": "重呼 (F3)", "F4": "过号 (F4)", "F5": "挂起 (F5)", "F6": "转移 (F6)",
		"F7": "退回队列 (F7)", "F8": "指定叫号 (F8)", "F9": "暂停窗口 (F9)"} {
		if got := c.ToolbarButtons()[k].Text; got != want {
			t.Errorf("button %s says %q, want %q", k, got, want)
		}
	}
	s0, s1 := h.svcs[0], h.other(t, h.svcs[0])
	t1 := issue(t, h.kiosk, s0.ID)
	t2 := issue(t, h.kiosk, s0.ID)
	t3 := issue(t, h.kiosk, s1.ID)

	key(fyne.KeyF1)
	uitest.WaitFor(t, "t1 called", func() bool { return c.NumberText() == t1.Number && idle() })
	for i := 1; i <= app.DefaultRecallLimit; i++ {
		key(fyne.KeyF3)
		uitest.WaitFor(t, "recalled", func() bool { return strings.HasPrefix(c.StatusText(), "已重呼 "+t1.Number) && idle() })
	}
	key(fyne.KeyF3)
	uitest.WaitFor(t, "recall limit message", func() bool { return c.StatusText() == "已达重呼次数上限，可标记过号" && idle() })
	key(fyne.KeyF4)
	uitest.WaitFor(t, "no-show", func() bool { return c.StatusText() == t1.Number+" 已过号" && c.NumberText() == "—" && idle() })

	// Call by number (F8), hold (F5), resume (F5).
	c.TypeNumber(strings.ToLower(t3.Number))
	key(fyne.KeyF8)
	uitest.WaitFor(t, "t3 called by number", func() bool { return c.NumberText() == t3.Number && idle() })
	key(fyne.KeyF5)
	uitest.WaitFor(t, "held", func() bool { return c.StatusText() == t3.Number+" 已挂起" && idle() })
	if got := c.ToolbarButtons()["F5"].Text; got != "恢复 "+t3.Number+" (F5)" {
		t.Errorf("hold button %q", got)
	}
	key(fyne.KeyF5)
	uitest.WaitFor(t, "resumed", func() bool { return c.NumberText() == t3.Number && idle() })

	// Finish with an outcome chosen.
	c.SetOutcome(app.OutcomeReferred)
	key(fyne.KeyF2)
	uitest.WaitFor(t, "finished", func() bool { return c.StatusText() == t3.Number+" 已办结" && idle() })
	tk, _ := h.counter.(app.QueueService).RecentCalls(context.Background(), 5)
	var outcome app.Outcome
	for _, x := range tk {
		if x.ID == t3.ID {
			outcome = x.Outcome
		}
	}
	if outcome != app.OutcomeReferred {
		t.Fatalf("outcome stored %q", outcome)
	}

	// Transfer (F6) to the chosen queue, then return (F7).
	key(fyne.KeyF1)
	uitest.WaitFor(t, "t2 called", func() bool { return c.NumberText() == t2.Number && idle() })
	key(fyne.KeyF10)
	uitest.WaitFor(t, "queues loaded", func() bool { return len(c.StatsRows()) > 2 })
	c.ChooseTransferQueue(s1.Queue)
	key(fyne.KeyF6)
	uitest.WaitFor(t, "transferred", func() bool { return strings.HasPrefix(c.StatusText(), t2.Number+" 已转到 "+s1.Queue) && idle() })
	key(fyne.KeyF1)
	uitest.WaitFor(t, "t2 called again", func() bool { return c.NumberText() == t2.Number && idle() })
	key(fyne.KeyF7)
	uitest.WaitFor(t, "returned", func() bool { return c.StatusText() == t2.Number+" 已退回队列" && idle() })

	// Pause (F9): calls are refused; reopen.
	key(fyne.KeyF9)
	uitest.WaitFor(t, "paused", func() bool { return c.StatusText() == "本窗口已暂停叫号" && idle() })
	key(fyne.KeyF1)
	uitest.WaitFor(t, "call refused", func() bool { return c.StatusText() == "当前状态不允许此操作，请刷新后重试" && idle() })
	key(fyne.KeyF9)
	uitest.WaitFor(t, "reopened", func() bool { return c.StatusText() == "本窗口已开放" && idle() })

	key(fyne.KeyF10)
	uitest.WaitFor(t, "figures", func() bool {
		r := c.StatsRows()
		return len(r) > 1 && r[0][1] == "取号" && r[1][0] == "全部" && r[1][1] == "3" && r[1][2] == "1" && r[1][3] == "1"
	})
}

// TestScreenshotsQueue renders the counter with its full toolbar and stats panel, and the
// board with a flashing call and 8 recent calls.
func TestScreenshotsQueue(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR to render screens")
	}
	a := newApp(t)
	h := newHall(t)
	ctx := startCtx(t)
	b := ui.NewBoard(a, h.board, ui.NewLocalizer("zh-Hans"))
	b.SetAnnouncer(ui.NewAnnouncer(&recorder{}, nil, ui.LangHans))
	b.SetFlashDuration(time.Minute)
	bw := test.NewWindow(b.Content())
	defer bw.Close()
	bw.Resize(fyne.NewSize(1280, 720))
	b.Start(ctx)
	c := ui.NewCounter(a, h.counter, ui.NewLocalizer("zh-Hans"), 3)
	cw := test.NewWindow(c.Content())
	defer cw.Close()
	cw.Resize(fyne.NewSize(1280, 800))
	c.Start(ctx)
	uitest.WaitFor(t, "board ready", func() bool { return b.HallText() == "测试便民服务中心" })
	for i := 0; i < 14; i++ {
		issue(t, h.kiosk, h.svcs[(i*7)%len(h.svcs)].ID)
	}
	for i := 0; i < 9; i++ {
		if _, err := h.counter.CallNext(context.Background(), 1+i%8); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.counter.(app.QueueService).PauseWindow(context.Background(), 8, true); err != nil {
		t.Fatal(err)
	}
	test.Tap(c.CallButton())
	uitest.WaitFor(t, "counter called", func() bool { return c.NumberText() != "—" && !c.Busy() })
	uitest.WaitFor(t, "paused window on the board", func() bool { return b.StateText() != "" })
	c.RefreshStats()
	uitest.WaitFor(t, "figures", func() bool { return len(c.StatsRows()) > 3 })
	uitest.WaitFor(t, "board full", func() bool {
		return len(b.RecentTexts()) == ui.BoardRecent && b.Flashing() && strings.Contains(b.WaitingText(), "人")
	})
	uitest.WritePNG(t, cw, dir, "counter-toolbar.png")
	uitest.WritePNG(t, bw, dir, "board-flash.png")
}
