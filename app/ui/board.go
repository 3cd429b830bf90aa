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

// BoardRecent is how many earlier calls the board lists under the current one.
const BoardRecent = 8

// Board is the hall's big screen: the hall's name, the latest call huge ("请 A001 号到
// 1 号窗口办理"), the calls before it, and the link status. It follows the hall's live
// events (no polling) and subscribes again by itself when the stream ends.
type Board struct {
	svc   app.HallService
	loc   *Localizer
	scope Scope
	g     Guard

	calls []app.Ticket // newest first, at most BoardRecent+1, guarded by g

	hall        *widget.Label
	call        *BigText
	recentTitle *widget.Label
	recent      []*BigText
	link        *LinkStatus
	content     fyne.CanvasObject
}

// NewBoard builds the call board. It does no I/O: Start loads and follows.
func NewBoard(a fyne.App, svc app.HallService, loc *Localizer) *Board {
	_ = a // the screen draws with the app's theme; kept for the screen constructor's shape
	b := &Board{svc: svc, loc: loc}
	b.hall = widget.NewLabel(loc.T("board.hall"))
	b.hall.SizeName = theme.SizeNameHeadingText
	b.hall.TextStyle.Bold = true
	b.call = NewBigText(loc.T("board.idle"), 80)
	b.call.Bold = true
	b.call.ColorName = theme.ColorNamePrimary
	b.recentTitle = widget.NewLabel(loc.T("board.recent"))
	b.recentTitle.SizeName = theme.SizeNameSubHeadingText
	rows := container.NewGridWithColumns(4)
	for range BoardRecent {
		t := NewBigText("", 36)
		b.recent = append(b.recent, t)
		rows.Add(t)
	}
	b.link = NewLinkStatus(loc)

	header := container.NewVBox(container.NewBorder(nil, nil, b.hall, nil), widget.NewSeparator())
	middle := container.NewVBox(layout.NewSpacer(), b.call, layout.NewSpacer())
	bottom := container.NewVBox(widget.NewSeparator(), b.recentTitle, rows, widget.NewSeparator(), b.link)
	b.content = container.NewPadded(container.NewBorder(header, bottom, nil, nil, middle))
	return b
}

// Content returns the screen's root object.
func (b *Board) Content() fyne.CanvasObject { return b.content }

// Start follows the hall's live events in the background until ctx ends. It returns at once.
func (b *Board) Start(ctx context.Context) {
	b.scope.Set(ctx)
	go Follow(ctx, b.svc, b.reload, func(error) { b.g.Do(b.link.SetHubDown) }, b.handle)
}

// reload fetches the hall's name and link state after each (re)subscription.
func (b *Board) reload() {
	ctx, cancel := b.scope.Request()
	defer cancel()
	h, err := b.svc.Health(ctx)
	if err != nil {
		return
	}
	b.g.Do(func() {
		if h.HallName != "" {
			b.hall.SetText(h.HallName)
		}
		b.link.Set(h)
	})
}

// handle applies one live event.
func (b *Board) handle(ev app.Event) {
	switch ev.Type {
	case app.EventTicketCalled:
		if ev.Ticket == nil {
			return
		}
		t := *ev.Ticket
		b.g.Do(func() {
			calls := []app.Ticket{t}
			for _, c := range b.calls {
				if c.ID != t.ID && len(calls) <= BoardRecent {
					calls = append(calls, c)
				}
			}
			b.calls = calls
			b.show()
		})
	case app.EventSyncStatus:
		if ev.Health != nil {
			h := *ev.Health
			b.g.Do(func() { b.link.Set(h) })
		}
	}
}

// show draws b.calls; it runs with b.g held.
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
