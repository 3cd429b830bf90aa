package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// Counter is a window clerk's screen: the window's number, the ticket being served
// (huge), its service, how many people wait in the hall, a toolbar whose buttons show
// their keys (F1 call next, F2 finish with the chosen outcome, F3 recall, F4 no-show, F5
// hold/resume, F6 transfer to the chosen queue, F7 return to queue, F8 call a number,
// F9 pause/reopen the window, F10 refresh today's figures, F11/F12 confirm or withdraw the
// green channel), today's figures, a status
// line and the link status. Actions beyond call and finish need an app.QueueService.
type Counter struct {
	svc    app.HallService
	qs     app.QueueService
	loc    *Localizer
	window int
	scope  Scope
	g      Guard

	// state, guarded by g
	current  *app.Ticket
	services map[string]app.Service
	waiting  map[string]int // queue → waiting tickets, for queues seen issuing since Start
	busy     bool
	nobody   bool // the last call found nobody waiting

	title    *widget.Label
	caption  *widget.Label
	number   *BigText
	service  *widget.Label
	waitText *widget.Label
	status   *widget.Label
	callBtn  *widget.Button
	finBtn   *widget.Button
	link     *LinkStatus
	tb       toolbar
	content  fyne.CanvasObject
}

// NewCounter builds the counter screen of window number window. It does no I/O: call
// Start to load the catalogue and follow the hall's events, and Bind to get the keys.
func NewCounter(a fyne.App, svc app.HallService, loc *Localizer, window int) *Counter {
	_ = a // the screen draws with the app's theme; kept for the screen constructor's shape
	c := &Counter{
		svc:      svc,
		loc:      loc,
		window:   window,
		services: map[string]app.Service{},
		waiting:  map[string]int{},
	}
	c.title = widget.NewLabel(loc.Tf("counter.window", map[string]any{"Window": strconv.Itoa(window)}))
	c.title.SizeName = theme.SizeNameHeadingText
	c.title.TextStyle.Bold = true
	c.waitText = widget.NewLabel(loc.T("counter.waiting_unknown"))
	c.waitText.SizeName = theme.SizeNameSubHeadingText
	c.caption = widget.NewLabel(loc.T("counter.current"))
	c.caption.Alignment = fyne.TextAlignCenter
	c.number = NewBigText("—", 150)
	c.number.Bold = true
	c.number.ColorName = theme.ColorNamePrimary
	c.service = widget.NewLabel("")
	c.service.Alignment = fyne.TextAlignCenter
	c.service.SizeName = theme.SizeNameSubHeadingText
	c.service.Wrapping = fyne.TextWrapWord
	c.status = widget.NewLabel(loc.T("counter.ready"))
	c.status.Wrapping = fyne.TextWrapWord
	c.callBtn = widget.NewButtonWithIcon(loc.T("counter.call"), theme.MediaPlayIcon(), c.Call)
	c.callBtn.Importance = widget.HighImportance
	c.finBtn = widget.NewButtonWithIcon(loc.T("counter.finish"), theme.ConfirmIcon(), c.Finish)
	c.finBtn.Disable()
	c.link = NewLinkStatus(loc)
	c.qs, _ = svc.(app.QueueService)
	c.buildToolbar()
	if _, ok := svc.(app.SyncAdmin); ok {
		c.link.SetOnSyncNow(c.SyncNow) // counter_green.go
	}

	header := container.NewBorder(nil, nil, c.title, c.waitText)
	middle := container.NewVBox(layout.NewSpacer(), c.caption, c.number, c.service, c.tb.badge, layout.NewSpacer())
	buttons := container.NewGridWithColumns(2, WithHeight(c.callBtn, 72), WithHeight(c.finBtn, 72))
	footer := container.NewVBox(c.status, buttons, c.tb.box, widget.NewSeparator(), c.link)
	var right fyne.CanvasObject
	if c.qs != nil {
		right = container.NewHBox(widget.NewSeparator(), container.NewVScroll(c.tb.stats.Content()))
	}
	c.content = container.NewPadded(container.NewBorder(
		container.NewVBox(header, widget.NewSeparator()), footer, nil, right, middle))
	return c
}

// Content returns the screen's root object.
func (c *Counter) Content() fyne.CanvasObject { return c.content }

// Bind makes F1 call the next ticket and F2 finish the current one in window w. They
// work whenever no entry has the keyboard focus (the counter screen has none).
func (c *Counter) Bind(w fyne.Window) {
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyF1:
			c.Call()
		case fyne.KeyF2:
			c.Finish()
		default:
			c.toolbarKey(ev.Name)
		}
	})
}

// Start loads the hall's state and follows its live events in the background until ctx
// ends. It returns at once.
func (c *Counter) Start(ctx context.Context) {
	c.scope.Set(ctx)
	go Follow(ctx, c.svc, c.reload, func(error) { c.g.Do(c.link.SetHubDown) }, c.handle)
	c.RefreshStats()
}

// reload fetches the link state and, until it has them, the catalogue's service names.
func (c *Counter) reload() {
	ctx, cancel := c.scope.Request()
	defer cancel()
	if h, err := c.svc.Health(ctx); err == nil {
		c.g.Do(func() { c.link.Set(h) })
	}
	var have bool
	c.g.Read(func() { have = len(c.services) > 0 })
	if have {
		return
	}
	list, err := c.svc.Services(ctx)
	if err != nil {
		return // the names are a nicety; the next reconnect tries again
	}
	c.g.Do(func() {
		for _, s := range list {
			c.services[s.ID] = s
		}
		c.showCurrent()
	})
}

// handle applies one live event.
func (c *Counter) handle(ev app.Event) {
	c.g.Do(func() {
		switch ev.Type {
		case app.EventSyncStatus:
			if ev.Health != nil {
				c.link.Set(*ev.Health)
			}
		case app.EventTicketIssued:
			if t := ev.Ticket; t != nil {
				n, known := c.waiting[t.Queue]
				switch {
				case t.Priority != app.PriorityGreen:
					// a normal ticket's WaitingAhead counts everyone waiting in its queue
					c.waiting[t.Queue] = t.WaitingAhead + 1
				case known:
					c.waiting[t.Queue] = n + 1
				}
				c.showWaiting()
			}
		case app.EventTicketCalled:
			if t := ev.Ticket; t != nil {
				if n, ok := c.waiting[t.Queue]; ok && n > 0 {
					c.waiting[t.Queue] = n - 1
				}
				c.showWaiting()
				if t.Window == c.window && !c.busy && (c.current == nil || c.current.ID != t.ID) {
					// called for this window from another terminal: keep the screen true
					c.current = t
					c.showCurrent()
				}
			}
		case app.EventTicketFinished:
			if t := ev.Ticket; t != nil && c.current != nil && c.current.ID == t.ID && !c.busy {
				c.current = nil
				c.showCurrent()
				c.status.SetText(c.loc.Tf("counter.finished", map[string]any{"Number": t.Number}))
			}
		}
	})
}

// Call asks the hub for the next ticket at this window (what F1 and the call button do).
// A call while another request of this screen is in flight does nothing.
func (c *Counter) Call() {
	c.g.Lock()
	defer c.g.Unlock()
	if c.busy {
		return
	}
	c.setBusy(true)
	c.setStatus(c.loc.T("counter.calling"))
	go func() {
		ctx, cancel := c.scope.Request()
		defer cancel()
		t, err := c.svc.CallNext(ctx, c.window)
		c.g.Do(func() {
			c.setBusy(false)
			switch {
			case err != nil:
				c.showError(err)
			case t == nil:
				c.current, c.nobody = nil, true
				c.showCurrent()
				c.setStatus(c.loc.T("counter.none"))
			default:
				c.current = t
				c.showCurrent()
				c.setStatus(c.loc.Tf("counter.called", map[string]any{"Number": t.Number}))
			}
		})
	}()
}

// Finish marks the current ticket done (what F2 and the finish button do). It does
// nothing when no ticket is being served or a request is in flight.
func (c *Counter) Finish() {
	c.g.Lock()
	defer c.g.Unlock()
	if c.busy || c.current == nil {
		return
	}
	id := c.current.ID
	outcome := c.outcome()
	c.setBusy(true)
	c.setStatus(c.loc.T("counter.finishing"))
	go func() {
		ctx, cancel := c.scope.Request()
		defer cancel()
		var t app.Ticket
		var err error
		if c.qs != nil {
			t, err = c.qs.FinishWith(ctx, id, outcome)
		} else {
			t, err = c.svc.FinishTicket(ctx, id)
		}
		c.g.Do(func() {
			c.setBusy(false)
			if err != nil {
				c.showError(err)
				return
			}
			if c.current != nil && c.current.ID == id {
				c.current = nil
			}
			c.resetOutcome()
			c.showCurrent()
			c.setStatus(c.loc.Tf("counter.finished", map[string]any{"Number": t.Number}))
		})
		c.RefreshStats()
	}()
}

// CurrentNumber returns the ticket number shown, "" when none is being served.
func (c *Counter) CurrentNumber() string {
	var s string
	c.g.Read(func() {
		if c.current != nil {
			s = c.current.Number
		}
	})
	return s
}

// NumberText returns the big text as shown ("A001", or "—" when none is being served).
func (c *Counter) NumberText() string {
	var s string
	c.g.Read(func() { s = c.number.Text })
	return s
}

// ServiceText returns the line under the number: the service's name, or "暂无等候".
func (c *Counter) ServiceText() string {
	var s string
	c.g.Read(func() { s = c.service.Text })
	return s
}

// StatusText returns the status line.
func (c *Counter) StatusText() string {
	var s string
	c.g.Read(func() { s = c.status.Text })
	return s
}

// WaitingText returns the waiting count as shown.
func (c *Counter) WaitingText() string {
	var s string
	c.g.Read(func() { s = c.waitText.Text })
	return s
}

// LinkText returns what the link status says.
func (c *Counter) LinkText() string {
	var s string
	c.g.Read(func() { s = c.link.Text() })
	return s
}

// CallButton returns the call button (for tests and for focus order).
func (c *Counter) CallButton() *widget.Button { return c.callBtn }

// FinishButton returns the finish button.
func (c *Counter) FinishButton() *widget.Button { return c.finBtn }

// Busy reports whether a request of this screen is in flight.
func (c *Counter) Busy() bool {
	var b bool
	c.g.Read(func() { b = c.busy })
	return b
}

// The methods below run with c.g held.

func (c *Counter) setBusy(b bool) {
	c.busy = b
	if b {
		c.callBtn.Disable()
		c.finBtn.Disable()
		c.enableToolbar()
		return
	}
	c.callBtn.Enable()
	if c.current != nil {
		c.finBtn.Enable()
	}
	c.enableToolbar()
}

func (c *Counter) setStatus(s string) {
	c.status.Importance = widget.MediumImportance
	c.status.SetText(s)
}

func (c *Counter) showError(err error) {
	c.status.Importance = widget.DangerImportance
	c.status.SetText(c.loc.ErrorText(err))
}

func (c *Counter) showCurrent() {
	if c.current == nil {
		c.number.SetText("—")
		if c.nobody {
			c.service.SetText(c.loc.T("counter.none"))
		} else {
			c.service.SetText("")
		}
		c.finBtn.Disable()
		c.enableToolbar()
		return
	}
	c.nobody = false
	defer c.enableToolbar()
	c.number.SetText(c.current.Number)
	c.service.SetText(ServiceName(c.services[c.current.ServiceID], c.loc.Lang()))
	if !c.busy {
		c.finBtn.Enable()
	}
}

func (c *Counter) showWaiting() {
	if len(c.waiting) == 0 {
		c.waitText.SetText(c.loc.T("counter.waiting_unknown"))
		return
	}
	n := 0
	for _, v := range c.waiting {
		n += v
	}
	c.waitText.SetText(c.loc.Tf("counter.waiting", map[string]any{"Count": strconv.Itoa(n)}))
}
