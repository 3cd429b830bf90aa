package kiosk

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
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// StatusMinGap is the least time between two queue-status requests of one kiosk: a burst
// of calls and issues at a busy hall becomes one request, not one per event.
const StatusMinGap = 500 * time.Millisecond

// ChoiceHeight is the height of the green-channel choice and the check-in entry: bigger
// than a keypad key, for elderly visitors.
const ChoiceHeight = 80

// queueBar holds the home screen's queue pieces beyond the tiles: each tile's waiting
// count and estimated wait (loaded in the background from the hub's queue status and
// refreshed on the hall's ticket events), the green-channel choice (绿色通道: elderly,
// disabled, military; the clerk confirms it at the window), the booking check-in entry,
// the precise messages of the hall's issuing rules, and the print-failure report. Its
// methods run with the kiosk's lock held unless they say otherwise.
type queueBar struct {
	k  *Kiosk
	qs app.QueueService // nil: no estimates and no check-in

	// guarded by k.g
	status map[string]app.QueueStatus // by queue code; nil until the first answer
	green  bool                       // the visitor chose the green channel
	report string                     // ID of the ticket whose print failure the hub has recorded

	refresh chan struct{}

	obj        fyne.CanvasObject // the row under the home title
	normalBtn  *widget.Button
	greenBtn   *widget.Button
	checkinBtn *widget.Button
	normalMark *widget.Icon
	greenMark  *widget.Icon
	normalBg   *canvas.Rectangle
	greenBg    *canvas.Rectangle
	normalLbl  *widget.Label
	greenLbl   *widget.Label
	greenWho   *widget.Label
	checkinLbl *widget.Label
	note       *widget.Label // "green channel chosen" under the row

	ticketNote *widget.Label // the ticket screen's line about the green channel and the print report

	cv *checkinView
}

// queueBar builds the queue pieces and returns the row New puts under the home title.
func (k *Kiosk) queueBar() fyne.CanvasObject {
	q := &queueBar{k: k, refresh: make(chan struct{}, 1)}
	q.qs, _ = k.svc.(app.QueueService)

	q.normalBtn = widget.NewButton("", func() { q.choose(false) })
	q.greenBtn = widget.NewButton("", func() { q.choose(true) })
	q.checkinBtn = widget.NewButton("", q.openCheckIn)
	q.normalMark = widget.NewIcon(theme.RadioButtonCheckedIcon())
	q.greenMark = widget.NewIcon(theme.RadioButtonIcon())
	q.normalBg = canvas.NewRectangle(color.Transparent)
	q.greenBg = canvas.NewRectangle(color.Transparent)
	for _, r := range []*canvas.Rectangle{q.normalBg, q.greenBg} {
		r.CornerRadius = theme.InputRadiusSize()
		r.StrokeWidth = 3
	}
	q.normalLbl = bigLabel()
	q.greenLbl = bigLabel()
	q.greenWho = widget.NewLabel("")
	q.greenWho.SizeName = theme.SizeNameSubHeadingText
	q.checkinLbl = bigLabel()
	// Taps on the marks and labels reach the buttons beneath them.
	choice := func(b *widget.Button, bg *canvas.Rectangle, mark *widget.Icon, texts fyne.CanvasObject) fyne.CanvasObject {
		return ui.WithHeight(container.NewStack(b, bg,
			container.NewCenter(container.NewHBox(ui.WithMinSize(mark, 36, 36), texts))), ChoiceHeight)
	}
	row := container.NewGridWithColumns(3,
		choice(q.normalBtn, q.normalBg, q.normalMark, q.normalLbl),
		choice(q.greenBtn, q.greenBg, q.greenMark, container.NewVBox(q.greenLbl, q.greenWho)),
		choice(q.checkinBtn, canvas.NewRectangle(color.Transparent), widget.NewIcon(theme.AccountIcon()), q.checkinLbl))
	q.note = widget.NewLabel("")
	q.note.Alignment = fyne.TextAlignCenter
	q.note.Wrapping = fyne.TextWrapWord
	q.note.Importance = widget.SuccessImportance
	q.note.TextStyle.Bold = true
	q.note.SizeName = theme.SizeNameSubHeadingText
	q.note.Hide()
	q.obj = container.NewVBox(row, q.note)

	q.ticketNote = widget.NewLabel("")
	q.ticketNote.Alignment = fyne.TextAlignCenter
	q.ticketNote.Wrapping = fyne.TextWrapWord
	q.ticketNote.SizeName = theme.SizeNameSubHeadingText
	q.ticketNote.Hide()

	q.cv = newCheckinView(q)
	if q.qs == nil {
		q.checkinBtn.Disable()
	}
	k.qb = q
	return q.obj
}

func bigLabel() *widget.Label {
	l := widget.NewLabel("")
	l.SizeName = theme.SizeNameHeadingText
	l.TextStyle.Bold = true
	return l
}

// choose is a tap on the normal or green choice: it locks the kiosk itself.
func (q *queueBar) choose(green bool) {
	q.k.g.Lock()
	defer q.k.g.Unlock()
	if q.k.screen != ScreenHome || q.k.issuing {
		return
	}
	q.green = green
	q.showChoice()
	q.k.touch()
}

// priority is what the next tile tap asks for.
func (q *queueBar) priority() app.Priority {
	if q.green {
		return app.PriorityGreen
	}
	return app.PriorityNormal
}

func (q *queueBar) showChoice() {
	loc := q.k.loc
	on, off := theme.RadioButtonCheckedIcon(), theme.RadioButtonIcon()
	primary := ui.PrimaryColor
	if q.green {
		q.normalMark.SetResource(off)
		q.greenMark.SetResource(on)
		q.normalBg.FillColor, q.normalBg.StrokeColor = color.Transparent, color.Transparent
		q.greenBg.FillColor = color.NRGBA{R: ui.SuccessColor.R, G: ui.SuccessColor.G, B: ui.SuccessColor.B, A: 0x30}
		q.greenBg.StrokeColor = ui.SuccessColor
		q.note.SetText(loc.T("queue.kiosk.green_chosen"))
		q.note.Show()
	} else {
		q.normalMark.SetResource(on)
		q.greenMark.SetResource(off)
		q.normalBg.FillColor = color.NRGBA{R: primary.R, G: primary.G, B: primary.B, A: 0x20}
		q.normalBg.StrokeColor = primary
		q.greenBg.FillColor, q.greenBg.StrokeColor = color.Transparent, color.Transparent
		q.note.Hide()
	}
	q.normalBg.Refresh()
	q.greenBg.Refresh()
	q.normalLbl.TextStyle.Bold, q.greenLbl.TextStyle.Bold = !q.green, q.green
	q.normalLbl.Refresh()
	q.greenLbl.Refresh()
}

// run fetches the queue status whenever asked, at most once per StatusMinGap, until ctx
// ends. It runs on its own goroutine.
func (q *queueBar) run(ctx context.Context) {
	if q.qs == nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-q.refresh:
		}
		rctx, cancel := q.k.scope.Request()
		list, err := q.qs.QueueStatus(rctx)
		cancel()
		if err == nil && ctx.Err() == nil {
			q.k.g.Do(func() {
				if ctx.Err() != nil {
					return // the kiosk is closing: its widgets may be gone
				}
				q.status = map[string]app.QueueStatus{}
				for _, s := range list {
					q.status[s.Queue] = s
				}
				q.showTiles()
			})
		}
		t := time.NewTimer(StatusMinGap)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// ask asks run for the queue status again; asks made while one waits coalesce. Any goroutine.
func (q *queueBar) ask() {
	select {
	case q.refresh <- struct{}{}:
	default:
	}
}

// onEvent refreshes the estimates after any change of the hall's queues. Follow's goroutine.
func (q *queueBar) onEvent(ev app.Event) {
	if strings.HasPrefix(ev.Type, "ticket.") || strings.HasPrefix(ev.Type, "window.") || ev.Type == app.EventRulesChanged {
		q.ask()
	}
}

// newTileWait returns a tile's waiting line.
func (q *queueBar) newTileWait() *widget.Label {
	l := widget.NewLabel("")
	l.Alignment = fyne.TextAlignCenter
	l.SizeName = theme.SizeNameSubHeadingText
	l.Importance = widget.HighImportance
	return l
}

// tileBody lays out a tile's name over its waiting line.
func (q *queueBar) tileBody(t *tile) fyne.CanvasObject {
	return container.NewPadded(ui.VCenter(container.NewVBox(t.label, t.wait)))
}

// showTiles writes each tile's waiting line: "前面 N 人，约 M 分钟", "无需等候", or that the
// service does not issue now (outside its hours, or today's numbers are given out).
func (q *queueBar) showTiles() {
	for _, t := range q.k.tiles {
		if t.wait == nil {
			continue
		}
		s, ok := q.status[t.svc.Queue]
		switch {
		case !ok:
			t.wait.SetText("")
		case !s.Issuing:
			t.wait.Importance = widget.WarningImportance
			t.wait.SetText(q.k.loc.T("queue.kiosk.tile_closed"))
		case s.Waiting == 0:
			t.wait.Importance = widget.SuccessImportance
			t.wait.SetText(q.k.loc.T("queue.kiosk.tile_no_wait"))
		default:
			t.wait.Importance = widget.HighImportance
			t.wait.SetText(q.k.loc.Tf("queue.kiosk.tile_wait", map[string]any{
				"Count": strconv.Itoa(s.Waiting), "Minutes": strconv.Itoa(max(s.EstimatedMinutes, 1))}))
		}
	}
}

// issueErrorText is the home screen's message for a refused ticket: the hall's rule by
// name when the hub names one, the error code's text otherwise.
func (q *queueBar) issueErrorText(err error) string {
	var e *app.Error
	if errors.As(err, &e) {
		switch e.Field {
		case app.FieldDailyCap:
			return q.k.loc.T("queue.kiosk.sold_out")
		case app.FieldIssuingHours:
			return q.k.loc.T("queue.kiosk.not_issuing")
		}
	}
	return q.k.loc.ErrorText(err)
}

// aheadText is the ticket screen's "前面还有 N 人，预计等候 M 分钟" (without the minutes
// when nobody waits ahead).
func (q *queueBar) aheadText(t app.Ticket) string {
	if t.WaitingAhead > 0 && t.EstimatedWaitMin > 0 {
		return q.k.loc.Tf("queue.kiosk.estimate", map[string]any{
			"Count": strconv.Itoa(t.WaitingAhead), "Minutes": strconv.Itoa(t.EstimatedWaitMin)})
	}
	return q.k.loc.Tf("kiosk.ahead", map[string]any{"Count": strconv.Itoa(t.WaitingAhead)})
}

// showTicketNote writes the ticket screen's line: the green channel's reminder and that
// staff were told of a failed print.
func (q *queueBar) showTicketNote() {
	k := q.k
	var lines []string
	if k.screen == ScreenTicket && k.ticket.Priority == app.PriorityGreen {
		lines = append(lines, k.loc.T("queue.kiosk.green_ticket"))
	}
	if k.screen == ScreenTicket && k.print == PrintFailed && q.report != "" && q.report == k.ticket.ID {
		lines = append(lines, k.loc.T("queue.kiosk.print_reported"))
	}
	q.ticketNote.SetText(strings.Join(lines, "\n"))
	switch {
	case len(lines) == 0:
		q.ticketNote.Hide()
	case k.ticket.Priority == app.PriorityGreen:
		q.ticketNote.Importance = widget.SuccessImportance
		q.ticketNote.Show()
	default:
		q.ticketNote.Importance = widget.MediumImportance
		q.ticketNote.Show()
	}
}

// printFailed tells the hub that t's slip did not print, so staff know (the ticket stays
// valid whatever happens). It runs on its own goroutine, without the lock.
func (q *queueBar) printFailed(t app.Ticket, cause error) {
	if q.qs == nil || t.ID == "" {
		return
	}
	ctx, cancel := q.k.scope.Request()
	defer cancel()
	reason := "print failed"
	if cause != nil {
		reason = cause.Error()
	}
	if err := q.qs.PrintFailed(ctx, t.ID, reason); err != nil {
		return // the screen already offers the reprint; the report is for staff only
	}
	q.k.g.Do(func() {
		q.report = t.ID
		q.showTicketNote()
	})
}

// openCheckIn is the check-in entry's tap: it locks the kiosk itself.
func (q *queueBar) openCheckIn() {
	q.k.g.Lock()
	defer q.k.g.Unlock()
	if q.k.screen != ScreenHome || q.k.issuing || q.qs == nil {
		return
	}
	q.cv.enter()
}

// reset forgets the visitor's choice, what they typed at check-in and the ticket's notes;
// goHome calls it.
func (q *queueBar) reset() {
	q.green = false
	q.report = ""
	q.showChoice()
	q.showTicketNote()
	q.cv.reset()
}

// retext sets every text in the kiosk's language.
func (q *queueBar) retext() {
	loc := q.k.loc
	q.normalLbl.SetText(loc.T("queue.kiosk.normal"))
	q.greenLbl.SetText(loc.T("queue.kiosk.green"))
	q.greenWho.SetText(loc.T("queue.kiosk.green_who"))
	q.checkinLbl.SetText(loc.T("queue.kiosk.checkin"))
	q.showChoice()
	q.showTiles()
	q.showTicketNote()
	q.cv.retext()
}
