package ui

import (
	"context"
	"errors"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// Sizes of the rating buttons, in Fyne units: big enough for a finger (elder mode asks for
// at least 60×60).
const (
	LevelButtonHeight  = 88
	ReasonButtonHeight = 64
)

// Stars returns a level as five stars, filled up to its value: ★★★★☆ for 满意. The rating
// screens print the stars beside the words, so neither colour nor a picture alone says
// which level a button is.
func Stars(l app.RatingLevel) string {
	if !l.Valid() {
		return ""
	}
	return strings.Repeat("★", int(l)) + strings.Repeat("☆", 5-int(l))
}

// LevelText is a rating level in words (非常满意 …).
func LevelText(loc *Localizer, l app.RatingLevel) string { return loc.T("rating.level." + l.Code()) }

// AspectText is a rating aspect in words (总体评价 …).
func AspectText(loc *Localizer, a app.RatingAspect) string {
	return loc.T("rating.aspect." + string(a))
}

// ReasonText is a bad rating's reason code in words (排队等候时间长 …).
func ReasonText(loc *Localizer, code string) string {
	if code == app.RatingReasonOther {
		code = "other_reason" // go-i18n reserves "other" for plural forms
	}
	return loc.T("rating.reason." + code)
}

// levelButton is one level of one aspect: a button under a border that marks the choice,
// a radio mark, the stars and the words.
type levelButton struct {
	btn   *widget.Button
	bg    *canvas.Rectangle
	mark  *widget.Icon
	stars *widget.Label
	words *widget.Label
	obj   fyne.CanvasObject
}

// aspectRow is one aspect's question: its name, five level buttons and an error line.
type aspectRow struct {
	aspect app.RatingAspect
	label  *widget.Label
	levels map[app.RatingLevel]*levelButton
	err    *widget.Label
}

// RatingForm asks the five national levels (非常满意 … 非常不满意) for the four aspects
// (overall, efficiency, service quality, attitude); any aspect scored 不满意 or worse
// opens a list of reasons (at least one; "other" needs the text) and an optional comment.
// It checks the answers as the hub will and shows each problem under its question. The
// kiosk's rating screen and the window's rating pad both show it.
//
// Its tap handlers run inside the lock function given to NewRatingForm, so a screen keeps
// its own lock discipline; every other method expects that lock held by the caller.
type RatingForm struct {
	loc   *Localizer
	lock  func(func())
	touch func() // called on every tap (the host's idle timer); may be nil

	scores  app.RatingScores
	reasons map[string]bool

	title      *widget.Label
	rows       []*aspectRow
	reasonHead *widget.Label
	reasonBtns map[string]*widget.Button
	reasonErr  *widget.Label
	// Text is the free comment; a host may put a keyboard that types into it in Keyboard.
	Text     *widget.Entry
	textErr  *widget.Label
	Keyboard *fyne.Container
	// kbOnDemand: Keyboard shows only while kbOpen (the citizen tapped kbBtn) or the text
	// is needed ("other" chosen, or its error shows); see SetKeyboardOnDemand.
	kbOnDemand bool
	kbOpen     bool
	kbBtn      *widget.Button
	kbBtnObj   fyne.CanvasObject // kbBtn at its height: shown and hidden with it
	// OnReasons, when set, runs (with the host's lock held) each time the reasons appear,
	// so the host can scroll them into view.
	OnReasons func()
	// OnKeyboard, when set, runs (with the host's lock held) each time an on-demand
	// keyboard opens, so the host can scroll the comment and the keyboard into view
	// (TextOffset).
	OnKeyboard func()
	reasonBx   *fyne.Container
	content    fyne.CanvasObject
}

// NewRatingForm builds the form in loc's language. lock runs each tap handler under the
// host's lock (nil: handlers run as they are); touch, when not nil, runs on every tap
// with the lock held.
func NewRatingForm(loc *Localizer, lock func(func()), touch func()) *RatingForm {
	if lock == nil {
		lock = func(f func()) { f() }
	}
	f := &RatingForm{loc: loc, lock: lock, touch: touch, reasons: map[string]bool{}, reasonBtns: map[string]*widget.Button{}}
	f.title = widget.NewLabel("")
	f.title.SizeName = theme.SizeNameSubHeadingText
	f.title.TextStyle.Bold = true
	f.title.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(f.title)
	for _, a := range app.RatingAspects {
		r := &aspectRow{aspect: a, levels: map[app.RatingLevel]*levelButton{}}
		r.label = widget.NewLabel("")
		r.label.TextStyle.Bold = true
		r.label.SizeName = theme.SizeNameSubHeadingText
		grid := container.NewGridWithColumns(len(app.RatingLevels))
		for _, l := range app.RatingLevels {
			b := &levelButton{}
			b.btn = widget.NewButton("", func() { f.tapLevel(a, l) })
			b.bg = canvas.NewRectangle(color.Transparent)
			b.bg.CornerRadius = theme.InputRadiusSize()
			b.bg.StrokeWidth = 4
			b.mark = widget.NewIcon(theme.RadioButtonIcon())
			b.stars = widget.NewLabel(Stars(l))
			b.stars.Alignment = fyne.TextAlignCenter
			b.stars.SizeName = theme.SizeNameSubHeadingText
			b.words = widget.NewLabel("")
			b.words.Alignment = fyne.TextAlignCenter
			b.words.Wrapping = fyne.TextWrapWord
			b.words.TextStyle.Bold = true
			b.words.SizeName = theme.SizeNameSubHeadingText
			// Taps on the mark and the labels reach the button beneath them.
			b.obj = WithHeight(container.NewStack(b.btn, b.bg, VCenter(container.NewVBox(
				container.NewCenter(container.NewHBox(b.mark, b.stars)), b.words))), LevelButtonHeight)
			r.levels[l] = b
			grid.Add(b.obj)
		}
		r.err = errorLine()
		f.rows = append(f.rows, r)
		box.Add(container.NewVBox(r.label, grid, r.err))
	}
	f.reasonHead = widget.NewLabel("")
	f.reasonHead.TextStyle.Bold = true
	f.reasonHead.SizeName = theme.SizeNameSubHeadingText
	f.reasonHead.Wrapping = fyne.TextWrapWord
	f.reasonHead.Importance = widget.WarningImportance
	rgrid := container.NewGridWithColumns(2)
	for _, code := range app.RatingReasons {
		b := widget.NewButtonWithIcon("", theme.CheckButtonIcon(), func() { f.tapReason(code) })
		b.Alignment = widget.ButtonAlignLeading
		f.reasonBtns[code] = b
		rgrid.Add(WithHeight(b, ReasonButtonHeight))
	}
	f.reasonErr = errorLine()
	f.Text = widget.NewMultiLineEntry()
	f.Text.Wrapping = fyne.TextWrapWord
	f.Text.SetMinRowsVisible(2)
	f.textErr = errorLine()
	f.Keyboard = container.NewStack()
	f.kbBtn = widget.NewButtonWithIcon("", theme.ComputerIcon(), f.tapKeyboard)
	f.kbBtn.Alignment = widget.ButtonAlignLeading
	f.kbBtnObj = WithHeight(f.kbBtn, ReasonButtonHeight)
	f.kbBtn.Hide()
	f.kbBtnObj.Hide()
	f.reasonBx = container.NewVBox(widget.NewSeparator(), f.reasonHead, rgrid, f.reasonErr, f.Text, f.textErr,
		f.kbBtnObj, f.Keyboard)
	f.reasonBx.Hide()
	box.Add(f.reasonBx)
	f.content = box
	f.retext()
	return f
}

func errorLine() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.TextStyle.Bold = true
	l.Hide()
	return l
}

// Content returns the form's root object.
func (f *RatingForm) Content() fyne.CanvasObject { return f.content }

// SetTitle sets the line above the questions ("请对 3 号窗口的服务进行评价").
func (f *RatingForm) SetTitle(s string) { f.title.SetText(s) }

// SetLocalizer switches the form's texts to loc's language.
func (f *RatingForm) SetLocalizer(loc *Localizer) {
	f.loc = loc
	f.retext()
}

func (f *RatingForm) tapLevel(a app.RatingAspect, l app.RatingLevel) {
	f.lock(func() {
		if f.touch != nil {
			f.touch()
		}
		f.Choose(a, l)
	})
}

// SetKeyboardOnDemand makes Keyboard show only when the comment is wanted: when the
// citizen taps the keyboard button under the comment, when the reason "other" (which
// needs the text) is chosen, or when the text's error shows. Off (the default), Keyboard
// shows with the reasons.
func (f *RatingForm) SetKeyboardOnDemand(on bool) {
	f.kbOnDemand = on
	f.showKeyboard()
}

// KeyboardButton returns the button that opens the on-demand keyboard (tests tap it).
func (f *RatingForm) KeyboardButton() *widget.Button { return f.kbBtn }

// TextOffset is how far down the form's content the comment entry starts.
func (f *RatingForm) TextOffset() float32 { return f.reasonBx.Position().Y + f.Text.Position().Y }

// KeyboardShown reports whether a keyboard would show with the reasons.
func (f *RatingForm) KeyboardShown() bool { return f.Keyboard.Visible() && len(f.Keyboard.Objects) > 0 }

func (f *RatingForm) tapKeyboard() {
	f.lock(func() {
		if f.touch != nil {
			f.touch()
		}
		f.kbOpen = true
		f.showKeyboard()
	})
}

func (f *RatingForm) showKeyboard() {
	if !f.kbOnDemand {
		f.kbBtn.Hide()
		f.kbBtnObj.Hide()
		f.Keyboard.Show()
		return
	}
	if f.kbOpen || f.reasons[app.RatingReasonOther] || f.textErr.Visible() {
		was := f.Keyboard.Visible()
		f.kbBtn.Hide()
		f.kbBtnObj.Hide()
		f.Keyboard.Show()
		if !was && f.OnKeyboard != nil && f.reasonBx.Visible() {
			f.OnKeyboard()
		}
	} else {
		f.Keyboard.Hide()
		f.kbBtn.Show()
		f.kbBtnObj.Show()
	}
}

func (f *RatingForm) tapReason(code string) {
	f.lock(func() {
		if f.touch != nil {
			f.touch()
		}
		f.reasons[code] = !f.reasons[code]
		f.reasonErr.Hide()
		f.retextReasons()
	})
}

// Choose gives aspect a the level l. The first choice of the overall level gives every
// aspect not yet scored the same level, so a content citizen is done in one tap; each can
// still be changed.
func (f *RatingForm) Choose(a app.RatingAspect, l app.RatingLevel) {
	if a == app.AspectOverall && f.scores.Lowest() == 0 {
		for _, x := range app.RatingAspects {
			f.scores.Set(x, l)
		}
	}
	f.scores.Set(a, l)
	for _, r := range f.rows {
		if f.scores.Of(r.aspect).Valid() {
			r.err.Hide()
		}
	}
	f.showLevels()
	f.showReasons()
}

// Scores returns the levels chosen so far.
func (f *RatingForm) Scores() app.RatingScores { return f.scores }

// NeedsReason reports whether the reasons show: some aspect is 不满意 or worse.
func (f *RatingForm) NeedsReason() bool { return f.scores.Bad() }

// Submission returns what the citizen chose, checked as the hub checks it. On a problem
// it shows each under its question and returns the *app.Error; nothing chosen is lost.
func (f *RatingForm) Submission() (app.RatingSubmission, error) {
	s := app.RatingSubmission{Scores: f.scores, Text: f.Text.Text}
	if f.scores.Bad() {
		for _, code := range app.RatingReasons {
			if f.reasons[code] {
				s.Reasons = append(s.Reasons, code)
			}
		}
	}
	err := s.Validate()
	f.ShowProblems(err)
	return s, err
}

// ShowProblems puts each field error of err (an *app.Error from Validate or the hub)
// under its question, in the form's language; nil clears them. It reports whether err
// named a field of the form.
func (f *RatingForm) ShowProblems(err error) bool {
	for _, r := range f.rows {
		r.err.Hide()
	}
	f.reasonErr.Hide()
	f.textErr.Hide()
	var ae *app.Error
	if !errors.As(err, &ae) {
		f.showKeyboard()
		return false
	}
	shown := false
	for _, fe := range ae.Fields {
		switch {
		case strings.HasPrefix(fe.Field, "scores."):
			a := app.RatingAspect(strings.TrimPrefix(fe.Field, "scores."))
			for _, r := range f.rows {
				if r.aspect == a {
					text := f.loc.T("rating.pick_level")
					if fe.Reason != app.ReasonRequired {
						text = ProblemText(f.loc, AspectText(f.loc, a), fe)
					}
					showLine(r.err, text)
					shown = true
				}
			}
		case fe.Field == "reasons":
			showLine(f.reasonErr, f.loc.T("rating.need_reason"))
			shown = true
		case fe.Field == "text":
			text := ProblemText(f.loc, f.loc.T("rating.comment"), fe)
			if fe.Reason == app.ReasonRequired {
				text = f.loc.T("rating.need_text")
			}
			showLine(f.textErr, text)
			shown = true
		}
	}
	f.showKeyboard()
	return shown
}

func showLine(l *widget.Label, text string) {
	l.SetText(text)
	l.Show()
}

// Reset forgets every choice and the text.
func (f *RatingForm) Reset() {
	f.scores = app.RatingScores{}
	f.reasons = map[string]bool{}
	f.kbOpen = false
	f.Text.SetText("")
	f.ShowProblems(nil)
	f.showLevels()
	f.showReasons()
}

// LevelButton returns the button of level l for aspect a (tests tap it).
func (f *RatingForm) LevelButton(a app.RatingAspect, l app.RatingLevel) *widget.Button {
	for _, r := range f.rows {
		if r.aspect == a {
			return r.levels[l].btn
		}
	}
	return nil
}

// ReasonButton returns the toggle of a reason code (tests tap it).
func (f *RatingForm) ReasonButton(code string) *widget.Button { return f.reasonBtns[code] }

// ErrorTexts returns the problem lines that show, top to bottom (tests read them).
func (f *RatingForm) ErrorTexts() []string {
	var out []string
	for _, r := range f.rows {
		if r.err.Visible() {
			out = append(out, r.err.Text)
		}
	}
	for _, l := range []*widget.Label{f.reasonErr, f.textErr} {
		if l.Visible() && f.reasonBx.Visible() {
			out = append(out, l.Text)
		}
	}
	return out
}

func (f *RatingForm) retext() {
	for _, r := range f.rows {
		r.label.SetText(AspectText(f.loc, r.aspect))
		for l, b := range r.levels {
			b.words.SetText(LevelText(f.loc, l))
		}
	}
	f.reasonHead.SetText(f.loc.T("rating.reasons_head"))
	f.Text.SetPlaceHolder(f.loc.T("rating.comment_placeholder"))
	f.kbBtn.SetText(f.loc.T("rating.pad.keyboard"))
	f.showLevels()
	f.retextReasons()
}

func (f *RatingForm) showLevels() {
	for _, r := range f.rows {
		chosen := f.scores.Of(r.aspect)
		for l, b := range r.levels {
			if l == chosen {
				b.mark.SetResource(theme.RadioButtonCheckedIcon())
				b.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
				b.bg.FillColor = theme.Color(theme.ColorNameSelection)
			} else {
				b.mark.SetResource(theme.RadioButtonIcon())
				b.bg.StrokeColor = color.Transparent
				b.bg.FillColor = color.Transparent
			}
			b.bg.Refresh()
		}
	}
}

func (f *RatingForm) showReasons() {
	if f.scores.Bad() {
		was := f.reasonBx.Visible()
		f.reasonBx.Show()
		if !was && f.OnReasons != nil {
			f.OnReasons()
		}
	} else {
		f.reasonBx.Hide()
	}
}

func (f *RatingForm) retextReasons() {
	for code, b := range f.reasonBtns {
		b.SetText(ReasonText(f.loc, code))
		if f.reasons[code] {
			b.SetIcon(theme.CheckButtonCheckedIcon())
			b.Importance = widget.HighImportance
		} else {
			b.SetIcon(theme.CheckButtonIcon())
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	f.showKeyboard()
}

// RatingHub is what the rating pad needs of its hall: the live stream and ratings.
type RatingHub interface {
	app.HallService
	app.RatingService
}

// Defaults of RatePadOptions.
const (
	// DefaultRateIdle is how long the pad offers a rating nobody touches before it
	// returns to its idle screen.
	DefaultRateIdle = 60 * time.Second
	// DefaultRateThanks is how long the thanks stay.
	DefaultRateThanks = 8 * time.Second
)

// Screens of the rating pad, as RatePad.Screen reports them.
const (
	PadIdle   = "idle"
	PadRate   = "rate"
	PadThanks = "thanks"
)

// RatePadOptions configure a rating pad.
type RatePadOptions struct {
	// Idle is how long an untouched rating stays offered; DefaultRateIdle when zero.
	Idle time.Duration
	// Thanks is how long the thanks stay; DefaultRateThanks when zero.
	Thanks time.Duration
	// After starts a timer (time.AfterFunc when nil); tests pass one they fire at will.
	After func(d time.Duration, f func()) (stop func() bool)
	// Keyboard, when set, builds the on-screen keyboard that types into the comment (the
	// command fills it with kiosk.NewPinyinKeyboard, which app/ui cannot import). It shows
	// only when the comment is wanted. If what it returns has Retext(*Localizer) the pad
	// calls it on a language switch, and Reset() on the return to idle. When nil the
	// comment takes a hardware keyboard only.
	Keyboard func(target *widget.Entry) fyne.CanvasObject
}

// padKeyboard is what the pad uses of a keyboard, when the keyboard has it.
type padKeyboard interface{ Retext(*Localizer) }
type resetter interface{ Reset() }

// RatePad is the small screen facing the citizen at a window (servicehall rate --window
// N): it follows the hall's live events and, the moment its window finishes a ticket,
// offers the rating of that service; after the thanks, or when nobody touches it, it
// returns to its idle screen and forgets the rating.
type RatePad struct {
	svc    RatingHub
	loc    *Localizer
	window int
	lang0  string // the hall's default language, back on idle
	opts   RatePadOptions
	scope  Scope
	g      Guard

	// guarded by g
	screen  string
	ticket  app.Ticket
	sending bool
	rated   *app.Rating
	msgKey  string // the message line's text id ("" none); msgErr for a hub error
	msgErr  error
	msgImp  widget.Importance
	probs   error // the problems the form shows (re-said on a language switch)
	gen     int
	stop    func() bool

	body      *fyne.Container
	idle      fyne.CanvasObject
	idleTitle *widget.Label
	idleText  *widget.Label
	rate      fyne.CanvasObject
	head      *widget.Label
	number    *BigText
	form      *RatingForm
	scroll    *container.Scroll
	message   *widget.Label
	submit    *widget.Button
	skip      *widget.Button
	thanks    fyne.CanvasObject
	thTitle   *widget.Label
	thStars   *BigText
	thLevel   *widget.Label
	thNote    *widget.Label
	link      *LinkStatus
	langBtns  map[string]*widget.Button
	kb        fyne.CanvasObject
	content   fyne.CanvasObject
}

// NewRatePad builds the pad of window in loc's language. It does no I/O: call Start.
func NewRatePad(a fyne.App, svc RatingHub, loc *Localizer, window int, opts RatePadOptions) *RatePad {
	_ = a
	if opts.Idle <= 0 {
		opts.Idle = DefaultRateIdle
	}
	if opts.Thanks <= 0 {
		opts.Thanks = DefaultRateThanks
	}
	if opts.After == nil {
		opts.After = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	p := &RatePad{svc: svc, loc: loc, lang0: loc.Lang(), window: window, opts: opts, screen: PadIdle,
		langBtns: map[string]*widget.Button{}}
	lock := func(f func()) {
		p.g.Lock()
		defer p.g.Unlock()
		f()
	}

	p.idleTitle = widget.NewLabel("")
	p.idleTitle.SizeName = theme.SizeNameHeadingText
	p.idleTitle.TextStyle.Bold = true
	p.idleTitle.Alignment = fyne.TextAlignCenter
	p.idleText = widget.NewLabel("")
	p.idleText.SizeName = theme.SizeNameSubHeadingText
	p.idleText.Alignment = fyne.TextAlignCenter
	p.idleText.Wrapping = fyne.TextWrapWord
	p.idle = container.NewVBox(layout.NewSpacer(), p.idleTitle, NewBigText(Stars(app.LevelVerySatisfied), 72), p.idleText, layout.NewSpacer())

	p.head = widget.NewLabel("")
	p.head.SizeName = theme.SizeNameHeadingText
	p.head.TextStyle.Bold = true
	p.head.Wrapping = fyne.TextWrapWord
	p.number = NewBigText("", 48)
	p.number.Bold = true
	p.number.ColorName = theme.ColorNamePrimary
	p.form = NewRatingForm(loc, lock, p.touch)
	if opts.Keyboard != nil {
		p.kb = opts.Keyboard(p.form.Text)
		p.form.Keyboard.Objects = []fyne.CanvasObject{p.kb}
		p.form.SetKeyboardOnDemand(true)
	}
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	p.message.SizeName = theme.SizeNameSubHeadingText
	p.message.TextStyle.Bold = true
	p.message.Hide()
	p.submit = widget.NewButtonWithIcon("", theme.ConfirmIcon(), p.Submit)
	p.submit.Importance = widget.HighImportance
	p.skip = widget.NewButtonWithIcon("", theme.CancelIcon(), p.Skip)
	bottom := container.NewVBox(p.message, container.NewBorder(nil, nil, WithMinSize(p.skip, 200, LevelButtonHeight), nil,
		WithHeight(p.submit, LevelButtonHeight)))
	p.scroll = container.NewVScroll(p.form.Content())
	p.form.OnReasons = p.scroll.ScrollToBottom
	// The keyboard opens under the comment: bring the comment to the top, the keys below.
	p.form.OnKeyboard = func() {
		p.form.Content().Refresh()
		p.scroll.ScrollToOffset(fyne.NewPos(0, p.form.TextOffset()-theme.Padding()))
	}
	p.rate = container.NewBorder(container.NewBorder(nil, nil, nil, WithMinSize(p.number, 160, 0), p.head), bottom, nil, nil, p.scroll)

	p.thTitle = widget.NewLabel("")
	p.thTitle.SizeName = theme.SizeNameHeadingText
	p.thTitle.TextStyle.Bold = true
	p.thTitle.Alignment = fyne.TextAlignCenter
	p.thTitle.Importance = widget.SuccessImportance
	p.thStars = NewBigText("", 72)
	p.thLevel = widget.NewLabel("")
	p.thLevel.SizeName = theme.SizeNameHeadingText
	p.thLevel.Alignment = fyne.TextAlignCenter
	p.thNote = widget.NewLabel("")
	p.thNote.SizeName = theme.SizeNameSubHeadingText
	p.thNote.Alignment = fyne.TextAlignCenter
	p.thNote.Wrapping = fyne.TextWrapWord
	p.thanks = container.NewVBox(layout.NewSpacer(), p.thTitle, p.thStars, p.thLevel, p.thNote, layout.NewSpacer())

	p.link = NewLinkStatus(loc)
	langs := container.NewHBox(layout.NewSpacer())
	for _, l := range Langs {
		b := widget.NewButton("", func() { p.SetLang(l) })
		p.langBtns[l] = b
		langs.Add(WithMinSize(b, 96, ReasonButtonHeight))
	}
	p.body = container.NewStack(p.idle)
	p.content = container.NewPadded(container.NewBorder(langs, container.NewVBox(widget.NewSeparator(), p.link), nil, nil, p.body))
	p.retext()
	return p
}

// Content returns the pad's root object.
func (p *RatePad) Content() fyne.CanvasObject { return p.content }

// SetLang switches every text of the pad to lang (LangHans, LangHant, LangEN) at once;
// the return to idle brings back the hall's default.
func (p *RatePad) SetLang(lang string) {
	p.g.Lock()
	defer p.g.Unlock()
	p.touch()
	p.setLang(lang)
}

func (p *RatePad) setLang(lang string) {
	if NormalizeLang(lang) == p.loc.Lang() {
		return
	}
	p.loc = NewLocalizer(lang)
	p.form.SetLocalizer(p.loc)
	p.form.ShowProblems(p.probs)
	p.link.SetLocalizer(p.loc)
	if k, ok := p.kb.(padKeyboard); ok {
		k.Retext(p.loc)
	}
	p.retext()
}

// Lang returns the language the pad speaks now.
func (p *RatePad) Lang() string {
	var s string
	p.g.Read(func() { s = p.loc.Lang() })
	return s
}

// LangButton returns the button of language l (tests tap it).
func (p *RatePad) LangButton(l string) *widget.Button { return p.langBtns[l] }

// IdleText returns the idle screen's title and line (tests read them).
func (p *RatePad) IdleText() string {
	var s string
	p.g.Read(func() { s = p.idleTitle.Text + " " + p.idleText.Text })
	return s
}

// HeadText returns the rating screen's heading and the submit button's text.
func (p *RatePad) HeadText() string {
	var s string
	p.g.Read(func() { s = p.head.Text + " " + p.submit.Text })
	return s
}

// Start follows the hall's live events until ctx ends: a ticket finished at the pad's
// window is offered for rating at once. It returns at once.
func (p *RatePad) Start(ctx context.Context) {
	p.scope.Set(ctx)
	go Follow(ctx, p.svc, func() {
		rctx, cancel := p.scope.Request()
		defer cancel()
		if h, err := p.svc.Health(rctx); err == nil {
			p.g.Do(func() { p.link.Set(h) })
		}
	}, func(error) { p.g.Do(p.link.SetHubDown) }, func(ev app.Event) {
		switch {
		case ev.Type == app.EventTicketFinished && ev.Ticket != nil:
			t := *ev.Ticket
			if t.Window == p.window && t.Status == app.TicketDone {
				p.g.Do(func() { p.offer(t) })
			}
		case ev.Type == app.EventSyncStatus && ev.Health != nil:
			h := *ev.Health
			p.g.Do(func() { p.link.Set(h) })
		}
	})
}

// Offer shows the rating of ticket t's service (what a finish at the pad's window does).
func (p *RatePad) Offer(t app.Ticket) {
	p.g.Lock()
	defer p.g.Unlock()
	p.offer(t)
}

func (p *RatePad) offer(t app.Ticket) {
	p.gen++
	p.ticket, p.rated, p.sending = t, nil, false
	p.form.Reset()
	p.number.SetText(t.Number)
	p.submit.Enable()
	p.probs = nil
	p.setMessage("", nil, widget.MediumImportance)
	p.show(PadRate, p.rate)
	p.retext()
	p.arm(p.opts.Idle)
}

// Submit sends the rating (the submit button). Problems show under their questions; a
// ticket already rated says so.
func (p *RatePad) Submit() {
	p.g.Lock()
	defer p.g.Unlock()
	if p.screen != PadRate || p.sending {
		return
	}
	p.touch()
	s, err := p.form.Submission()
	if err != nil {
		p.probs = err
		p.setMessage("rating.fix", nil, widget.DangerImportance)
		if p.form.NeedsReason() {
			p.scroll.ScrollToBottom()
		} else {
			p.scroll.ScrollToTop()
		}
		return
	}
	p.sending = true
	p.submit.Disable()
	p.probs = nil
	p.setMessage("rating.sending", nil, widget.MediumImportance)
	gen, id := p.gen, p.ticket.ID
	go func() {
		ctx, cancel := p.scope.Request()
		defer cancel()
		r, err := p.svc.RateTicket(ctx, id, s)
		p.g.Do(func() {
			if gen != p.gen {
				return
			}
			p.sending = false
			p.submit.Enable()
			if err != nil {
				if p.form.ShowProblems(err) {
					p.probs = err
					p.setMessage("rating.fix", nil, widget.DangerImportance)
				} else {
					p.setMessage("", err, widget.DangerImportance)
				}
				return
			}
			p.rated = &r
			p.showThanks()
		})
	}()
}

// Skip returns to the idle screen without rating (the citizen does not want to).
func (p *RatePad) Skip() {
	p.g.Lock()
	defer p.g.Unlock()
	p.goIdle()
}

// RatingErrorText says why a rating was refused: already rated (one per ticket or
// application), not finished yet, unknown, or the hub's error in words.
func RatingErrorText(loc *Localizer, err error) string {
	switch app.ErrorCode(err) {
	case app.ECONFLICT:
		var ae *app.Error
		if errors.As(err, &ae) && strings.Contains(ae.Message, "already rated") {
			return loc.T("rating.already")
		}
		return loc.T("rating.conflict")
	case app.ENOTFOUND:
		return loc.T("rating.not_found")
	}
	return loc.ErrorText(err)
}

func (p *RatePad) showThanks() {
	p.gen++
	r := *p.rated
	p.thStars.SetText(Stars(r.Scores.Overall))
	p.show(PadThanks, p.thanks)
	p.retext()
	p.arm(p.opts.Thanks)
}

func (p *RatePad) goIdle() {
	p.gen++
	if p.stop != nil {
		p.stop()
		p.stop = nil
	}
	p.ticket, p.rated, p.sending, p.probs = app.Ticket{}, nil, false, nil
	p.form.Reset()
	if k, ok := p.kb.(resetter); ok {
		k.Reset()
	}
	p.number.SetText("")
	p.setMessage("", nil, widget.MediumImportance)
	p.setLang(p.lang0)
	p.show(PadIdle, p.idle)
}

func (p *RatePad) show(screen string, obj fyne.CanvasObject) {
	p.screen = screen
	p.body.Objects = []fyne.CanvasObject{obj}
	p.body.Refresh()
}

// touch gives the citizen the full time again (every tap).
func (p *RatePad) touch() {
	if p.screen == PadRate {
		p.arm(p.opts.Idle)
	}
}

func (p *RatePad) arm(d time.Duration) {
	if p.stop != nil {
		p.stop()
	}
	gen := p.gen
	p.stop = p.opts.After(d, func() {
		p.g.Do(func() {
			if p.gen == gen {
				p.goIdle()
			}
		})
	})
}

func (p *RatePad) setMessage(key string, err error, imp widget.Importance) {
	p.msgKey, p.msgErr, p.msgImp = key, err, imp
	p.showMessage()
}

// showMessage says the message line in the pad's language.
func (p *RatePad) showMessage() {
	text := ""
	switch {
	case p.msgErr != nil:
		text = RatingErrorText(p.loc, p.msgErr)
	case p.msgKey != "":
		text = p.loc.T(p.msgKey)
	}
	p.message.Importance = p.msgImp
	p.message.SetText(text)
	if text == "" {
		p.message.Hide()
	} else {
		p.message.Show()
	}
}

func (p *RatePad) retext() {
	w := strconv.Itoa(p.window)
	p.idleTitle.SetText(p.loc.Tf("rating.pad.window", map[string]any{"Window": w}))
	p.idleText.SetText(p.loc.T("rating.pad.idle"))
	p.head.SetText(p.loc.Tf("rating.pad.head", map[string]any{"Window": w}))
	p.form.SetTitle(p.loc.T("rating.form_hint"))
	p.submit.SetText(p.loc.T("rating.submit"))
	p.skip.SetText(p.loc.T("rating.skip"))
	p.thTitle.SetText(p.loc.T("rating.thanks"))
	for l, b := range p.langBtns {
		b.SetText(p.loc.T("lang." + map[string]string{LangHans: "zh_hans", LangHant: "zh_hant", LangEN: "en"}[l]))
		if l == p.loc.Lang() {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	p.showMessage()
	if p.rated != nil {
		p.thLevel.SetText(LevelText(p.loc, p.rated.Scores.Overall))
		if p.rated.FollowUp {
			p.thNote.SetText(p.loc.T("rating.follow_up"))
		} else {
			p.thNote.SetText(p.loc.T("rating.thanks_note"))
		}
	}
}

// Screen returns PadIdle, PadRate or PadThanks.
func (p *RatePad) Screen() string {
	var s string
	p.g.Read(func() { s = p.screen })
	return s
}

// TicketNumber returns the number of the ticket offered for rating, "" when idle.
func (p *RatePad) TicketNumber() string {
	var s string
	p.g.Read(func() { s = p.ticket.Number })
	return s
}

// MessageText returns the line above the submit button ("" when none shows).
func (p *RatePad) MessageText() string {
	var s string
	p.g.Read(func() {
		if p.message.Visible() {
			s = p.message.Text
		}
	})
	return s
}

// Form returns the pad's rating form (tests tap its buttons).
func (p *RatePad) Form() *RatingForm { return p.form }

// Rated returns the rating stored by the last submit, nil before.
func (p *RatePad) Rated() *app.Rating {
	var r *app.Rating
	p.g.Read(func() { r = p.rated })
	return r
}

// LinkText returns what the pad's link status says.
func (p *RatePad) LinkText() string {
	var s string
	p.g.Read(func() { s = p.link.Text() })
	return s
}

// FormErrors returns the problem lines the form shows.
func (p *RatePad) FormErrors() []string {
	var out []string
	p.g.Read(func() { out = p.form.ErrorTexts() })
	return out
}

// SubmitButton returns the submit button (tests tap it).
func (p *RatePad) SubmitButton() *widget.Button { return p.submit }
