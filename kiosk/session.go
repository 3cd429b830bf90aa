package kiosk

import (
	"context"
	"image/color"
	"strconv"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// DefaultCountdown is how many seconds the "即将返回首页" overlay counts down after the
// hall's idle time before the session ends.
const DefaultCountdown = 10

// A visitor's session: everything one person chose, saw or typed at the kiosk — the
// screen, the language, elder mode, the green channel, every field. It ends (endSession)
// after the idle time and a countdown nobody stopped, or after a finished task (a ticket
// taken, an application submitted): then the kiosk is as the hall left it, and nothing of
// the visitor stays in a widget or a field of the kiosk.

// sessionUI holds the header's elder-mode toggle and clock, the idle countdown overlay
// and the lockdown's maintenance screens. Its methods run with the kiosk's lock held
// unless they say otherwise.
type sessionUI struct {
	k     *Kiosk
	theme *modeTheme
	now   func() time.Time

	elder      bool
	elderBtn   *widget.Button
	clock      *widget.Label
	corner     fyne.CanvasObject // the clock under the hidden gesture's tap area
	cornerArea *tapArea

	idleStop func() bool
	gen      int // bumped whenever the idle timer is re-armed or stopped
	left     int // seconds the countdown still shows; 0 when it does not show

	overlay *fyne.Container
	cdTitle *widget.Label
	cdHint  *widget.Label
	cdBtn   *widget.Button

	root *container.ThemeOverride
	lk   *lockdown
}

func newSessionUI(k *Kiosk) *sessionUI {
	s := &sessionUI{k: k, theme: newModeTheme(), now: time.Now}
	s.elderBtn = widget.NewButtonWithIcon("", theme.ZoomInIcon(), s.toggleElder)
	s.clock = widget.NewLabel("")
	s.clock.TextStyle.Bold = true
	s.clock.SizeName = theme.SizeNameSubHeadingText
	s.clock.Alignment = fyne.TextAlignTrailing

	s.cdTitle = heading(theme.SizeNameHeadingText)
	s.cdTitle.Alignment = fyne.TextAlignCenter
	s.cdHint = wrapped(theme.SizeNameSubHeadingText)
	s.cdHint.Alignment = fyne.TextAlignCenter
	s.cdBtn = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), s.resume)
	s.cdBtn.Importance = widget.HighImportance
	card := container.NewStack(
		canvas.NewRectangle(color.White),
		container.NewPadded(container.NewPadded(container.NewVBox(
			s.cdTitle, s.cdHint, container.NewCenter(ui.WithMinSize(s.cdBtn, 320, TileHeight))))))
	// Any touch on the dimmed screen continues too: nothing under it reacts meanwhile.
	s.overlay = container.NewStack(
		canvas.NewRectangle(color.NRGBA{A: 0xb0}),
		newTapArea(s.resume),
		container.NewCenter(ui.WithMinSize(card, 560, 0)))
	s.overlay.Hide()
	s.lk = newLockdown(k, s)
	return s
}

// frame wraps the kiosk's screens: the countdown overlay over them, the kiosk theme
// (normal or elder) around them.
func (s *sessionUI) frame(inner fyne.CanvasObject) fyne.CanvasObject {
	s.root = container.NewThemeOverride(container.NewStack(inner, s.overlay), s.theme)
	return s.root
}

// idleTime is the hall's idle time before the countdown.
func (k *Kiosk) idleTime() time.Duration {
	if k.opts.IdleTimeout > 0 {
		return k.opts.IdleTimeout
	}
	return DefaultIdleReset
}

func (k *Kiosk) countdown() int {
	if k.opts.Countdown > 0 {
		return k.opts.Countdown
	}
	return DefaultCountdown
}

// dirty reports whether anything differs from how the hall left the kiosk.
func (s *sessionUI) dirty() bool {
	k := s.k
	return k.screen != ScreenHome || k.loc.Lang() != ui.NormalizeLang(k.lang0) || s.elder || (k.qb != nil && k.qb.green)
}

// activity is a visitor's touch: it hides the countdown and gives the full idle time
// again. The ticket and submitted screens have their own return timers instead; a kiosk
// as the hall left it needs none.
func (s *sessionUI) activity() {
	s.stopIdle()
	s.hideCountdown()
	k := s.k
	if k.screen == ScreenTicket || k.screen == ScreenSubmitted || !s.dirty() {
		return
	}
	gen := s.gen
	s.idleStop = k.after(k.idleTime(), func() {
		k.g.Do(func() {
			if s.gen == gen && s.dirty() {
				s.startCountdown()
			}
		})
	})
}

func (s *sessionUI) stopIdle() {
	s.gen++
	if s.idleStop != nil {
		s.idleStop()
		s.idleStop = nil
	}
}

// startCountdown shows the overlay and counts down a second at a time.
func (s *sessionUI) startCountdown() {
	s.left = s.k.countdown()
	s.overlay.Show()
	s.tick()
}

func (s *sessionUI) tick() {
	k := s.k
	s.retextCountdown()
	s.overlay.Refresh()
	gen := s.gen
	s.idleStop = k.after(time.Second, func() {
		k.g.Do(func() {
			if s.gen != gen || s.left == 0 {
				return
			}
			s.left--
			if s.left <= 0 {
				k.endSession()
				return
			}
			s.tick()
		})
	})
}

func (s *sessionUI) hideCountdown() {
	s.left = 0
	s.overlay.Hide()
}

// resume is the continue button's tap (or any tap on the dimmed screen).
func (s *sessionUI) resume() {
	s.k.g.Lock()
	defer s.k.g.Unlock()
	if s.left == 0 {
		return
	}
	s.k.touch()
}

// touch is a visitor's tap anywhere: the flows' own timers and the idle timer restart.
func (k *Kiosk) touch() {
	if k.flow != nil && k.screen != ScreenHome && k.screen != ScreenTicket {
		k.flow.touch() // calls k.sx.activity
		return
	}
	k.sx.activity()
}

// endSession ends the visitor's session: home screen, every field emptied, the hall's
// language, elder mode off, the maintenance screens closed.
func (k *Kiosk) endSession() {
	k.sx.stopIdle()
	k.sx.hideCountdown()
	k.sx.lk.reset()
	k.goHome()
	k.setLang(k.lang0)
	k.sx.setElder(false)
	k.sx.activity()
}

// EndSession ends the visitor's session at once, as the idle countdown does.
func (k *Kiosk) EndSession() {
	k.g.Lock()
	defer k.g.Unlock()
	k.endSession()
}

// runClock keeps the header's clock (hall time) current until ctx ends. Own goroutine.
func (s *sessionUI) runClock(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		s.k.g.Do(s.showClock)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *sessionUI) showClock() {
	text := s.now().In(app.LoadLocation("")).Format("2006-01-02 15:04")
	if s.clock.Text != text {
		s.clock.SetText(text)
	}
}

func (s *sessionUI) retextCountdown() {
	loc := s.k.loc
	s.cdTitle.SetText(loc.Tf("session.countdown", map[string]any{"Seconds": strconv.Itoa(s.left)}))
	s.cdHint.SetText(loc.T("session.countdown_hint"))
	s.cdBtn.SetText(loc.T("session.continue"))
}

// retext sets the session's texts in the kiosk's language.
func (s *sessionUI) retext() {
	s.retextElder()
	s.retextCountdown()
	s.showClock()
	s.lk.retext()
}

// modeTheme is the kiosk theme of the mode in force: every screen, and the flows' own
// theme overrides, read it through this one value, so a switch reaches them all at once.
type modeTheme struct {
	elder         atomic.Bool
	normal, large *ui.KioskTheme
}

func newModeTheme() *modeTheme {
	return &modeTheme{normal: ui.NewKioskTheme(false), large: ui.NewKioskTheme(true)}
}

func (m *modeTheme) cur() fyne.Theme {
	if m.elder.Load() {
		return m.large
	}
	return m.normal
}

// Color is the current mode's colour.
func (m *modeTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return m.cur().Color(n, v)
}

// Font is the current mode's font.
func (m *modeTheme) Font(s fyne.TextStyle) fyne.Resource { return m.cur().Font(s) }

// Icon is the current mode's icon.
func (m *modeTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return m.cur().Icon(n) }

// Size is the current mode's size.
func (m *modeTheme) Size(n fyne.ThemeSizeName) float32 { return m.cur().Size(n) }

// tapArea is an invisible target: the hidden maintenance gesture's corner, the countdown's
// dimmed screen.
type tapArea struct {
	widget.BaseWidget
	onTap func()
}

func newTapArea(onTap func()) *tapArea {
	t := &tapArea{onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped calls the area's function.
func (t *tapArea) Tapped(*fyne.PointEvent) { t.onTap() }

// CreateRenderer draws nothing.
func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// CountdownShown reports whether the idle countdown overlay shows.
func (k *Kiosk) CountdownShown() bool {
	var on bool
	k.read(func() { on = k.sx.overlay.Visible() })
	return on
}

// CountdownText returns the countdown's line ("即将返回首页 10…").
func (k *Kiosk) CountdownText() string {
	var s string
	k.read(func() { s = k.sx.cdTitle.Text })
	return s
}
