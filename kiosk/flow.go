package kiosk

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// Screens of the guide, pre-application and progress flows, as Screen reports them.
const (
	ScreenGuide     = "guide"     // the service guide: search, department chips, results
	ScreenService   = "service"   // one service's guide entry
	ScreenForm      = "form"      // the pre-application form
	ScreenReview    = "review"    // the filled-in form, to check before submitting
	ScreenSubmitted = "submitted" // the tracking number, its QR code and the slip
	ScreenProgress  = "progress"  // progress lookup by tracking number
)

// DefaultIdleReset is the hall's idle time (Options.IdleTimeout): after it without a
// touch the kiosk counts down and ends the visitor's session (session.go): what one
// person typed never waits on screen for the next.
const DefaultIdleReset = 60 * time.Second

// flow holds the citizen screens beyond taking a number: the service guide, the
// pre-application and the progress lookup. Its methods run with the kiosk's lock held
// unless they say otherwise.
type flow struct {
	k     *Kiosk
	guide app.GuideService
	apps  app.ApplicationService
	stop  func() bool // the idle timer

	entries  fyne.CanvasObject // the home screen's row of entries
	guideBtn *widget.Button
	applyBtn *widget.Button
	progBtn  *widget.Button
	entryLbl [3]*widget.Label // their texts, large, over the buttons

	gv *guideView
	sv *serviceView
	fv *formView
	rv *reviewView
	dv *doneView
	pv *progressView
}

// newFlow builds the flows' screens; it does no I/O. The guide and application services
// come from the options, or from the kiosk's HallService when it implements them; without
// them the home screen offers no entries.
func newFlow(k *Kiosk) *flow {
	f := &flow{k: k, guide: k.opts.Guide, apps: k.opts.Applications}
	if f.guide == nil {
		f.guide, _ = k.svc.(app.GuideService)
	}
	if f.apps == nil {
		f.apps, _ = k.svc.(app.ApplicationService)
	}
	f.guideBtn = widget.NewButton("", func() { f.open(ScreenGuide, false) })
	f.applyBtn = widget.NewButton("", func() { f.open(ScreenGuide, true) })
	f.progBtn = widget.NewButton("", func() { f.open(ScreenProgress, false) })
	row := container.NewGridWithColumns(3)
	for i, e := range []struct {
		b    *widget.Button
		icon fyne.Resource
	}{{f.guideBtn, theme.InfoIcon()}, {f.applyBtn, theme.DocumentCreateIcon()}, {f.progBtn, theme.SearchIcon()}} {
		f.entryLbl[i] = widget.NewLabel("")
		f.entryLbl[i].SizeName = theme.SizeNameHeadingText
		f.entryLbl[i].TextStyle.Bold = true
		// Taps on the icon and the label reach the button beneath them.
		row.Add(ui.WithHeight(container.NewStack(e.b,
			container.NewCenter(container.NewHBox(ui.WithMinSize(widget.NewIcon(e.icon), 32, 32), f.entryLbl[i]))), TileHeight))
	}
	f.entries = container.NewVBox(row, widget.NewSeparator())
	if f.guide == nil {
		f.guideBtn.Disable()
		f.applyBtn.Disable()
	}
	if f.apps == nil {
		f.applyBtn.Disable()
		f.progBtn.Disable()
	}
	if f.guide == nil && f.apps == nil {
		f.entries.Hide()
	}
	f.gv = newGuideView(f)
	f.sv = newServiceView(f)
	f.fv = newFormView(f)
	f.rv = newReviewView(f)
	f.dv = newDoneView(f)
	f.pv = newProgressView(f)
	// Larger text on the citizen's screens: keys, entries and buttons included.
	th := touchTheme{k.sx.theme}
	for _, o := range []*fyne.CanvasObject{&f.gv.obj, &f.sv.obj, &f.fv.obj, &f.rv.obj, &f.dv.obj, &f.pv.obj} {
		*o = container.NewThemeOverride(*o, th)
	}
	return f
}

// touchTheme is servicehall's theme with larger text, for the guide, form and progress
// screens that elderly visitors read at arm's length (elder mode: body text ≥ 18 pt).
type touchTheme struct{ fyne.Theme }

// Size enlarges body text and headings; elder mode's larger sizes win.
func (t touchTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return max(20, t.Theme.Size(n))
	case theme.SizeNameSubHeadingText:
		return max(24, t.Theme.Size(n))
	case theme.SizeNameHeadingText:
		return max(30, t.Theme.Size(n))
	}
	return t.Theme.Size(n)
}

// open is a home entry's tap: it locks the kiosk itself. applying opens the guide to
// choose the service of a pre-application.
func (f *flow) open(screen string, applying bool) {
	f.k.g.Lock()
	defer f.k.g.Unlock()
	if f.k.screen != ScreenHome || f.k.issuing {
		return
	}
	switch screen {
	case ScreenGuide:
		f.gv.applying = applying
		f.gv.enter()
	case ScreenProgress:
		f.pv.enter()
	}
}

// show puts obj on screen as screen and starts its idle timer.
func (f *flow) show(obj fyne.CanvasObject, screen string) {
	f.k.gen++
	f.k.screen = screen
	f.k.body.Objects = []fyne.CanvasObject{obj}
	f.k.sx.adopt(obj)
	restyle(obj)
	f.k.body.Refresh()
	f.touch()
}

// restyle applies the touch theme to what a screen added since it was built: a theme
// override reaches new children only when refreshed.
func restyle(o fyne.CanvasObject) {
	if t, ok := o.(*container.ThemeOverride); ok {
		t.Refresh()
	}
}

// touch restarts the idle timer of the screen shown: every tap gives the visitor the
// full time again.
func (f *flow) touch() {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	k := f.k
	k.sx.activity() // the idle timer and its countdown (session.go)
	if k.screen != ScreenSubmitted {
		return
	}
	// A finished task returns by itself, ending the session.
	gen, screen := k.gen, k.screen
	f.stop = k.after(k.opts.ReturnHome, func() {
		k.g.Do(func() {
			if k.gen != gen || k.screen != screen {
				return
			}
			k.endSession()
		})
	})
}

// reset forgets everything a visitor saw or typed; goHome calls it.
func (f *flow) reset() {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	f.gv.reset()
	f.sv.reset()
	f.fv.reset()
	f.rv.reset()
	f.dv.reset()
	f.pv.reset()
}

// retext sets every text of the flows in the kiosk's language.
func (f *flow) retext() {
	loc := f.k.loc
	for i, key := range []string{"guide.entry", "apply.entry", "progress.entry"} {
		f.entryLbl[i].SetText(loc.T(key))
	}
	f.gv.retext()
	f.sv.retext()
	f.fv.retext()
	f.rv.retext()
	f.dv.retext()
	f.pv.retext()
}

// request returns a context for one hub request of the kiosk.
func (f *flow) request() (context.Context, context.CancelFunc) { return f.k.scope.Request() }

// today is the hall's date now, for validating birth dates and other dates.
func today() time.Time { return time.Now().In(app.LoadLocation("")) }

// heading returns a bold heading label.
func heading(size fyne.ThemeSizeName) *widget.Label {
	l := widget.NewLabel("")
	l.SizeName = size
	l.TextStyle.Bold = true
	l.Wrapping = fyne.TextWrapWord
	return l
}

// wrapped returns a label that wraps by words at the given size.
func wrapped(size fyne.ThemeSizeName) *widget.Label {
	l := widget.NewLabel("")
	l.SizeName = size
	l.Wrapping = fyne.TextWrapWord
	return l
}

// backButton returns a screen's back button, at least ButtonHeight tall.
func backButton(tap func()) (*widget.Button, fyne.CanvasObject) {
	b := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), tap)
	return b, ui.WithMinSize(b, 160, ButtonHeight)
}

// topBar lays out a back button and a title.
func topBar(back fyne.CanvasObject, title *widget.Label) fyne.CanvasObject {
	return container.NewVBox(container.NewBorder(nil, nil, back, nil, ui.VCenter(title)), widget.NewSeparator())
}

// setStatus sets a status line's text and importance; an empty text hides it.
func setStatus(l *widget.Label, text string, imp widget.Importance) {
	l.Importance = imp
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// flowEntries builds the flows and returns the home screen's row of entries (办事指南 /
// 预约申请 / 进度查询) that New puts above the service tiles.
func (k *Kiosk) flowEntries() fyne.CanvasObject {
	k.flow = newFlow(k)
	return k.flow.entries
}
