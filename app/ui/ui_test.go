package ui_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
	"servicehall/assets"
)

// The hub's HTTP client replays missed events to a reconnecting screen.
var _ ui.Resumer = (*hub.Client)(nil)

// newApp returns a test app drawing with servicehall's theme.
func newApp(t *testing.T) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	return a
}

func TestThemeFont(t *testing.T) {
	th := ui.NewTheme()
	for _, s := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}} {
		if f := th.Font(s); !bytes.Equal(f.Content(), assets.FontRegular) {
			t.Errorf("Font(%+v) = %s, want the bundled CJK font", s, f.Name())
		}
	}
	if c := th.Color(theme.ColorNamePrimary, theme.VariantLight); c != ui.PrimaryColor {
		t.Errorf("primary = %v, want %v", c, ui.PrimaryColor)
	}
}

func TestLinkStatus(t *testing.T) {
	newApp(t)
	s := ui.NewLinkStatus(ui.NewLocalizer("zh-Hans"))
	if got := s.Text(); got != "正在检查连接…" {
		t.Errorf("before Set: %q", got)
	}
	last := time.Date(2020, 1, 2, 1, 30, 0, 0, time.UTC) // 09:30 in Shanghai, long ago
	s.Set(app.Health{Link: app.LinkDown, Pending: 12, LastSync: &last})
	if got, want := s.Text(), "离线 · 待上传 12 条 · 上次同步 2020-01-02 09:30"; got != want {
		t.Errorf("down: %q, want %q", got, want)
	}
	now := time.Now()
	s.Set(app.Health{Link: app.LinkUp, LastSync: &now})
	want := "在线 · 待上传 0 条 · 上次同步 " + now.In(app.LoadLocation("Asia/Shanghai")).Format("15:04")
	if got := s.Text(); got != want {
		t.Errorf("up: %q, want %q", got, want)
	}
	s.Set(app.Health{Link: app.LinkSyncing, Pending: 3})
	if got := s.Text(); got != "同步中 · 待上传 3 条 · 尚未同步" {
		t.Errorf("syncing: %q", got)
	}
	s.Set(app.Health{Link: app.LinkUnconfigured, Pending: 3})
	if got := s.Text(); got != "未配置中心 · 待上传 3 条" {
		t.Errorf("unconfigured: %q", got)
	}
	s.SetHubDown()
	if got := s.Text(); got != "大厅服务器未连接" {
		t.Errorf("hub down: %q", got)
	}
	s.SetLocalizer(ui.NewLocalizer("en"))
	if got := s.Text(); got != "Hall server unreachable" {
		t.Errorf("hub down in English: %q", got)
	}
}

func TestQRImage(t *testing.T) {
	newApp(t)
	img := ui.QRImage(app.TicketQRPayload("TC01", app.Ticket{ID: "0192f3a4-0000-7000-8000-000000000001", Number: "A001"}), 200)
	if img.Image == nil {
		t.Fatal("no QR bitmap")
	}
	if b := img.Image.Bounds(); b.Dx() < 21 || b.Dx() != b.Dy() {
		t.Errorf("QR bitmap %v: want a square of at least 21 modules", b)
	}
	if ms := img.MinSize(); ms.Width != 200 || ms.Height != 200 {
		t.Errorf("min size %v", ms)
	}
	if ui.QRImage(strings.Repeat("x", 5000), 100).Image != nil {
		t.Error("an unencodable payload should give an empty image, not a panic")
	}
}

// hall is a real test hub (SQLite file, HTTP on loopback) with a client for each role.
type hall struct {
	code                  string
	kiosk, counter, board app.HallService
	svcs                  []app.Service
}

func newHall(t *testing.T) hall {
	t.Helper()
	h := hubtest.New(t)
	hl := hall{code: h.HallCode(), kiosk: h.Client(app.RoleKiosk), counter: h.Client(app.RoleCounter), board: h.Client(app.RoleBoard)}
	var err error
	if hl.svcs, err = hl.kiosk.Services(context.Background()); err != nil || len(hl.svcs) < 2 {
		t.Fatalf("test hub catalogue: %d services, %v", len(hl.svcs), err)
	}
	return hl
}

// other returns a service of another queue than s.
func (h hall) other(t *testing.T, s app.Service) app.Service {
	t.Helper()
	for _, o := range h.svcs {
		if o.Queue != s.Queue {
			return o
		}
	}
	t.Fatal("the test catalogue has one queue only")
	return app.Service{}
}

func startCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

func issue(t *testing.T, svc app.HallService, serviceID string) app.Ticket {
	t.Helper()
	tk, err := svc.IssueTicket(context.Background(), app.IssueRequest{ServiceID: serviceID})
	if err != nil {
		t.Fatalf("issue %s: %v", serviceID, err)
	}
	return tk
}

func TestCounterCallAndFinish(t *testing.T) {
	a := newApp(t)
	h := newHall(t)
	c := ui.NewCounter(a, h.counter, ui.NewLocalizer("zh-Hans"), 1)
	w := test.NewWindow(c.Content())
	defer w.Close()
	c.Bind(w)
	c.Start(startCtx(t))

	// Nobody waits yet: the clerk is told so.
	test.Tap(c.CallButton())
	uitest.WaitFor(t, "暂无等候", func() bool { return c.ServiceText() == "暂无等候" && !c.Busy() })
	if c.CurrentNumber() != "" {
		t.Errorf("current = %q with nobody waiting", c.CurrentNumber())
	}
	if !c.FinishButton().Disabled() {
		t.Error("finish is enabled with no ticket")
	}

	// Two citizens take numbers at a kiosk; the counter sees them waiting.
	s0 := h.svcs[0]
	first := issue(t, h.kiosk, s0.ID)
	second := issue(t, h.kiosk, s0.ID)
	uitest.WaitFor(t, "等候 2 人", func() bool { return c.WaitingText() == "等候 2 人" })

	// The call button calls the first.
	test.Tap(c.CallButton())
	uitest.WaitFor(t, "the first called", func() bool { return c.NumberText() == first.Number })
	uitest.WaitFor(t, "its service", func() bool { return c.ServiceText() == s0.Name })
	if got, want := c.StatusText(), "已叫号 "+first.Number; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	uitest.WaitFor(t, "等候 1 人", func() bool { return c.WaitingText() == "等候 1 人" })

	// F2 finishes it, F1 calls the next.
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF2})
	uitest.WaitFor(t, "the first finished", func() bool { return c.StatusText() == first.Number+" 已办结" && !c.Busy() })
	if c.NumberText() != "—" {
		t.Errorf("number after finish = %q", c.NumberText())
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1})
	uitest.WaitFor(t, "the second called", func() bool { return c.NumberText() == second.Number })
	uitest.WaitFor(t, "等候 0 人", func() bool { return c.WaitingText() == "等候 0 人" })
	uitest.WaitFor(t, "the link status", func() bool { return strings.HasPrefix(c.LinkText(), "未配置中心") })
}

func TestCounterHubDown(t *testing.T) {
	a := newApp(t)
	f := uitest.NewHall()
	f.Unreachable.Store(true)
	c := ui.NewCounter(a, f, ui.NewLocalizer("zh-Hans"), 2)
	w := test.NewWindow(c.Content())
	defer w.Close()
	c.Start(startCtx(t))

	test.Tap(c.CallButton())
	uitest.WaitFor(t, "a translated error", func() bool {
		return c.StatusText() == "暂时无法连接大厅服务器，请稍后重试" && !c.Busy()
	})
	uitest.WaitFor(t, "hub down in the link status", func() bool { return c.LinkText() == "大厅服务器未连接" })

	// The hub comes back: the screen works again without a restart.
	f.Unreachable.Store(false)
	issue(t, f, "svc-licence")
	test.Tap(c.CallButton())
	uitest.WaitFor(t, "C001 called", func() bool { return c.NumberText() == "C001" })
	uitest.WaitFor(t, "link back", func() bool { return strings.HasPrefix(c.LinkText(), "在线") })
}

func TestBoardShowsCalls(t *testing.T) {
	a := newApp(t)
	h := newHall(t)
	b := ui.NewBoard(a, h.board, ui.NewLocalizer("zh-Hans"))
	w := test.NewWindow(b.Content())
	defer w.Close()
	if got := b.CurrentText(); got != "请留意叫号" {
		t.Errorf("before any call: %q", got)
	}
	b.Start(startCtx(t))
	uitest.WaitFor(t, "hall name", func() bool { return b.HallText() == "测试便民服务中心" })

	// A kiosk issues, a counter calls: the board hears it from the hub's live stream.
	a1 := issue(t, h.kiosk, h.svcs[0].ID)
	b1 := issue(t, h.kiosk, h.other(t, h.svcs[0]).ID)
	if a1.Number != "A001" {
		t.Fatalf("first ticket of the day is %s", a1.Number)
	}
	if _, err := h.counter.CallNext(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	uitest.WaitFor(t, "the first call", func() bool { return b.CurrentText() == "请 A001 号到 1 号窗口办理" })

	if _, err := h.counter.CallNext(context.Background(), 3); err != nil {
		t.Fatal(err)
	}
	want := "请 " + b1.Number + " 号到 3 号窗口办理"
	uitest.WaitFor(t, want, func() bool { return b.CurrentText() == want })
	if got := b.RecentTexts(); len(got) != 1 || got[0] != "A001  1 号窗口" {
		t.Errorf("recent = %q", got)
	}
}

func TestBoardResubscribes(t *testing.T) {
	a := newApp(t)
	f := uitest.NewHall()
	b := ui.NewBoard(a, f, ui.NewLocalizer("zh-Hans"))
	w := test.NewWindow(b.Content())
	defer w.Close()
	b.Start(startCtx(t))
	uitest.WaitFor(t, "subscribed", func() bool { return f.Subscriptions.Load() == 1 })

	f.EndStreams() // the connection drops
	uitest.WaitFor(t, "subscribed again", func() bool { return f.Subscriptions.Load() == 2 })

	issue(t, f, "svc-fund")
	if _, err := f.CallNext(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	uitest.WaitFor(t, "a call after reconnecting", func() bool { return b.CurrentText() == "请 E001 号到 5 号窗口办理" })

	// A call made while the board is disconnected is replayed when it reconnects.
	f.RefuseStreams.Store(true)
	refused := f.Refused.Load()
	f.EndStreams()
	uitest.WaitFor(t, "a refused reconnect", func() bool { return f.Refused.Load() > refused })
	issue(t, f, "svc-fund")
	if _, err := f.CallNext(context.Background(), 6); err != nil {
		t.Fatal(err)
	}
	f.RefuseStreams.Store(false)
	uitest.WaitFor(t, "the missed call", func() bool { return b.CurrentText() == "请 E002 号到 6 号窗口办理" })
	if got := b.LinkText(); !strings.HasPrefix(got, "在线") {
		t.Errorf("link after reconnecting = %q", got)
	}

	// The link status follows sync.status events.
	last := time.Now()
	f.SetHealth(app.Health{Hall: "TC01", HallName: "测试市政务服务中心", Link: app.LinkDown, Pending: 7, LastSync: &last})
	uitest.WaitFor(t, "offline shown", func() bool { return strings.HasPrefix(b.LinkText(), "离线 · 待上传 7 条") })
}

// TestScreenshots renders the counter and the board to PNG files for a person to look at.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR to render screens")
	}
	a := newApp(t)
	h := newHall(t)
	ctx := startCtx(t)

	c := ui.NewCounter(a, h.counter, ui.NewLocalizer("zh-Hans"), 3)
	cw := test.NewWindow(c.Content())
	defer cw.Close()
	cw.Resize(fyne.NewSize(1024, 640))
	c.Start(ctx)

	b := ui.NewBoard(a, h.board, ui.NewLocalizer("zh-Hans"))
	bw := test.NewWindow(b.Content())
	defer bw.Close()
	bw.Resize(fyne.NewSize(1280, 720))
	b.Start(ctx)
	uitest.WaitFor(t, "board ready", func() bool { return b.HallText() == "测试便民服务中心" })
	uitest.WaitFor(t, "counter ready", func() bool { return strings.HasPrefix(c.LinkText(), "未配置中心") })

	// Seven visitors of the first queue; five windows call before window 3 does.
	s0 := h.svcs[0]
	for range 7 {
		issue(t, h.kiosk, s0.ID)
	}
	for _, win := range []int{1, 2, 4, 5, 6} {
		if _, err := h.counter.CallNext(context.Background(), win); err != nil {
			t.Fatal(err)
		}
	}
	test.Tap(c.CallButton())
	uitest.WaitFor(t, "counter called", func() bool { return c.NumberText() == "A006" && c.ServiceText() == s0.Name && !c.Busy() })
	uitest.WaitFor(t, "board shows the counter's call", func() bool { return b.CurrentText() == "请 A006 号到 3 号窗口办理" })
	uitest.WaitFor(t, "waiting count", func() bool { return c.WaitingText() == "等候 1 人" })

	uitest.WritePNG(t, cw, dir, "counter-called.png")
	uitest.WritePNG(t, bw, dir, "board.png")

	acceptScreenshots(t, dir) // accept_test.go
}
