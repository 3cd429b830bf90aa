package kiosk

import (
	"context"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// fakeTimer stands in for the return-home timer: the test fires it.
type fakeTimer struct {
	mu    sync.Mutex
	d     time.Duration
	f     func()
	armed int
}

func (ft *fakeTimer) after(d time.Duration, f func()) func() bool {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	ft.d, ft.f = d, f
	ft.armed++
	return func() bool { return true }
}

// fire runs the last armed timer's function as the timer's goroutine would.
func (ft *fakeTimer) fire(t *testing.T) {
	t.Helper()
	ft.mu.Lock()
	f := ft.f
	ft.mu.Unlock()
	if f == nil {
		t.Fatal("no return-home timer armed")
	}
	f()
}

// printer records print calls and fails the first failures of them.
type printer struct {
	mu       sync.Mutex
	failures int
	calls    []app.Ticket
}

func (p *printer) Print(ctx context.Context, t app.Ticket, s app.Service) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, t)
	if len(p.calls) <= p.failures {
		return errors.New("printer: out of paper")
	}
	return nil
}

func (p *printer) Calls() []app.Ticket {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.calls)
}

type rig struct {
	k     *Kiosk
	w     fyne.Window
	timer *fakeTimer
}

// start builds a kiosk on svc in a test window, with a fake return-home timer, and
// starts it.
func start(t *testing.T, svc app.HallService, opts Options) rig {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	k := New(a, svc, ui.NewLocalizer("zh-Hans"), opts)
	ft := &fakeTimer{}
	k.after = ft.after
	w := test.NewWindow(k.Content())
	t.Cleanup(w.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if got := k.MessageText(); got != "正在加载…" {
		t.Errorf("before Start the kiosk says %q, want the loading placeholder", got)
	}
	k.Start(ctx)
	return rig{k: k, w: w, timer: ft}
}

// services lists the hub's catalogue as a terminal sees it.
func services(t *testing.T, svc app.HallService) []app.Service {
	t.Helper()
	list, err := svc.Services(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("the test hub has an empty catalogue")
	}
	return list
}

func (r rig) waitTiles(t *testing.T, n int) {
	t.Helper()
	uitest.WaitFor(t, "the service tiles", func() bool { return len(r.k.TileTexts()) == n })
}

// tap taps the i-th service tile's button as a finger would.
func (r rig) tap(i int) {
	var b fyne.Tappable
	r.k.read(func() { b = r.k.tiles[i].btn })
	test.Tap(b)
}

var ticketNumber = regexp.MustCompile(`^[A-Z]\d{3,}$`)

func TestTakeTicket(t *testing.T) {
	hall := hubtest.New(t)
	kioskSvc := hall.Client(app.RoleKiosk)
	list := services(t, kioskSvc)
	p := &printer{}
	r := start(t, kioskSvc, Options{HallCode: hall.HallCode(), Print: p.Print})
	r.waitTiles(t, len(list))
	if got := r.k.TileTexts()[0]; got != list[0].Name {
		t.Errorf("first tile = %q, want %q", got, list[0].Name)
	}
	uitest.WaitFor(t, "the hall's name", func() bool { return r.k.HallText() == "测试便民服务中心" })

	r.tap(0)
	uitest.WaitFor(t, "the ticket screen", func() bool { return r.k.Screen() == ScreenTicket })
	num := r.k.TicketNumber()
	if !ticketNumber.MatchString(num) {
		t.Fatalf("ticket number %q", num)
	}
	if got := r.k.ServiceText(); got != list[0].Name {
		t.Errorf("service = %q, want %q", got, list[0].Name)
	}
	if got := r.k.AheadText(); got != "前面还有 0 人" {
		t.Errorf("ahead = %q", got)
	}
	want := app.TicketQRPayload(hall.HallCode(), app.Ticket{Number: num, ID: r.k.TicketID()})
	if got := r.k.QRPayload(); got != want || r.k.TicketID() == "" {
		t.Errorf("QR = %q, want %q", got, want)
	}
	uitest.WaitFor(t, "printed", func() bool { return r.k.PrintState() == PrintDone })
	if got := r.k.PrintText(); got != "号票已打印，请取走" {
		t.Errorf("print status = %q", got)
	}
	if calls := p.Calls(); len(calls) != 1 || calls[0].Number != num {
		t.Errorf("print calls = %+v", calls)
	}
	if r.k.CanReprint() {
		t.Error("reprint offered after a good print")
	}

	// The ticket is real: a window calls it.
	called, err := hall.Client(app.RoleCounter).CallNext(context.Background(), 1)
	if err != nil || called == nil || called.Number != num {
		t.Fatalf("CallNext = %+v, %v; want %s", called, err, num)
	}

	// A second visitor's ticket counts the first as ahead only while it waits: issue two more.
	test.Tap(r.k.homeBtn)
	if r.k.Screen() != ScreenHome || r.k.TicketNumber() != "" {
		t.Fatalf("home button: screen %s, number %q", r.k.Screen(), r.k.TicketNumber())
	}
	r.tap(0)
	uitest.WaitFor(t, "second ticket", func() bool { return r.k.Screen() == ScreenTicket })
	r.k.GoHome()
	r.tap(0)
	uitest.WaitFor(t, "third ticket", func() bool { return r.k.Screen() == ScreenTicket })
	if got := r.k.AheadText(); !regexp.MustCompile(`^前面还有 1 人，预计等候 \d+ 分钟$`).MatchString(got) {
		t.Errorf("third ticket: ahead = %q", got)
	}
}

func TestDoubleTapIssuesOnce(t *testing.T) {
	hall := hubtest.New(t)
	held := uitest.Hold(hall.Client(app.RoleKiosk))
	r := start(t, held, Options{HallCode: hall.HallCode()})
	r.waitTiles(t, len(services(t, held)))

	r.tap(0)
	uitest.WaitFor(t, "the request in flight", func() bool { return held.Waiting.Load() == 1 })
	if got := r.k.MessageText(); got != "正在取号，请稍候…" {
		t.Errorf("while issuing: %q", got)
	}
	r.tap(0) // an impatient second tap, same tile
	r.tap(1) // and another tile
	held.Release()
	uitest.WaitFor(t, "the ticket screen", func() bool { return r.k.Screen() == ScreenTicket })
	r.tap(0) // a tap that lands on a tile after the ticket screen showed
	if n := held.Issues.Load(); n != 1 {
		t.Errorf("%d issue requests, want 1", n)
	}

	counter := hall.Client(app.RoleCounter)
	first, err := counter.CallNext(context.Background(), 1)
	if err != nil || first == nil || first.Number != r.k.TicketNumber() {
		t.Fatalf("first call = %+v, %v; kiosk shows %s", first, err, r.k.TicketNumber())
	}
	if next, err := counter.CallNext(context.Background(), 1); err != nil || next != nil {
		t.Errorf("a second ticket was issued: %+v, %v", next, err)
	}
}

func TestPrintFailureOffersReprint(t *testing.T) {
	hall := hubtest.New(t)
	p := &printer{failures: 1}
	r := start(t, hall.Client(app.RoleKiosk), Options{HallCode: hall.HallCode(), Print: p.Print})
	r.waitTiles(t, len(services(t, hall.Client(app.RoleKiosk))))

	r.tap(0)
	uitest.WaitFor(t, "print failure", func() bool { return r.k.PrintState() == PrintFailed })
	num := r.k.TicketNumber()
	if !ticketNumber.MatchString(num) {
		t.Fatalf("the ticket is lost: number %q", num)
	}
	if got := r.k.PrintText(); got != "号票打印失败，请记住您的号码或扫描二维码" {
		t.Errorf("print status = %q", got)
	}
	if !r.k.CanReprint() || r.k.QRPayload() == "" {
		t.Fatalf("after a failure: reprint %v, QR %q", r.k.CanReprint(), r.k.QRPayload())
	}
	armed := r.timer.armed
	test.Tap(r.k.reprint)
	uitest.WaitFor(t, "reprinted", func() bool { return r.k.PrintState() == PrintDone })
	calls := p.Calls()
	if len(calls) != 2 || calls[0].ID != calls[1].ID || calls[1].Number != num {
		t.Errorf("print calls = %+v, want the same ticket twice", calls)
	}
	if r.k.CanReprint() {
		t.Error("reprint still offered after a good print")
	}
	if r.timer.armed != armed+1 {
		t.Error("a reprint should give the visitor the full time again")
	}
}

func TestNoPrinter(t *testing.T) {
	f := uitest.NewHall()
	r := start(t, f, Options{HallCode: f.HallCode()})
	r.waitTiles(t, len(uitest.Services))
	r.tap(2)
	uitest.WaitFor(t, "ticket", func() bool { return r.k.Screen() == ScreenTicket })
	if r.k.PrintState() != PrintNone || r.k.PrintText() != "本机未配置打印机，请记住您的号码或扫描二维码" {
		t.Errorf("no printer: %s %q", r.k.PrintState(), r.k.PrintText())
	}
	if r.k.TicketNumber() != "B001" || r.k.ServiceText() != "社会保障卡业务" {
		t.Errorf("ticket %q for %q", r.k.TicketNumber(), r.k.ServiceText())
	}
}

func TestReturnsHomeByItself(t *testing.T) {
	f := uitest.NewHall()
	p := &printer{}
	r := start(t, f, Options{HallCode: f.HallCode(), Print: p.Print})
	r.waitTiles(t, len(uitest.Services))
	test.Tap(r.k.langBtns[ui.LangEN])

	r.tap(0)
	uitest.WaitFor(t, "ticket", func() bool { return r.k.Screen() == ScreenTicket })
	if r.timer.d != DefaultReturnHome {
		t.Errorf("timer set to %v, want %v", r.timer.d, DefaultReturnHome)
	}
	if got := r.k.AheadText(); got != "0 people ahead of you" {
		t.Errorf("ahead in English = %q", got)
	}
	r.timer.fire(t)
	if r.k.Screen() != ScreenHome {
		t.Fatal("the timer did not return home")
	}
	if r.k.TicketNumber() != "" || r.k.QRPayload() != "" || r.k.ServiceText() != "" {
		t.Errorf("the last visitor's ticket is still on screen: %q %q %q", r.k.TicketNumber(), r.k.QRPayload(), r.k.ServiceText())
	}
	if r.k.Lang() != ui.LangHans || r.k.TileTexts()[0] != uitest.Services[0].Name {
		t.Errorf("the next visitor gets %s %q, want the hall's language", r.k.Lang(), r.k.TileTexts()[0])
	}

	// A stale timer from an earlier ticket does not cut the next visitor short.
	r.tap(1)
	uitest.WaitFor(t, "ticket", func() bool { return r.k.Screen() == ScreenTicket })
	stale := r.timer.f
	test.Tap(r.k.homeBtn)
	r.tap(1)
	uitest.WaitFor(t, "another ticket", func() bool { return r.k.Screen() == ScreenTicket })
	stale()
	if r.k.Screen() != ScreenTicket {
		t.Error("a stale timer sent the visitor home")
	}
}

func TestLanguageSwitch(t *testing.T) {
	f := uitest.NewHall()
	r := start(t, f, Options{HallCode: f.HallCode()})
	r.waitTiles(t, len(uitest.Services))
	names := func(en bool) []string {
		var out []string
		for _, s := range uitest.Services {
			out = append(out, map[bool]string{false: s.Name, true: s.NameEN}[en])
		}
		return out
	}
	if got := r.k.TileTexts(); !slices.Equal(got, names(false)) {
		t.Errorf("zh-Hans tiles = %q", got)
	}
	uitest.WaitFor(t, "the link status", func() bool { return strings.HasPrefix(r.k.LinkText(), "在线") })
	test.Tap(r.k.langBtns[ui.LangEN])
	if got := r.k.TileTexts(); !slices.Equal(got, names(true)) {
		t.Errorf("English tiles = %q", got)
	}
	if got := r.k.title.Text; got != "Choose a service" {
		t.Errorf("English title = %q", got)
	}
	if !strings.HasPrefix(r.k.LinkText(), "Online") {
		t.Errorf("English link status = %q", r.k.LinkText())
	}
	test.Tap(r.k.langBtns[ui.LangHant])
	if got := r.k.title.Text; got != "請選擇辦理事項" {
		t.Errorf("zh-Hant title = %q", got)
	}
	test.Tap(r.k.langBtns[ui.LangHans])
	if got := r.k.TileTexts(); !slices.Equal(got, names(false)) || r.k.title.Text != "请选择办理事项" {
		t.Errorf("back to zh-Hans: %q %q", r.k.title.Text, got)
	}
}

func TestHubUnreachable(t *testing.T) {
	f := uitest.NewHall()
	f.Unreachable.Store(true)
	r := start(t, f, Options{HallCode: f.HallCode()})
	uitest.WaitFor(t, "a translated error", func() bool { return r.k.MessageText() == "暂时无法连接大厅服务器，请稍后重试" })
	uitest.WaitFor(t, "hub down in the footer", func() bool { return r.k.LinkText() == "大厅服务器未连接" })
	if !r.k.retryBox.Visible() {
		t.Fatal("no retry button")
	}

	f.Unreachable.Store(false)
	test.Tap(r.k.retry)
	r.waitTiles(t, len(uitest.Services))
	if got := r.k.MessageText(); got != "" {
		t.Errorf("message after loading = %q", got)
	}

	// The hub goes away between loading and the tap: the visitor is told, and can try again.
	f.Unreachable.Store(true)
	r.tap(0)
	uitest.WaitFor(t, "issue error", func() bool { return r.k.MessageText() == "暂时无法连接大厅服务器，请稍后重试" })
	if r.k.Screen() != ScreenHome {
		t.Fatal("left home without a ticket")
	}
	f.Unreachable.Store(false)
	r.tap(0)
	uitest.WaitFor(t, "ticket after the hub returned", func() bool { return r.k.TicketNumber() == "A001" })
}

// TestScreenshots renders the kiosk's screens to PNG files for a person to look at.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR to render screens")
	}
	hall := hubtest.New(t)
	svc := hall.Client(app.RoleKiosk)
	list := services(t, svc)
	r := start(t, svc, Options{HallCode: hall.HallCode(), Print: (&printer{failures: 1}).Print})
	r.w.Resize(fyne.NewSize(900, 1200))
	r.waitTiles(t, len(list))
	uitest.WaitFor(t, "the hall's name", func() bool { return r.k.HallText() == "测试便民服务中心" })
	uitest.WaitFor(t, "link status", func() bool { return !strings.HasPrefix(r.k.LinkText(), "正在检查") })
	uitest.WritePNG(t, r.w, dir, "kiosk-home.png")

	// Two people took numbers before this visitor.
	for range 2 {
		if _, err := svc.IssueTicket(context.Background(), app.IssueRequest{ServiceID: list[0].ID}); err != nil {
			t.Fatal(err)
		}
	}
	r.tap(0)
	uitest.WaitFor(t, "print failure", func() bool { return r.k.PrintState() == PrintFailed })
	uitest.WritePNG(t, r.w, dir, "kiosk-ticket-print-failed.png")
	test.Tap(r.k.reprint)
	uitest.WaitFor(t, "printed ticket", func() bool { return r.k.PrintState() == PrintDone })
	uitest.WritePNG(t, r.w, dir, "kiosk-ticket.png")

	test.Tap(r.k.langBtns[ui.LangEN])
	uitest.WritePNG(t, r.w, dir, "kiosk-ticket-en.png")

	flowScreenshots(t, dir) // flow_test.go
}
