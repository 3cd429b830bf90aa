package kiosk

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// The kiosk's screen in the accessibility tests: a portrait touch screen's width.
var kioskSize = fyne.NewSize(900, 1200)

// rules are one mode's minimums.
type rules struct {
	elder   bool
	target  float32 // touch targets, both sides
	text    float32 // any text
	heading float32 // heading-sized labels
}

func modeRules(elder bool) rules {
	if elder {
		return rules{elder: true, target: ui.ElderMinTarget, text: ui.ElderMinText, heading: ui.ElderMinHeading}
	}
	return rules{target: ui.NormalMinTarget, text: ui.NormalMinText}
}

// paint is a filled rectangle already drawn, in window coordinates.
type paint struct {
	pos, size fyne.Size
	fill      color.Color
}

// audit walks a laid-out tree in paint order and lists every accessibility fault.
type audit struct {
	r        rules
	bg       color.Color
	painted  []paint
	faults   []string
	targets  int
	texts    int
	contrast float64 // the lowest ratio seen
}

func (a *audit) fault(format string, args ...any) {
	if len(a.faults) < 40 {
		a.faults = append(a.faults, fmt.Sprintf(format, args...))
	}
}

// walk visits o at window position at; minText is the least size its texts need.
func (a *audit) walk(o fyne.CanvasObject, at fyne.Position, minText float32, what string) {
	if o == nil || !o.Visible() {
		return
	}
	size := o.Size()
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	pos := at.Add(o.Position())
	if _, ok := o.(fyne.Tappable); ok {
		// Fyne's scroll bars are no touch target: a finger drags the content itself.
		_, isTap := o.(*tapArea)
		bar := strings.HasSuffix(fmt.Sprintf("%T", o), "scrollBarArea")
		if !bar && (!isTap || size.Width < 2000) { // a full-screen catcher is no target
			a.targets++
			if size.Width+0.5 < a.r.target || size.Height+0.5 < a.r.target {
				a.fault("%s: %T %q is %.0f×%.0f, want ≥ %.0f×%.0f", what, o, targetText(o), size.Width, size.Height, a.r.target, a.r.target)
			}
		}
	}
	switch x := o.(type) {
	case *canvas.Rectangle:
		if c := color.NRGBAModel.Convert(x.FillColor).(color.NRGBA); c.A > 0 {
			a.painted = append(a.painted, paint{pos: fyne.NewSize(pos.X, pos.Y), size: size, fill: x.FillColor})
		}
	case *canvas.Text:
		if strings.TrimSpace(x.Text) == "" {
			return
		}
		a.texts++
		if x.TextSize+0.01 < minText {
			a.fault("%s: text %q is %.1f, want ≥ %.0f", what, x.Text, x.TextSize, minText)
		}
		bg := a.background(pos, size)
		if r := ui.ContrastRatio(x.Color, bg); r < ui.MinContrast {
			a.fault("%s: text %q %v on %v is %.2f:1, want ≥ %.1f", what, x.Text, x.Color, bg, r, ui.MinContrast)
		} else if a.contrast == 0 || r < a.contrast {
			a.contrast = r
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			a.walk(c, pos, minText, what)
		}
	case fyne.Widget:
		if l, ok := x.(*widget.Label); ok && l.SizeName == theme.SizeNameHeadingText && a.r.heading > 0 {
			minText = a.r.heading
		}
		objs := test.WidgetRenderer(x).Objects()
		if _, ok := x.(*widget.RichText); ok && a.r.elder {
			a.lineSpacing(objs, what)
		}
		for _, c := range objs {
			a.walk(c, pos, minText, what)
		}
	}
}

// lineSpacing checks the distance between the wrapped lines of one text.
func (a *audit) lineSpacing(objs []fyne.CanvasObject, what string) {
	var lines []*canvas.Text
	for _, o := range objs {
		if t, ok := o.(*canvas.Text); ok && o.Visible() && strings.TrimSpace(t.Text) != "" {
			lines = append(lines, t)
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Position().Y < lines[j].Position().Y })
	for i := 1; i < len(lines); i++ {
		dy := lines[i].Position().Y - lines[i-1].Position().Y
		if dy > 0.5 && dy+0.01 < ui.ElderMinLineSpacing*lines[i-1].TextSize {
			a.fault("%s: lines %q and %q are %.1f apart, want ≥ %.1f", what, lines[i-1].Text, lines[i].Text, dy, ui.ElderMinLineSpacing*lines[i-1].TextSize)
		}
	}
}

// background composes every rectangle drawn so far under the text's centre over the
// theme's background.
func (a *audit) background(pos fyne.Position, size fyne.Size) color.Color {
	cx, cy := pos.X+size.Width/2, pos.Y+size.Height/2
	bg := color.NRGBAModel.Convert(a.bg).(color.NRGBA)
	for _, p := range a.painted {
		if cx >= p.pos.Width && cx <= p.pos.Width+p.size.Width && cy >= p.pos.Height && cy <= p.pos.Height+p.size.Height {
			bg = ui.Over(p.fill, bg)
		}
	}
	return bg
}

func targetText(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *widget.Button:
		return x.Text
	case *widget.Entry:
		return x.PlaceHolder
	case *widget.Check:
		return x.Text
	}
	return ""
}

// checkScreen audits what the window shows now, in the kiosk's mode, and fails the test
// with every fault found. It returns the number of targets and texts checked.
func checkScreen(t *testing.T, r rig, name string) (int, int, float64) {
	t.Helper()
	elder := r.k.ElderMode()
	r.w.Resize(kioskSize)
	uitest.Relayout(r.w)
	uitest.Relayout(r.w)
	a := &audit{r: modeRules(elder), bg: r.k.sx.theme.Color(theme.ColorNameBackground, theme.VariantLight)}
	what := fmt.Sprintf("%s (elder %v)", name, elder)
	a.walk(r.w.Content(), fyne.NewPos(0, 0), a.r.text, what)
	if got := r.w.Canvas().Size(); got.Width > kioskSize.Width+1 {
		t.Errorf("%s: the screen needs %.0f wide, more than the kiosk's %.0f: something is cut off", what, got.Width, kioskSize.Width)
	}
	if a.targets == 0 || a.texts == 0 {
		t.Errorf("%s: found %d targets and %d texts: the walk sees nothing", what, a.targets, a.texts)
	}
	for _, f := range a.faults {
		t.Error(f)
	}
	return a.targets, a.texts, a.contrast
}

// TestAuditCatchesFaults: the audit fails a small button, a small text, a faint text and
// cramped lines — the checks are not blind.
func TestAuditCatchesFaults(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	small := widget.NewButton("小", nil)
	faint := canvas.NewText("浅色字", color.NRGBA{R: 0xaa, G: 0xaa, B: 0xaa, A: 0xff})
	faint.TextSize = 24
	tiny := canvas.NewText("小字", color.Black)
	tiny.TextSize = 12
	cramped := widget.NewLabel("很长的一段文字，要换行，很长的一段文字，要换行，很长的一段文字，要换行")
	cramped.Wrapping = fyne.TextWrapWord
	w := test.NewWindow(container.NewVBox(container.NewHBox(small), faint, tiny, ui.WithMinSize(cramped, 200, 0)))
	defer w.Close()
	w.Resize(fyne.NewSize(300, 400))
	au := &audit{r: modeRules(true), bg: color.White}
	au.walk(w.Content(), fyne.NewPos(0, 0), ui.ElderMinText, "faults")
	joined := strings.Join(au.faults, "\n")
	for _, want := range []string{`"小" is`, `"浅色字"`, `text "小字" is 12.0`, "apart"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the audit missed %s; it found:\n%s", want, joined)
		}
	}
}

// screenTour drives a kiosk on a real hub through every screen and calls at on each:
// home, guide, service page, form with errors, review, submitted, progress with a
// result, ticket, check-in (code and ID number), the idle countdown, the PIN screen and
// the maintenance panel, and the rating, request and notice screens.
func screenTour(t *testing.T, at func(r flowRig, name string)) {
	hash, err := HashPIN("2468")
	if err != nil {
		t.Fatal(err)
	}
	r := startMaint(t, Maintenance{PINHash: hash,
		PrinterTest: func(context.Context) error { return nil },
		PaperStatus: func(context.Context) (PaperStatus, error) { return PaperStatus{Known: true}, nil },
		Exit:        func() {}})
	// The kiosk binary's app theme (cmd/servicehall): Fyne measures wrapped lines with it.
	fyne.CurrentApp().Settings().SetTheme(ui.NewKioskTheme(false))
	r.w.Resize(kioskSize)
	uitest.WaitFor(t, "the hall's name", func() bool { return r.k.HallText() == "测试便民服务中心" })
	uitest.WaitFor(t, "the link state", func() bool { return r.k.LinkText() != "" })
	at(r, "home")

	test.Tap(r.k.flow.guideBtn)
	uitest.WaitFor(t, "the guide's tiles", func() bool { return len(r.items()) > 20 })
	at(r, "guide")
	r.timer.fire(t) // the idle time passes on the guide
	if !r.k.CountdownShown() {
		t.Fatal("no countdown on the guide")
	}
	at(r, "countdown")
	if !r.k.CountdownShown() {
		t.Fatal("the countdown went away while being checked")
	}
	test.Tap(r.k.sx.cdBtn)
	r.k.GoHome()

	r.searchAndOpen(t, "swry", "死亡人员户口注销")
	at(r, "service")
	test.Tap(r.k.flow.sv.applyBtn)
	r.fill(t, PathName, "张三")
	r.fill(t, PathIDNumber, badID)
	test.Tap(r.k.flow.fv.next)
	at(r, "form")
	r.fill(t, PathIDNumber, goodID)
	r.fill(t, PathPhone, "13812345678")
	r.fill(t, "fields.deceased_name", "张老三")
	r.fill(t, "fields.deceased_id", goodID)
	r.fill(t, "fields.death_date", "2026-01-05")
	r.fill(t, "fields.relation", "child")
	test.Tap(r.k.flow.fv.next)
	if r.k.Screen() != ScreenReview {
		t.Fatalf("the filled form went to %s", r.k.Screen())
	}
	at(r, "review")
	test.Tap(r.k.flow.rv.submit)
	uitest.WaitFor(t, "the tracking number", func() bool { return r.k.Screen() == ScreenSubmitted })
	var no string
	r.k.read(func() { no = r.k.flow.dv.number.Text })
	at(r, "submitted")
	r.k.GoHome()

	test.Tap(r.k.flow.progBtn)
	r.k.flow.pv.entry.SetText(no)
	test.Tap(r.k.flow.pv.find)
	uitest.WaitFor(t, "the progress", func() bool {
		var ok bool
		r.k.read(func() { ok = r.k.flow.pv.result.Visible() })
		return ok
	})
	at(r, "progress")
	r.k.GoHome()

	r.tap(0)
	uitest.WaitFor(t, "the ticket", func() bool { return r.k.Screen() == ScreenTicket })
	at(r, "ticket")
	r.k.GoHome()

	test.Tap(r.k.qb.checkinBtn)
	at(r, "checkin-code")
	test.Tap(r.k.qb.cv.byID)
	at(r, "checkin-id")
	r.k.GoHome()

	r.k.read(func() { r.k.sx.now = func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) } })
	for i := 0; i < GestureTaps; i++ {
		test.Tap(r.k.sx.cornerArea)
	}
	at(r, "pin")
	typePad(t, r.k.sx.lk.pinPad, "2468")
	test.Tap(r.k.sx.lk.pinOK)
	if r.k.Screen() != ScreenMaintenance {
		t.Fatalf("the PIN opened %s", r.k.Screen())
	}
	at(r, "maintenance")
	r.k.GoHome()

	// The rating, request and notice screens (feedback.go).
	for _, e := range []struct {
		name string
		btn  func() *widget.Button
	}{
		{"rate", func() *widget.Button { return r.k.fb.rateBtn }},
		{"requests", func() *widget.Button { return r.k.fb.reqBtn }},
		{"notices", func() *widget.Button { return r.k.fb.infoBtn }},
	} {
		var b *widget.Button
		r.k.read(func() { b = e.btn() })
		if b.Disabled() {
			t.Errorf("the %s entry is disabled on a real hub", e.name)
			continue
		}
		test.Tap(b)
		at(r, e.name)
		r.k.GoHome()
	}
}

// TestEveryScreenAccessible walks every kiosk screen's widget tree in normal and elder
// mode: every touch target at least 44×44 (elder 60×60), every text at least 14 (elder
// 18, headings 30), wrapped lines in elder mode at least 1.3 times their size apart, every
// text at 4.5:1 or more on the colours beneath it, and nothing wider than the screen.
func TestEveryScreenAccessible(t *testing.T) {
	var screens, targets, texts int
	lowest := 21.0
	screenTour(t, func(r flowRig, name string) {
		screens++
		for _, elder := range []bool{false, true} {
			setMode(t, r.rig, name, elder)
			n, m, c := checkScreen(t, r.rig, name)
			targets, texts = targets+n, texts+m
			lowest = min(lowest, c)
		}
		setMode(t, r.rig, name, false)
	})
	t.Logf("%d screens × 2 modes: %d targets, %d texts, lowest contrast %.2f:1", screens, targets, texts, lowest)
}

// TestScreenshotsElder writes every kiosk screen in elder mode to SCREENSHOTS_DIR.
func TestScreenshotsElder(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("SCREENSHOTS_DIR not set")
	}
	screenTour(t, func(r flowRig, name string) {
		setMode(t, r.rig, name, true)
		r.w.Resize(kioskSize)
		uitest.WritePNG(t, r.w, dir, "kiosk-elder-"+name+".png")
		setMode(t, r.rig, name, false)
	})
}

// setMode switches elder mode as the header's toggle does, except on the countdown, where
// a tap would (rightly) continue the session: there it switches the theme directly.
func setMode(t *testing.T, r rig, name string, elder bool) {
	t.Helper()
	if r.k.ElderMode() == elder {
		return
	}
	if r.k.CountdownShown() {
		r.k.g.Lock()
		r.k.sx.setElder(elder)
		r.k.g.Unlock()
	} else {
		test.Tap(r.k.sx.elderBtn) // the header's toggle, on this very screen
	}
	if r.k.ElderMode() != elder {
		t.Fatalf("%s: the toggle did not switch elder mode", name)
	}
}
