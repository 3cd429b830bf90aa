package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// buildGreen makes the green-channel buttons and badge of the counter toolbar: F11 puts
// the current ticket on the green channel (confirming a kiosk's choice, or granting it at
// the window), F12 withdraws it; the badge under the number tells the clerk to check the
// citizen's document.
func (c *Counter) buildGreen() {
	l := c.loc
	tb := &c.tb
	tb.green = widget.NewButtonWithIcon(l.T("queue.green.grant"), theme.ConfirmIcon(), c.ConfirmGreen)
	tb.ungreen = widget.NewButtonWithIcon(l.T("queue.green.withdraw"), theme.CancelIcon(), c.WithdrawGreen)
	tb.badge = widget.NewLabel(l.T("queue.green.badge"))
	tb.badge.Alignment = fyne.TextAlignCenter
	tb.badge.Importance = widget.SuccessImportance
	tb.badge.TextStyle.Bold = true
	tb.badge.SizeName = theme.SizeNameSubHeadingText
	tb.badge.Hide()
}

// enableGreen shows the badge and enables the buttons for the current ticket; it runs
// with c.g held (from enableToolbar).
func (c *Counter) enableGreen(set func(b *widget.Button, on bool)) {
	tb := &c.tb
	if tb.green == nil {
		return
	}
	isGreen := c.current != nil && c.current.Priority == app.PriorityGreen
	set(tb.green, c.current != nil)
	set(tb.ungreen, isGreen)
	if isGreen {
		tb.badge.Show()
	} else {
		tb.badge.Hide()
	}
}

// ConfirmGreen puts the current ticket on the green channel (F11): the clerk confirms a
// green number chosen at the kiosk after checking the document, or grants it.
func (c *Counter) ConfirmGreen() { c.setPriority(app.PriorityGreen, "queue.green.confirmed") }

// WithdrawGreen takes the current ticket off the green channel (F12): the citizen does not
// qualify.
func (c *Counter) WithdrawGreen() { c.setPriority(app.PriorityNormal, "queue.green.withdrawn") }

func (c *Counter) setPriority(p app.Priority, done string) {
	var id string
	c.g.Read(func() { id = c.currentID() })
	if id == "" {
		return
	}
	c.act("queue.counter.working", func(ctx context.Context) (app.Ticket, error) { return c.qs.SetPriority(ctx, id, p) }, func(t app.Ticket) {
		if c.current != nil && c.current.ID == t.ID {
			c.current = &t
		}
		c.setStatus(c.loc.Tf(done, map[string]any{"Number": t.Number}))
	})
}

// GreenBadgeVisible reports whether the green-channel badge shows (for tests).
func (c *Counter) GreenBadgeVisible() bool {
	var b bool
	c.g.Read(func() { b = c.tb.badge != nil && c.tb.badge.Visible() })
	return b
}

// transferOptions lists the transfer targets beside F6: every queue, then every other
// window (1 to the largest of app.DefaultWindows and the windows in today's figures). It
// runs with c.g held.
func (c *Counter) transferOptions(st *app.DayStats) ([]string, []app.TransferRequest) {
	var names []string
	var targets []app.TransferRequest
	for _, q := range c.tb.queues {
		names = append(names, q.Prefix+" "+ServiceQueueName(q, c.loc.Lang()))
		targets = append(targets, app.TransferRequest{Queue: q.Queue})
	}
	if st != nil {
		for _, w := range st.Windows {
			c.tb.maxWindow = max(c.tb.maxWindow, w.Window)
		}
	}
	last := max(app.DefaultWindows, c.tb.maxWindow, c.window)
	for n := 1; n <= last; n++ {
		if n == c.window {
			continue
		}
		names = append(names, c.loc.Tf("queue.transfer.window", map[string]any{"Window": strconv.Itoa(n)}))
		targets = append(targets, app.TransferRequest{Window: n})
	}
	return names, targets
}

// ChooseTransferWindow picks window n as the transfer target (a clerk picks it in the list).
func (c *Counter) ChooseTransferWindow(n int) {
	c.g.Lock()
	defer c.g.Unlock()
	for i, t := range c.tb.targets {
		if t.Window == n {
			c.tb.queue.SetSelectedIndex(i)
		}
	}
	c.enableToolbar()
}

// SyncNow asks the hub to sync with central at once (the link status's button) and says
// how it went in the status line. It needs a service that implements app.SyncAdmin.
func (c *Counter) SyncNow() {
	sa, ok := c.svc.(app.SyncAdmin)
	if !ok {
		return
	}
	c.g.Lock()
	c.setStatus(c.loc.T("queue.sync.working"))
	c.g.Unlock()
	go func() {
		ctx, cancel := c.scope.Request()
		defer cancel()
		err := sa.SyncNow(ctx)
		c.g.Do(func() {
			switch {
			case app.ErrorCode(err) == app.ECONFLICT:
				c.status.Importance = widget.WarningImportance
				c.status.SetText(c.loc.T("queue.sync.unconfigured"))
			case err != nil:
				c.showError(err)
			default:
				c.setStatus(c.loc.T("admin.sync_requested"))
			}
		})
	}()
}

// Link returns the counter's link status (for tests).
func (c *Counter) Link() *LinkStatus { return c.link }
