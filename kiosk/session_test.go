package kiosk

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// idleOut fires the idle timer and then every second of the countdown, as the clock
// would, until the session ends; it fails if the countdown never shows or never ends.
func idleOut(t *testing.T, r rig) {
	t.Helper()
	r.timer.fire(t)
	if !r.k.CountdownShown() {
		t.Fatalf("the idle time passed on %s and no countdown shows", r.k.Screen())
	}
	for i := 0; i <= DefaultCountdown && r.k.CountdownShown(); i++ {
		r.timer.fire(t)
	}
	if r.k.CountdownShown() {
		t.Fatal("the countdown never ended")
	}
}

// startMaint is a kiosk on a real hub with its print hooks recorded and maintenance set up.
func startMaint(t *testing.T, m Maintenance) flowRig {
	t.Helper()
	hall := hubtest.New(t)
	d := &docs{}
	r := start(t, hall.HTTPClient(app.RoleKiosk), Options{
		HallCode: hall.HallCode(), PrintMaterials: d.printMaterials, PrintApplication: d.printSlip, Maintenance: m})
	r.waitTiles(t, len(services(t, hall.Client(app.RoleKiosk))))
	return flowRig{rig: r, hall: hall, docs: d}
}

// everyText lists every text any widget of o holds: entries, labels, rich texts, canvas
// texts, hidden ones included.
func everyText(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil {
			return
		}
		switch x := o.(type) {
		case *widget.Entry:
			out = append(out, x.Text, x.PlaceHolder)
		case *padEntry:
			out = append(out, x.Text, x.PlaceHolder)
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		case *canvas.Text:
			out = append(out, x.Text)
		case *ui.BigText:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *container.ThemeOverride:
			walk(x.Content)
		case *container.Scroll:
			walk(x.Content)
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// TestIdleEndsTheSession: a visitor in English and elder mode who walks away from a
// half-filled form gets a countdown (continue keeps everything), then the session ends:
// home, the hall's language, normal mode, and no widget anywhere holds the name or the
// ID number typed.
func TestIdleEndsTheSession(t *testing.T) {
	r := startFlow(t)
	test.Tap(r.k.langBtns[ui.LangEN])
	test.Tap(r.k.sx.elderBtn)
	if !r.k.ElderMode() {
		t.Fatal("the toggle did not switch elder mode on")
	}
	r.searchAndOpen(t, "swry", "Cancellation of a deceased person's household registration")
	test.Tap(r.k.flow.sv.applyBtn)
	r.fill(t, PathName, "张三丰")
	r.fill(t, PathIDNumber, goodID)
	if r.timer.d != DefaultIdleReset || DefaultIdleReset != 60*time.Second {
		t.Errorf("idle timer %v, want 60 s", r.timer.d)
	}

	// The countdown, and a tap on 继续办理.
	r.timer.fire(t)
	if !r.k.CountdownShown() || r.k.CountdownText() != "Back to start in 10…" {
		t.Fatalf("countdown: shown %v, %q", r.k.CountdownShown(), r.k.CountdownText())
	}
	r.timer.fire(t)
	r.timer.fire(t)
	if got := r.k.CountdownText(); got != "Back to start in 8…" {
		t.Errorf("after two seconds: %q", got)
	}
	test.Tap(r.k.sx.cdBtn)
	if r.k.CountdownShown() || r.k.Screen() != ScreenForm || r.row(t, PathName).entry.Text != "张三丰" {
		t.Fatalf("continue: countdown %v, screen %s", r.k.CountdownShown(), r.k.Screen())
	}
	if r.timer.d != DefaultIdleReset {
		t.Errorf("continue re-armed %v, want the full idle time", r.timer.d)
	}

	// Walking away for good.
	idleOut(t, r.rig)
	if r.k.Screen() != ScreenHome || r.k.Lang() != ui.LangHans || r.k.ElderMode() {
		t.Fatalf("after the session: screen %s, language %s, elder %v", r.k.Screen(), r.k.Lang(), r.k.ElderMode())
	}
	if got := r.k.TileTexts()[0]; got != services(t, r.hall.Client(app.RoleKiosk))[0].Name {
		t.Errorf("home speaks %q, want the hall's language", got)
	}
	var objs []fyne.CanvasObject
	r.k.read(func() { objs = append(r.k.screens(), r.k.Content()) })
	if r.k.fb != nil {
		r.k.read(func() { objs = append(objs, r.k.fb.rv.obj, r.k.fb.nv.obj) })
	}
	n := 0
	for _, o := range objs {
		for _, s := range everyText(o) {
			n++
			for _, secret := range []string{"张三丰", goodID, goodID[:6] + "1949"} {
				if strings.Contains(s, secret) {
					t.Errorf("a widget still holds %q: %q", secret, s)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("the walk saw only %d texts", n)
	}
	var rows int
	var req app.ApplicationRequest
	r.k.read(func() { rows, req = len(r.k.flow.fv.rows), r.k.flow.rv.req })
	if rows != 0 || req.Applicant.Name != "" || req.Applicant.IDNumber != "" {
		t.Errorf("the kiosk keeps %d form rows and applicant %+v", rows, req.Applicant)
	}
	// A kiosk as the hall left it needs no countdown.
	armed := r.timer.armed
	r.k.SetLang(ui.LangHans)
	if r.timer.armed != armed {
		t.Error("a clean home screen armed the idle timer")
	}
}

// TestIdleTimeIsTheHalls: Options.IdleTimeout and Countdown set the hall's own times.
func TestIdleTimeIsTheHalls(t *testing.T) {
	f := uitest.NewHall()
	r := start(t, f, Options{HallCode: f.HallCode(), IdleTimeout: 90 * time.Second, Countdown: 3})
	r.waitTiles(t, len(uitest.Services))
	test.Tap(r.k.sx.elderBtn)
	if r.timer.d != 90*time.Second {
		t.Fatalf("idle timer %v, want 90 s", r.timer.d)
	}
	r.timer.fire(t)
	if r.k.CountdownText() != "即将返回首页 3…" {
		t.Errorf("countdown %q", r.k.CountdownText())
	}
	r.timer.fire(t)
	r.timer.fire(t)
	r.timer.fire(t)
	if r.k.ElderMode() || r.k.CountdownShown() {
		t.Errorf("after 3 s: elder %v, countdown %v", r.k.ElderMode(), r.k.CountdownShown())
	}
}

// TestFinishedTaskEndsTheSession: the ticket screen's return home resets the language and
// elder mode too.
func TestFinishedTaskEndsTheSession(t *testing.T) {
	f := uitest.NewHall()
	r := start(t, f, Options{HallCode: f.HallCode()})
	r.waitTiles(t, len(uitest.Services))
	test.Tap(r.k.langBtns[ui.LangHant])
	test.Tap(r.k.sx.elderBtn)
	r.tap(0)
	uitest.WaitFor(t, "ticket", func() bool { return r.k.Screen() == ScreenTicket })
	if r.timer.d != DefaultReturnHome {
		t.Fatalf("ticket timer %v", r.timer.d)
	}
	r.timer.fire(t)
	if r.k.Screen() != ScreenHome || r.k.Lang() != ui.LangHans || r.k.ElderMode() || r.k.TicketNumber() != "" {
		t.Errorf("after the ticket: %s %s elder %v number %q", r.k.Screen(), r.k.Lang(), r.k.ElderMode(), r.k.TicketNumber())
	}
}

// recWin records what Lockdown does to a window.
type recWin struct {
	fyne.Window
	full      bool
	intercept func()
}

func (w *recWin) SetFullScreen(on bool)      { w.full = on }
func (w *recWin) SetCloseIntercept(f func()) { w.intercept = f }

func TestLockdown(t *testing.T) {
	hash, err := HashPIN("2468")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hash, "2468") || !CheckPIN(hash, "2468") || CheckPIN(hash, "2469") || CheckPIN("", "") {
		t.Fatalf("PIN hash %q does not check as it should", hash)
	}
	var tests, exits atomic.Int32
	r := startMaint(t, Maintenance{PINHash: hash,
		PrinterTest: func(context.Context) error { tests.Add(1); return nil },
		PaperStatus: func(context.Context) (PaperStatus, error) {
			return PaperStatus{Known: true, PaperNearEnd: true, CoverOpen: true}, nil
		},
		Exit: func() { exits.Add(1) }})
	clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	r.k.read(func() { r.k.sx.now = func() time.Time { return clock } })

	// Window: full screen, close intercepted, exit keys swallowed.
	var keys []fyne.KeyName
	r.w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { keys = append(keys, ev.Name) })
	w := &recWin{Window: r.w}
	r.k.Lockdown(w)
	if !w.full || w.intercept == nil {
		t.Fatalf("lockdown: full screen %v, close intercept %v", w.full, w.intercept != nil)
	}
	w.intercept()
	if r.k.CloseRequests() != 1 || r.k.Screen() != ScreenHome {
		t.Errorf("a close request: %d recorded, screen %s", r.k.CloseRequests(), r.k.Screen())
	}
	on := r.w.Canvas().OnTypedKey()
	for _, k := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyF4, fyne.KeyA} {
		on(&fyne.KeyEvent{Name: k})
	}
	if len(keys) != 1 || keys[0] != fyne.KeyA {
		t.Errorf("keys that reached the kiosk: %v, want only A", keys)
	}

	tapCorner := func(n int, gap time.Duration) {
		for i := 0; i < n; i++ {
			test.Tap(r.k.sx.cornerArea)
			r.k.read(func() { clock = clock.Add(gap) })
		}
	}
	// Five slow taps (over more than 3 s) do nothing.
	tapCorner(5, time.Second)
	if r.k.Screen() != ScreenHome {
		t.Fatalf("five slow taps opened %s", r.k.Screen())
	}
	clock = clock.Add(time.Minute)
	tapCorner(5, 200*time.Millisecond)
	if r.k.Screen() != ScreenPIN {
		t.Fatalf("the gesture opened %s, want the PIN screen", r.k.Screen())
	}
	// A wrong PIN does nothing but go home.
	typePad(t, r.k.sx.lk.pinPad, "1357")
	test.Tap(r.k.sx.lk.pinOK)
	if r.k.Screen() != ScreenHome {
		t.Fatalf("a wrong PIN: screen %s", r.k.Screen())
	}
	clock = clock.Add(time.Minute)
	tapCorner(5, 100*time.Millisecond)
	typePad(t, r.k.sx.lk.pinPad, "2468")
	test.Tap(r.k.sx.lk.pinOK)
	if r.k.Screen() != ScreenMaintenance {
		t.Fatalf("the right PIN: screen %s", r.k.Screen())
	}
	var pinText string
	r.k.read(func() { pinText = r.k.sx.lk.pinVal })
	if pinText != "" {
		t.Error("the PIN stays in its box")
	}
	status := func() string {
		var s string
		r.k.read(func() { s = r.k.sx.lk.panStatus.Text })
		return s
	}
	test.Tap(r.k.sx.lk.testBtn)
	uitest.WaitFor(t, "the test slip", func() bool { return status() == "测试页已发送到打印机" })
	if tests.Load() != 1 {
		t.Errorf("printer tests: %d", tests.Load())
	}
	test.Tap(r.k.sx.lk.paperBtn)
	uitest.WaitFor(t, "the paper status", func() bool { return status() == "纸将用完、纸仓盖未关" })
	test.Tap(r.k.sx.lk.exit)
	if exits.Load() != 1 || r.k.Screen() != ScreenHome {
		t.Errorf("exit: %d calls, screen %s", exits.Load(), r.k.Screen())
	}
}

// TestNoPINNoMaintenance: without an admin PIN the gesture opens nothing.
func TestNoPINNoMaintenance(t *testing.T) {
	f := uitest.NewHall()
	r := start(t, f, Options{HallCode: f.HallCode()})
	for i := 0; i < 10; i++ {
		test.Tap(r.k.sx.cornerArea)
	}
	if r.k.Screen() != ScreenHome {
		t.Errorf("without a PIN the gesture opened %s", r.k.Screen())
	}
	if _, err := HashPIN("12ab"); err == nil {
		t.Error("a PIN with letters was hashed")
	}
}
