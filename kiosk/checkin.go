package kiosk

import (
	"errors"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// ScreenCheckIn is the booking check-in screen, as Screen reports it.
const ScreenCheckIn = "checkin"

// Check-in keys: a booking code typed on the letter keypad, or the ID number of the
// booking on the numeric keypad.
const (
	CheckInByCode = "code"
	CheckInByID   = "id"
)

// Longest inputs of the check-in box.
const (
	MaxBookingCode = 32
	MaxIDNumber    = 18
)

// checkinView finds today's booking by its code or the citizen's ID number and issues its
// ticket (the ticket screen follows), or says clearly why not: too early, too late, no
// booking today, a mistyped ID number. What was typed stays until the visitor changes it
// or leaves; leaving clears it.
type checkinView struct {
	q       *queueBar
	obj     fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	byCode  *widget.Button
	byID    *widget.Button
	entry   *widget.Entry
	submit  *widget.Button
	hint    *widget.Label
	message *widget.Label
	letters *keypad
	digits  *keypad

	mode string
	busy bool
	seq  int
}

func newCheckinView(q *queueBar) *checkinView {
	v := &checkinView{q: q, mode: CheckInByCode}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(q.k.GoHome)
	v.title = heading(theme.SizeNameHeadingText)
	v.byCode = widget.NewButton("", func() { v.setMode(CheckInByCode) })
	v.byID = widget.NewButton("", func() { v.setMode(CheckInByID) })
	v.entry = widget.NewEntry()
	v.entry.TextStyle.Bold = true
	v.entry.OnSubmitted = func(string) { v.checkIn() }
	v.submit = widget.NewButtonWithIcon("", theme.ConfirmIcon(), v.checkIn)
	v.submit.Importance = widget.HighImportance
	v.hint = wrapped(theme.SizeNameText)
	v.message = wrapped(theme.SizeNameSubHeadingText)
	v.message.TextStyle.Bold = true
	v.message.Hide()
	v.letters = newLetterPad(v.key)
	v.digits = newDigitPad(v.key)
	v.digits.obj.Hide()
	modes := container.NewGridWithColumns(2, ui.WithHeight(v.byCode, ButtonHeight), ui.WithHeight(v.byID, ButtonHeight))
	box := container.NewBorder(nil, nil, nil, ui.WithMinSize(v.submit, 200, ButtonHeight), ui.WithHeight(v.entry, ButtonHeight))
	top := container.NewVBox(topBar(backObj, v.title), modes, box, v.hint, v.message)
	pads := container.NewStack(v.letters.obj, container.NewCenter(ui.WithMinSize(v.digits.obj, 420, 0)))
	v.obj = container.NewThemeOverride(container.NewBorder(top, container.NewVBox(widget.NewSeparator(), pads), nil, nil), touchTheme{q.k.sx.theme})
	return v
}

// enter shows the check-in screen with the box focused, so a scanner's keystrokes land in it.
func (v *checkinView) enter() {
	v.q.k.flow.show(v.obj, ScreenCheckIn)
	v.retext()
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.entry); c != nil {
		c.Focus(v.entry)
	}
}

// setMode switches between the booking code and the ID number (a mode button's tap).
func (v *checkinView) setMode(mode string) {
	v.q.k.g.Lock()
	defer v.q.k.g.Unlock()
	if v.q.k.screen != ScreenCheckIn || v.busy {
		return
	}
	v.q.k.flow.touch()
	if mode != v.mode {
		v.mode = mode
		v.entry.SetText("")
		setStatus(v.message, "", widget.MediumImportance)
	}
	v.showMode()
}

// key types a keypad key into the box.
func (v *checkinView) key(k string) {
	v.q.k.g.Lock()
	defer v.q.k.g.Unlock()
	if v.q.k.screen != ScreenCheckIn || v.busy {
		return
	}
	v.q.k.flow.touch()
	limit := MaxBookingCode
	if v.mode == CheckInByID {
		limit = MaxIDNumber
	}
	v.entry.SetText(press(v.entry.Text, k, limit))
}

// checkIn asks the hub for today's booking (the check-in button, or Enter). A tap while a
// request is in flight does nothing: one booking, one ticket.
func (v *checkinView) checkIn() {
	k := v.q.k
	k.g.Lock()
	defer k.g.Unlock()
	if k.screen != ScreenCheckIn || v.busy {
		return
	}
	k.flow.touch()
	req := app.CheckInRequest{}
	text := NormalizeTrackingNo(v.entry.Text)
	if v.mode == CheckInByID {
		req.IDNumber = text
	} else {
		req.Code = text
	}
	if err := req.Validate(); err != nil {
		setStatus(v.message, v.errorText(err, app.HallRules{}), widget.DangerImportance)
		return
	}
	v.busy = true
	v.seq++
	seq := v.seq
	v.showBusy()
	setStatus(v.message, k.loc.T("queue.checkin.working"), widget.MediumImportance)
	go func() {
		ctx, cancel := k.scope.Request()
		defer cancel()
		t, err := v.q.qs.CheckIn(ctx, req)
		var rules app.HallRules
		if err != nil {
			var e *app.Error
			if errors.As(err, &e) && (e.Field == app.FieldTooEarly || e.Field == app.FieldTooLate) {
				// the minutes of the hall's check-in window, for the message
				if r, rerr := v.q.qs.Rules(ctx); rerr == nil {
					rules = r
				}
			}
		}
		k.g.Do(func() {
			if seq != v.seq {
				return // the visitor left
			}
			v.busy = false
			v.showBusy()
			if err != nil {
				setStatus(v.message, v.errorText(err, rules), widget.DangerImportance)
				return
			}
			svc := app.Service{ID: t.ServiceID, Queue: t.Queue}
			for _, s := range k.services {
				if s.ID == t.ServiceID {
					svc = s
				}
			}
			v.reset() // the ID number or code leaves the screen with the visitor
			k.showTicket(t, svc)
		})
	}()
}

// errorText says why a check-in was refused, in the visitor's language.
func (v *checkinView) errorText(err error, rules app.HallRules) string {
	loc := v.q.k.loc
	var e *app.Error
	if !errors.As(err, &e) {
		return loc.ErrorText(err)
	}
	minutes := func(m, def int) string {
		if m <= 0 {
			m = def
		}
		return strconv.Itoa(m)
	}
	switch {
	case e.Field == app.FieldTooEarly:
		return loc.Tf("queue.checkin.too_early", map[string]any{"Minutes": minutes(rules.BookingEarly, app.DefaultBookingEarly)})
	case e.Field == app.FieldTooLate:
		return loc.Tf("queue.checkin.too_late", map[string]any{"Minutes": minutes(rules.BookingLate, app.DefaultBookingLate)})
	case e.Code == app.ENOTFOUND:
		return loc.T("queue.checkin.not_found")
	case e.Code == app.EINVALID && e.Field == "id_number":
		return loc.T("queue.checkin.bad_id")
	case e.Code == app.EINVALID && e.Field == "code":
		return loc.T("queue.checkin.empty")
	}
	return loc.ErrorText(err)
}

func (v *checkinView) showMode() {
	byID := v.mode == CheckInByID
	if byID {
		v.byID.Importance, v.byCode.Importance = widget.HighImportance, widget.MediumImportance
		v.letters.obj.Hide()
		v.digits.obj.Show()
		v.hint.SetText(v.q.k.loc.T("queue.checkin.hint_id"))
		v.entry.SetPlaceHolder(v.q.k.loc.T("queue.checkin.by_id"))
	} else {
		v.byCode.Importance, v.byID.Importance = widget.HighImportance, widget.MediumImportance
		v.digits.obj.Hide()
		v.letters.obj.Show()
		v.hint.SetText(v.q.k.loc.T("queue.checkin.hint_code"))
		v.entry.SetPlaceHolder(v.q.k.loc.T("queue.checkin.by_code"))
	}
	v.byID.Refresh()
	v.byCode.Refresh()
	restyle(v.obj)
}

func (v *checkinView) showBusy() {
	if v.busy {
		v.submit.Disable()
	} else {
		v.submit.Enable()
	}
}

func (v *checkinView) retext() {
	loc := v.q.k.loc
	v.back.SetText(loc.T("guide.back_home"))
	v.title.SetText(loc.T("queue.checkin.title"))
	v.byCode.SetText(loc.T("queue.checkin.by_code"))
	v.byID.SetText(loc.T("queue.checkin.by_id"))
	v.submit.SetText(loc.T("queue.checkin.submit"))
	v.letters.retext(loc)
	v.digits.retext(loc)
	v.showMode()
}

// reset clears what the visitor typed and any message; the next visitor starts with the
// booking code.
func (v *checkinView) reset() {
	v.seq++
	v.busy = false
	v.mode = CheckInByCode
	v.entry.SetText("")
	setStatus(v.message, "", widget.MediumImportance)
	v.showBusy()
	v.showMode()
}
