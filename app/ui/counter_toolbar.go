package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// toolbar holds the counter's queue actions beyond call and finish.
type toolbar struct {
	recall, noShow, hold, transfer, ret, callNo, pause, statsBtn *widget.Button
	outcome                                                      *widget.RadioGroup
	queue                                                        *widget.Select
	number                                                       *widget.Entry
	box                                                          *fyne.Container
	held                                                         *app.Ticket
	paused                                                       bool
	queues                                                       []app.QueueStatus
	outcomes                                                     map[string]app.Outcome
	stats                                                        *StatsPanel
	// green channel (counter_green.go): F11 confirm/grant, F12 withdraw, the badge
	green, ungreen *widget.Button
	badge          *widget.Label
	// transfer targets beside F6, in the order of the list: queues, then windows
	targets   []app.TransferRequest
	maxWindow int
}

func (c *Counter) buildToolbar() {
	l := c.loc
	tb := &c.tb
	tb.stats = NewStatsPanel(l)
	tb.recall = widget.NewButtonWithIcon(l.T("queue.counter.recall"), theme.MediaReplayIcon(), c.Recall)
	tb.noShow = widget.NewButtonWithIcon(l.T("queue.counter.no_show"), theme.MediaSkipNextIcon(), c.NoShow)
	tb.hold = widget.NewButtonWithIcon(l.T("queue.counter.hold"), theme.MediaPauseIcon(), c.HoldOrResume)
	tb.transfer = widget.NewButtonWithIcon(l.T("queue.counter.transfer"), theme.MailForwardIcon(), c.TransferToChosen)
	tb.ret = widget.NewButtonWithIcon(l.T("queue.counter.return"), theme.ContentUndoIcon(), c.ReturnToQueue)
	tb.callNo = widget.NewButtonWithIcon(l.T("queue.counter.call_number"), theme.SearchIcon(), c.CallNumber)
	tb.pause = widget.NewButtonWithIcon(l.T("queue.counter.pause"), theme.MediaStopIcon(), c.TogglePause)
	tb.statsBtn = widget.NewButtonWithIcon(l.T("queue.counter.stats"), theme.ViewRefreshIcon(), c.RefreshStats)
	tb.outcomes = map[string]app.Outcome{}
	var opts []string
	for _, o := range app.Outcomes {
		name := l.T("queue.outcome." + string(o))
		tb.outcomes[name] = o
		opts = append(opts, name)
	}
	tb.outcome = widget.NewRadioGroup(opts, nil)
	tb.outcome.Horizontal = true
	tb.outcome.Required = true
	tb.outcome.SetSelected(opts[0])
	tb.queue = widget.NewSelect(nil, nil)
	tb.queue.PlaceHolder = l.T("queue.counter.transfer_to")
	tb.number = widget.NewEntry()
	tb.number.SetPlaceHolder(l.T("queue.counter.number_hint"))
	tb.number.OnSubmitted = func(string) { c.CallNumber() }
	c.buildGreen()
	if c.qs == nil {
		tb.box = container.NewVBox()
		return
	}
	row1 := container.NewGridWithColumns(6, tb.recall, tb.noShow, tb.hold, tb.ret, tb.green, tb.ungreen)
	row2 := container.NewGridWithColumns(4,
		container.NewBorder(nil, nil, nil, tb.transfer, tb.queue),
		container.NewBorder(nil, nil, nil, tb.callNo, tb.number), tb.pause, tb.statsBtn)
	outcomeRow := container.NewBorder(nil, nil, widget.NewLabel(l.T("queue.counter.outcome")), nil, tb.outcome)
	tb.box = container.NewVBox(outcomeRow, row1, row2)
	c.enableToolbar()
}

// toolbarKey runs the toolbar action bound to key k.
func (c *Counter) toolbarKey(k fyne.KeyName) {
	switch k {
	case fyne.KeyF3:
		c.Recall()
	case fyne.KeyF4:
		c.NoShow()
	case fyne.KeyF5:
		c.HoldOrResume()
	case fyne.KeyF6:
		c.TransferToChosen()
	case fyne.KeyF7:
		c.ReturnToQueue()
	case fyne.KeyF8:
		c.CallNumber()
	case fyne.KeyF9:
		c.TogglePause()
	case fyne.KeyF10:
		c.RefreshStats()
	case fyne.KeyF11:
		c.ConfirmGreen()
	case fyne.KeyF12:
		c.WithdrawGreen()
	}
}

// enableToolbar enables what makes sense now; it runs with c.g held.
func (c *Counter) enableToolbar() {
	tb := &c.tb
	if tb.recall == nil || c.qs == nil {
		return
	}
	set := func(b *widget.Button, on bool) {
		if on && !c.busy {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	cur := c.current != nil
	set(tb.recall, cur)
	set(tb.noShow, cur)
	set(tb.hold, cur || tb.held != nil)
	set(tb.transfer, cur && tb.queue.Selected != "")
	set(tb.ret, cur)
	set(tb.callNo, true)
	set(tb.pause, true)
	c.enableGreen(set)
	if tb.held != nil && !cur {
		tb.hold.SetText(c.loc.Tf("queue.counter.resume", map[string]any{"Number": tb.held.Number}))
	} else {
		tb.hold.SetText(c.loc.T("queue.counter.hold"))
	}
	if tb.paused {
		tb.pause.SetText(c.loc.T("queue.counter.reopen"))
	} else {
		tb.pause.SetText(c.loc.T("queue.counter.pause"))
	}
}

func (c *Counter) outcome() app.Outcome {
	if o, ok := c.tb.outcomes[c.tb.outcome.Selected]; ok {
		return o
	}
	return app.OutcomeOnTheSpot
}

func (c *Counter) resetOutcome() {
	if c.tb.outcome != nil {
		c.tb.outcome.SetSelected(c.loc.T("queue.outcome." + string(app.OutcomeOnTheSpot)))
	}
}

// SetOutcome chooses the outcome the next finish records.
func (c *Counter) SetOutcome(o app.Outcome) {
	c.g.Lock()
	defer c.g.Unlock()
	c.tb.outcome.SetSelected(c.loc.T("queue.outcome." + string(o)))
}

// act runs one queue action in the background with the screen busy; done runs with c.g
// held on success.
func (c *Counter) act(working string, fn func(ctx context.Context) (app.Ticket, error), done func(t app.Ticket)) {
	c.g.Lock()
	defer c.g.Unlock()
	if c.busy || c.qs == nil {
		return
	}
	c.setBusy(true)
	c.setStatus(c.loc.T(working))
	go func() {
		ctx, cancel := c.scope.Request()
		defer cancel()
		t, err := fn(ctx)
		c.g.Do(func() {
			c.setBusy(false)
			if err != nil {
				c.showQueueError(err)
				return
			}
			done(t)
			c.showCurrent()
		})
	}()
}

// showQueueError names the rule that refused the action when there is one.
func (c *Counter) showQueueError(err error) {
	if e, ok := err.(*app.Error); ok {
		switch e.Field {
		case app.FieldRecallLimit, app.FieldRecalls:
			c.status.Importance = widget.DangerImportance
			c.status.SetText(c.loc.T("queue.counter.err_" + e.Field))
			return
		}
	}
	c.showError(err)
}

func (c *Counter) currentID() string {
	if c.current == nil {
		return ""
	}
	return c.current.ID
}

// Recall calls the current ticket again (F3).
func (c *Counter) Recall() {
	var id string
	c.g.Read(func() { id = c.currentID() })
	if id == "" {
		return
	}
	c.act("queue.counter.working", func(ctx context.Context) (app.Ticket, error) { return c.qs.Recall(ctx, id) }, func(t app.Ticket) {
		c.current = &t
		c.setStatus(c.loc.Tf("queue.counter.recalled", map[string]any{"Number": t.Number, "Count": t.Recalls}))
	})
}

// NoShow marks the current ticket a no-show (F4).
func (c *Counter) NoShow() {
	var id string
	c.g.Read(func() { id = c.currentID() })
	if id == "" {
		return
	}
	c.act("queue.counter.working", func(ctx context.Context) (app.Ticket, error) { return c.qs.NoShow(ctx, id) }, func(t app.Ticket) {
		c.current = nil
		c.setStatus(c.loc.Tf("queue.counter.no_showed", map[string]any{"Number": t.Number}))
	})
}

// HoldOrResume puts the current ticket on hold, or resumes the held one (F5).
func (c *Counter) HoldOrResume() {
	var id string
	var resume bool
	c.g.Read(func() {
		id = c.currentID()
		if id == "" && c.tb.held != nil {
			id, resume = c.tb.held.ID, true
		}
	})
	if id == "" {
		return
	}
	if resume {
		c.act("queue.counter.working", func(ctx context.Context) (app.Ticket, error) { return c.qs.Resume(ctx, id) }, func(t app.Ticket) {
			c.tb.held, c.current = nil, &t
			c.setStatus(c.loc.Tf("queue.counter.resumed", map[string]any{"Number": t.Number}))
		})
		return
	}
	c.act("queue.counter.working", func(ctx context.Context) (app.Ticket, error) { return c.qs.Hold(ctx, id) }, func(t app.Ticket) {
		c.tb.held, c.current = &t, nil
		c.setStatus(c.loc.Tf("queue.counter.held", map[string]any{"Number": t.Number}))
	})
}

// TransferToChosen transfers the current ticket to the queue chosen beside the button (F6).
func (c *Counter) TransferToChosen() {
	var id string
	var to app.TransferRequest
	c.g.Read(func() {
		id = c.currentID()
		if i := c.tb.queue.SelectedIndex(); i >= 0 && i < len(c.tb.targets) {
			to = c.tb.targets[i]
		}
	})
	if id == "" || to.Validate() != nil {
		return
	}
	c.act("queue.counter.working", func(ctx context.Context) (app.Ticket, error) {
		return c.qs.Transfer(ctx, id, to)
	}, func(t app.Ticket) {
		c.current = nil
		if to.Window > 0 {
			c.setStatus(c.loc.Tf("queue.transfer.transferred_window", map[string]any{"Number": t.Number, "Window": strconv.Itoa(to.Window)}))
			return
		}
		c.setStatus(c.loc.Tf("queue.counter.transferred", map[string]any{"Number": t.Number, "Queue": t.Queue}))
	})
}

// ChooseTransferQueue picks the transfer target by queue code.
func (c *Counter) ChooseTransferQueue(code string) {
	c.g.Lock()
	defer c.g.Unlock()
	for i, t := range c.tb.targets {
		if t.Queue == code {
			c.tb.queue.SetSelectedIndex(i)
		}
	}
	c.enableToolbar()
}

// ReturnToQueue puts the current ticket back to waiting (F7).
func (c *Counter) ReturnToQueue() {
	var id string
	c.g.Read(func() { id = c.currentID() })
	if id == "" {
		return
	}
	c.act("queue.counter.working", func(ctx context.Context) (app.Ticket, error) { return c.qs.ReturnToQueue(ctx, id) }, func(t app.Ticket) {
		c.current = nil
		c.setStatus(c.loc.Tf("queue.counter.returned", map[string]any{"Number": t.Number}))
	})
}

// CallNumber calls the number typed beside the button (F8; Enter in the field).
func (c *Counter) CallNumber() {
	var no string
	c.g.Read(func() { no = strings.ToUpper(strings.TrimSpace(c.tb.number.Text)) })
	if no == "" {
		return
	}
	c.act("counter.calling", func(ctx context.Context) (app.Ticket, error) {
		return c.qs.CallTicket(ctx, c.window, app.CallRequest{Ticket: no})
	}, func(t app.Ticket) {
		c.current = &t
		c.tb.number.SetText("")
		c.setStatus(c.loc.Tf("counter.called", map[string]any{"Number": t.Number}))
	})
}

// TypeNumber fills the call-a-number field (tests; a clerk types it).
func (c *Counter) TypeNumber(s string) {
	c.g.Lock()
	defer c.g.Unlock()
	c.tb.number.SetText(s)
}

// TogglePause pauses or reopens this window (F9).
func (c *Counter) TogglePause() {
	c.g.Lock()
	if c.busy || c.qs == nil {
		c.g.Unlock()
		return
	}
	pause := !c.tb.paused
	c.setBusy(true)
	c.g.Unlock()
	go func() {
		ctx, cancel := c.scope.Request()
		defer cancel()
		w, err := c.qs.PauseWindow(ctx, c.window, pause)
		c.g.Do(func() {
			c.setBusy(false)
			if err != nil {
				c.showError(err)
				return
			}
			c.tb.paused = w.Paused
			if w.Paused {
				c.setStatus(c.loc.T("queue.counter.paused"))
			} else {
				c.setStatus(c.loc.T("queue.counter.reopened"))
			}
			c.enableToolbar()
		})
	}()
}

// RefreshStats loads today's figures and the queues into the panel (F10), in the background.
func (c *Counter) RefreshStats() {
	if c.qs == nil {
		return
	}
	go func() {
		ctx, cancel := c.scope.Request()
		defer cancel()
		st, err := c.qs.StatsToday(ctx)
		qs, qerr := c.qs.QueueStatus(ctx)
		c.g.Do(func() {
			var stp *app.DayStats
			if err == nil {
				c.tb.stats.Set(st)
				stp = &st
			}
			if qerr == nil {
				c.tb.queues = qs
				var names []string
				names, c.tb.targets = c.transferOptions(stp)
				sel := c.tb.queue.SelectedIndex()
				c.tb.queue.SetOptions(names)
				if sel >= 0 && sel < len(names) {
					c.tb.queue.SetSelectedIndex(sel)
				}
				c.enableToolbar()
			}
		})
	}()
}

// ServiceQueueName is a queue's name in lang.
func ServiceQueueName(q app.QueueStatus, lang string) string {
	if lang == LangEN && q.NameEN != "" {
		return q.NameEN
	}
	return q.Name
}

// StatsRows returns the figures table as shown.
func (c *Counter) StatsRows() [][]string {
	var r [][]string
	c.g.Read(func() { r = c.tb.stats.Rows() })
	return r
}

// ToolbarButtons returns the toolbar's buttons by key ("F3"…"F9"), for tests.
func (c *Counter) ToolbarButtons() map[string]*widget.Button {
	tb := &c.tb
	return map[string]*widget.Button{"F3": tb.recall, "F4": tb.noShow, "F5": tb.hold, "F6": tb.transfer,
		"F7": tb.ret, "F8": tb.callNo, "F9": tb.pause, "F11": tb.green, "F12": tb.ungreen}
}
