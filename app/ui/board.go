package ui

import (
	"context"
	"image/color"
	"slices"
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

// BoardRecent is how many earlier calls the board lists under the current one.
const BoardRecent = 8

// BoardWaitColumns is how many queues share a row of the waiting counts.
const BoardWaitColumns = 4

// BoardFlash is how long a new call flashes; BoardBlink is the flash's on/off period.
const (
	BoardFlash = 6 * time.Second
	BoardBlink = 500 * time.Millisecond
)

// Board is the hall's big screen: the hall's name and clock, the latest call huge ("请
// A001 号到 1 号窗口办理"), flashing when new, with a chime and a spoken announcement; the
// 8 calls before it; how many wait in each queue; the speech and link status. It follows
// the hall's live events (no polling), subscribes again by itself when the stream ends,
// and catches up on calls it missed from the hub's recent calls.
type Board struct {
	svc   app.HallService
	qs    app.QueueService // nil when the service has no queue API
	loc   *Localizer
	zone  *time.Location
	scope Scope
	g     Guard
	ann   *Announcer

	// guarded by g
	calls    []app.Ticket // newest first, at most BoardRecent+1
	flashGen int
	flashing bool
	flashOn  bool
	flashFor time.Duration
	now      func() time.Time

	refresh chan struct{}

	hall        *widget.Label
	clock       *widget.Label
	call        *BigText
	flash       *canvas.Rectangle
	recentTitle *widget.Label
	recent      []*BigText
	waitTitle   *widget.Label
	waitGrid    *fyne.Container // one cell per queue: name, then its count (never split)
	waitText    string          // the same as one line, for tests
	state       *widget.Label   // paused windows and tickets on hold, hidden when none
	paused      map[int]bool    // windows paused, from the live events since Start
	held        map[string]string
	voice       *widget.Label
	link        *LinkStatus
	content     fyne.CanvasObject
}

// NewBoard builds the call board. It does no I/O: Start loads and follows. It speaks
// through espeak-ng and chimes through paplay/aplay when they are installed (see
// SetAnnouncer to change that).
func NewBoard(a fyne.App, svc app.HallService, loc *Localizer) *Board {
	_ = a // the screen draws with the app's theme; kept for the screen constructor's shape
	b := &Board{svc: svc, loc: loc, zone: app.LoadLocation(""), now: time.Now, flashFor: BoardFlash, refresh: make(chan struct{}, 1)}
	b.qs, _ = svc.(app.QueueService)
	var sp Speaker
	if s := NewEspeakSpeaker(); s != nil {
		sp = s
	}
	var ch Chimer
	if c := NewPlayerChimer(); c != nil {
		ch = c
	}
	b.ann = NewAnnouncer(sp, ch, loc.Lang())

	b.hall = widget.NewLabel(loc.T("board.hall"))
	b.hall.SizeName = theme.SizeNameHeadingText
	b.hall.TextStyle.Bold = true
	b.clock = widget.NewLabel("")
	b.clock.SizeName = theme.SizeNameHeadingText
	b.clock.TextStyle.Monospace = true
	b.call = NewBigText(loc.T("board.idle"), 80)
	b.call.Bold = true
	b.call.ColorName = theme.ColorNamePrimary
	b.flash = canvas.NewRectangle(color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff})
	b.flash.CornerRadius = 12
	b.flash.Hide()
	b.recentTitle = widget.NewLabel(loc.T("board.recent"))
	b.recentTitle.SizeName = theme.SizeNameSubHeadingText
	rows := container.NewGridWithColumns(4)
	for range BoardRecent {
		t := NewBigText("", 36)
		b.recent = append(b.recent, t)
		rows.Add(t)
	}
	b.waitTitle = widget.NewLabel(loc.T("queue.board.waiting"))
	b.waitTitle.SizeName = theme.SizeNameSubHeadingText
	b.waitGrid = container.NewGridWithColumns(BoardWaitColumns)
	b.state = widget.NewLabel("")
	b.state.SizeName = theme.SizeNameSubHeadingText
	b.state.Importance = widget.WarningImportance
	b.state.Truncation = fyne.TextTruncateEllipsis
	b.state.Hide()
	b.paused, b.held = map[int]bool{}, map[string]string{}
	b.voice = widget.NewLabel("")
	b.link = NewLinkStatus(loc)
	b.showVoice()
	b.tick()

	header := container.NewVBox(container.NewBorder(nil, nil, b.hall, b.clock), widget.NewSeparator())
	callBox := container.NewStack(b.flash, container.NewPadded(b.call))
	middle := container.NewVBox(layout.NewSpacer(), callBox, layout.NewSpacer())
	bottom := container.NewVBox(widget.NewSeparator(), b.recentTitle, rows, widget.NewSeparator(), b.waitTitle, b.waitGrid, b.state,
		widget.NewSeparator(), container.NewBorder(nil, nil, b.voice, nil, b.link))
	b.content = container.NewPadded(container.NewBorder(header, bottom, nil, nil, middle))
	return b
}

// SetAnnouncer replaces the board's announcer (nil: silent). Call it before Start.
func (b *Board) SetAnnouncer(a *Announcer) {
	b.g.Lock()
	defer b.g.Unlock()
	b.ann = a
	b.showVoice()
}

// SetFlashDuration changes how long a new call flashes (BoardFlash by default).
func (b *Board) SetFlashDuration(d time.Duration) {
	b.g.Lock()
	defer b.g.Unlock()
	b.flashFor = d
}

// SetClock replaces the clock the board shows (tests and screenshots).
func (b *Board) SetClock(now func() time.Time) {
	b.g.Lock()
	defer b.g.Unlock()
	b.now = now
	b.tick()
}

// Content returns the screen's root object.
func (b *Board) Content() fyne.CanvasObject { return b.content }

// Start follows the hall's live events in the background until ctx ends. It returns at once.
func (b *Board) Start(ctx context.Context) {
	b.scope.Set(ctx)
	var ann *Announcer
	b.g.Read(func() { ann = b.ann })
	if ann != nil {
		go ann.Run(ctx)
	}
	go b.refresher(ctx)
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				b.g.Do(b.tick)
			}
		}
	}()
	go Follow(ctx, b.svc, b.reload, func(error) { b.g.Do(b.link.SetHubDown) }, b.handle)
}

// reload fetches the hall's name and link state after each (re)subscription, and the
// recent calls it may have missed while disconnected (a hub restart forgets its events).
func (b *Board) reload() {
	ctx, cancel := b.scope.Request()
	defer cancel()
	if h, err := b.svc.Health(ctx); err == nil {
		b.g.Do(func() {
			if h.HallName != "" {
				b.hall.SetText(h.HallName)
			}
			b.link.Set(h)
		})
	}
	b.askRefresh()
	if b.qs == nil {
		return
	}
	calls, err := b.qs.RecentCalls(ctx, BoardRecent+1)
	if err != nil || len(calls) == 0 {
		return
	}
	b.g.Do(func() {
		fresh := len(b.calls) == 0 || b.calls[0].ID != calls[0].ID || !sameTime(b.calls[0].CalledAt, calls[0].CalledAt)
		b.calls = calls
		b.show()
		if fresh && calls[0].CalledAt != nil && b.now().Sub(*calls[0].CalledAt) < 2*time.Minute {
			b.announce(calls[0])
		}
	})
}

func sameTime(a, c *time.Time) bool {
	return a != nil && c != nil && a.Equal(*c)
}

// handle applies one live event.
func (b *Board) handle(ev app.Event) {
	switch ev.Type {
	case app.EventTicketCalled, app.EventTicketRecalled, app.EventTicketResumed:
		if ev.Ticket == nil {
			return
		}
		t := *ev.Ticket
		b.g.Do(func() {
			b.track(ev)
			calls := []app.Ticket{t}
			for _, c := range b.calls {
				if c.ID != t.ID && len(calls) <= BoardRecent {
					calls = append(calls, c)
				}
			}
			b.calls = calls
			b.show()
			b.announce(t)
		})
		b.askRefresh()
	case app.EventTicketIssued, app.EventTicketFinished, app.EventTicketNoShow, app.EventTicketTransferred,
		app.EventTicketReturned, app.EventTicketExpired, app.EventWindowPaused, app.EventWindowReopened, app.EventTicketHeld:
		b.g.Do(func() { b.track(ev) })
		b.askRefresh()
	case app.EventSyncStatus:
		if ev.Health != nil {
			h := *ev.Health
			b.g.Do(func() { b.link.Set(h) })
		}
	}
}

// askRefresh asks for the queue counts again; requests made while one runs coalesce.
func (b *Board) askRefresh() {
	select {
	case b.refresh <- struct{}{}:
	default:
	}
}

func (b *Board) refresher(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.refresh:
		}
		if b.qs == nil {
			continue
		}
		rctx, cancel := b.scope.Request()
		list, err := b.qs.QueueStatus(rctx)
		cancel()
		if err != nil {
			continue
		}
		b.g.Do(func() { b.showWaiting(list) })
	}
}

// announce flashes the call and queues its chime and speech; it runs with b.g held.
func (b *Board) announce(t app.Ticket) {
	b.flashGen++
	gen := b.flashGen
	b.flashing, b.flashOn = true, true
	b.showFlash()
	if b.ann != nil {
		b.ann.Say(b.callText("board.call", t))
	}
	flashFor := b.flashFor
	go func() {
		tick := time.NewTicker(BoardBlink)
		defer tick.Stop()
		end := time.NewTimer(flashFor)
		defer end.Stop()
		ctx := b.scope.Context()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				b.g.Do(func() {
					if b.flashGen == gen {
						b.flashOn = !b.flashOn
						b.showFlash()
					}
				})
			case <-end.C:
				b.g.Do(func() {
					if b.flashGen == gen {
						b.flashing, b.flashOn = false, false
						b.showFlash()
					}
				})
				return
			}
		}
	}()
}

// The methods below run with b.g held.

func (b *Board) showFlash() {
	if b.flashing && b.flashOn {
		b.flash.Show()
	} else {
		b.flash.Hide()
	}
}

func (b *Board) tick() {
	b.clock.SetText(b.now().In(b.zone).Format("2006-01-02 15:04:05"))
}

func (b *Board) showVoice() {
	switch {
	case b.ann.CanSpeak():
		b.voice.SetText(b.loc.T("queue.board.voice_on"))
		b.voice.Importance = widget.MediumImportance
	default:
		b.voice.SetText(b.loc.T("queue.board.voice_off"))
		b.voice.Importance = widget.WarningImportance
	}
	b.voice.Refresh()
}

func (b *Board) showWaiting(list []app.QueueStatus) {
	var parts []string
	b.waitGrid.RemoveAll()
	for _, q := range list {
		name := q.Name
		if b.loc.Lang() == LangEN && q.NameEN != "" {
			name = q.NameEN
		}
		parts = append(parts, b.loc.Tf("queue.board.queue_waiting", map[string]any{"Prefix": q.Prefix, "Name": name, "Count": strconv.Itoa(q.Waiting)}))
		// The count keeps its place at the right of its cell; a long name is shortened.
		nm := widget.NewLabel(q.Prefix + " " + name)
		nm.SizeName = theme.SizeNameSubHeadingText
		nm.Truncation = fyne.TextTruncateEllipsis
		n := widget.NewLabel(b.loc.Tf("queue.board.queue_count", map[string]any{"Count": strconv.Itoa(q.Waiting)}))
		n.SizeName = theme.SizeNameSubHeadingText
		n.TextStyle.Bold = true
		b.waitGrid.Add(container.NewBorder(nil, nil, nil, n, nm))
	}
	b.waitText = b.loc.T("queue.board.waiting") + "  " + strings.Join(parts, "   ")
}

// track follows the windows paused and the tickets on hold from the live events (the hub
// has no list of them: a board started later learns them as they change).
func (b *Board) track(ev app.Event) {
	switch ev.Type {
	case app.EventWindowPaused:
		if ev.Window != nil {
			b.paused[ev.Window.Number] = true
		}
	case app.EventWindowReopened:
		if ev.Window != nil {
			delete(b.paused, ev.Window.Number)
		}
	case app.EventTicketHeld:
		if ev.Ticket != nil {
			b.held[ev.Ticket.ID] = ev.Ticket.Number
		}
	default:
		if ev.Ticket != nil {
			delete(b.held, ev.Ticket.ID)
		}
	}
	b.showState()
}

// showState writes the one line of paused windows and tickets on hold.
func (b *Board) showState() {
	var parts []string
	if len(b.paused) > 0 {
		var ws []int
		for w := range b.paused {
			ws = append(ws, w)
		}
		slices.Sort(ws)
		names := make([]string, len(ws))
		for i, w := range ws {
			names[i] = strconv.Itoa(w)
		}
		parts = append(parts, b.loc.Tf("queue.hall.paused", map[string]any{"Windows": strings.Join(names, ", ")}))
	}
	if len(b.held) > 0 {
		var nos []string
		for _, n := range b.held {
			nos = append(nos, n)
		}
		slices.Sort(nos)
		parts = append(parts, b.loc.Tf("queue.hall.held", map[string]any{"Numbers": strings.Join(nos, ", ")}))
	}
	b.state.SetText(strings.Join(parts, "    "))
	if len(parts) == 0 {
		b.state.Hide()
	} else {
		b.state.Show()
	}
}

// show draws b.calls.
func (b *Board) show() {
	if len(b.calls) == 0 {
		b.call.SetText(b.loc.T("board.idle"))
	} else {
		b.call.SetText(b.callText("board.call", b.calls[0]))
	}
	for i, t := range b.recent {
		if i+1 < len(b.calls) {
			t.SetText(b.callText("board.recent_item", b.calls[i+1]))
		} else {
			t.SetText("")
		}
	}
}

func (b *Board) callText(id string, t app.Ticket) string {
	return b.loc.Tf(id, map[string]any{"Number": t.Number, "Window": strconv.Itoa(t.Window)})
}

// CurrentText returns the latest call as shown, e.g. "请 A001 号到 1 号窗口办理".
func (b *Board) CurrentText() string {
	var s string
	b.g.Read(func() { s = b.call.Text })
	return s
}

// Flashing reports whether the latest call is still flashing as new.
func (b *Board) Flashing() bool {
	var f bool
	b.g.Read(func() { f = b.flashing })
	return f
}

// RecentTexts returns the earlier calls as shown, newest first.
func (b *Board) RecentTexts() []string {
	var out []string
	b.g.Read(func() {
		for _, t := range b.recent {
			if t.Text != "" {
				out = append(out, t.Text)
			}
		}
	})
	return out
}

// WaitingText returns the per-queue waiting counts as one line.
func (b *Board) WaitingText() string {
	var s string
	b.g.Read(func() { s = b.waitText })
	return s
}

// StateText returns the line of paused windows and tickets on hold ("" when hidden).
func (b *Board) StateText() string {
	var s string
	b.g.Read(func() {
		if b.state.Visible() {
			s = b.state.Text
		}
	})
	return s
}

// VoiceText returns the speech status line.
func (b *Board) VoiceText() string {
	var s string
	b.g.Read(func() { s = b.voice.Text })
	return s
}

// ClockText returns the clock as shown.
func (b *Board) ClockText() string {
	var s string
	b.g.Read(func() { s = b.clock.Text })
	return s
}

// HallText returns the hall name shown.
func (b *Board) HallText() string {
	var s string
	b.g.Read(func() { s = b.hall.Text })
	return s
}

// LinkText returns what the link status says.
func (b *Board) LinkText() string {
	var s string
	b.g.Read(func() { s = b.link.Text() })
	return s
}
