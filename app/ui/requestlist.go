package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// RequestText is a request kind in words (咨询 / 投诉 / 求助 / 依申请公开).
func RequestText(loc *Localizer, k app.RequestKind) string { return loc.T("request.kind." + string(k)) }

// RequestStatusText is a request's status in words (已登记 / 已答复 / 已办结).
func RequestStatusText(loc *Localizer, s app.RequestStatus) string {
	return loc.T("request.status." + string(s))
}

// RequestStatusIcon is the icon beside a request status's words: never colour alone.
func RequestStatusIcon(s app.RequestStatus) fyne.Resource {
	switch s {
	case app.RequestAnswered:
		return theme.MailReplyIcon()
	case app.RequestClosed:
		return theme.ConfirmIcon()
	}
	return theme.HistoryIcon()
}

// DeliveryText is a disclosure request's delivery form in words (自行领取 …).
func DeliveryText(loc *Localizer, d app.DeliveryForm) string {
	return loc.T("request.delivery." + string(d))
}

// RequestHub is what the staff list needs of its hall: the live stream and requests.
type RequestHub interface {
	app.HallService
	app.RequestService
}

// RequestList is the staff's list of the hall's requests (咨询 / 投诉 / 求助 / 依申请公开):
// a filter by status, a row per request (number, kind, status in words beside an icon,
// subject, masked contact), and the chosen request read whole with a box to answer it or
// close it. It follows the hall's events and reloads when a request comes or changes.
type RequestList struct {
	svc    RequestHub
	loc    *Localizer
	window int
	scope  Scope
	g      Guard

	// state, guarded by g
	list     []app.Request
	status   app.RequestStatus // filter; "" all
	err      error
	loaded   bool
	seq      int
	chosen   *app.Request
	sending  bool
	rowTexts [][]string

	filter   *widget.Select
	refresh  *widget.Button
	summary  *widget.Label
	rows     *fyne.Container
	detail   *fyne.Container
	dTitle   *widget.Label
	dMeta    *widget.Label
	dText    *widget.Label
	dAnswer  *widget.Label
	answer   *widget.Entry
	send     *widget.Button
	sendEnd  *widget.Button
	message  *widget.Label
	content  fyne.CanvasObject
	statuses []app.RequestStatus
}

// NewRequestList builds the list for a clerk at window (0: not at a window). It does no
// I/O: call Start.
func NewRequestList(a fyne.App, svc RequestHub, loc *Localizer, window int) *RequestList {
	_ = a
	l := &RequestList{svc: svc, loc: loc, window: window, status: app.RequestReceived}
	l.statuses = []app.RequestStatus{app.RequestReceived, app.RequestAnswered, app.RequestClosed, ""}
	var opts []string
	for _, s := range l.statuses {
		opts = append(opts, l.statusOption(s))
	}
	l.filter = widget.NewSelect(opts, func(string) { l.onFilter() })
	l.filter.SetSelectedIndex(0)
	l.refresh = widget.NewButtonWithIcon(loc.T("accept.refresh"), theme.ViewRefreshIcon(), l.Refresh)
	title := widget.NewLabel(loc.T("request.staff.title"))
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameSubHeadingText
	l.summary = widget.NewLabel(loc.T("kiosk.loading"))
	l.rows = container.NewVBox()

	l.dTitle = widget.NewLabel(loc.T("request.staff.choose"))
	l.dTitle.TextStyle.Bold = true
	l.dTitle.Wrapping = fyne.TextWrapWord
	l.dMeta = widget.NewLabel("")
	l.dMeta.Wrapping = fyne.TextWrapWord
	l.dText = widget.NewLabel("")
	l.dText.Wrapping = fyne.TextWrapWord
	l.dAnswer = widget.NewLabel("")
	l.dAnswer.Wrapping = fyne.TextWrapWord
	l.dAnswer.Importance = widget.SuccessImportance
	l.answer = widget.NewMultiLineEntry()
	l.answer.Wrapping = fyne.TextWrapWord
	l.answer.SetMinRowsVisible(4)
	l.answer.SetPlaceHolder(loc.T("request.staff.answer_placeholder"))
	l.send = widget.NewButtonWithIcon(loc.T("request.staff.answer"), theme.MailReplyIcon(), func() { l.Answer(false) })
	l.send.Importance = widget.HighImportance
	l.sendEnd = widget.NewButtonWithIcon(loc.T("request.staff.close"), theme.ConfirmIcon(), func() { l.Answer(true) })
	l.message = widget.NewLabel("")
	l.message.Wrapping = fyne.TextWrapWord
	l.message.Hide()
	l.detail = container.NewVBox(l.dTitle, l.dMeta, widget.NewSeparator(), l.dText, l.dAnswer, l.answer,
		container.NewGridWithColumns(2, l.send, l.sendEnd), l.message)
	l.showDetail()

	header := container.NewBorder(nil, nil, title, container.NewHBox(WithMinSize(l.filter, 220, 0), l.refresh))
	left := container.NewBorder(container.NewVBox(header, widget.NewSeparator()), l.summary, nil, nil, container.NewVScroll(l.rows))
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(l.detail)))
	split.Offset = 0.55
	l.content = container.NewPadded(split)
	return l
}

func (l *RequestList) statusOption(s app.RequestStatus) string {
	if s == "" {
		return l.loc.T("request.staff.all")
	}
	return RequestStatusText(l.loc, s)
}

// Content returns the screen's root object.
func (l *RequestList) Content() fyne.CanvasObject { return l.content }

// Start loads the list and keeps it current until ctx ends.
func (l *RequestList) Start(ctx context.Context) {
	l.scope.Set(ctx)
	go l.load()
	go Follow(ctx, l.svc, l.load, nil, func(ev app.Event) {
		if ev.Type == app.EventRequestCreated || ev.Type == app.EventRequestChanged {
			l.load()
		}
	})
}

// Refresh loads the list again in the background.
func (l *RequestList) Refresh() { go l.load() }

// SetStatus shows only requests in status s ("" for all).
func (l *RequestList) SetStatus(s app.RequestStatus) {
	for i, x := range l.statuses {
		if x == s {
			l.filter.SetSelectedIndex(i) // calls onFilter
		}
	}
}

func (l *RequestList) onFilter() {
	i := l.filter.SelectedIndex()
	if i < 0 {
		return
	}
	l.g.Lock()
	changed := l.status != l.statuses[i]
	l.status = l.statuses[i]
	l.g.Unlock()
	if changed {
		go l.load()
	}
}

func (l *RequestList) load() {
	var f app.RequestFilter
	var seq int
	l.g.Read(func() {
		f.Status = l.status
		l.seq++
		seq = l.seq
	})
	ctx, cancel := l.scope.Request()
	defer cancel()
	list, err := l.svc.Requests(ctx, f)
	var fresh *app.Request
	if err == nil {
		var no string
		l.g.Read(func() {
			if l.chosen != nil {
				no = l.chosen.TrackingNo
			}
		})
		if no != "" {
			if r, err := l.svc.Request(ctx, no); err == nil {
				fresh = &r
			}
		}
	}
	l.g.Do(func() {
		if seq != l.seq {
			return
		}
		l.err = err
		if err == nil {
			l.list, l.loaded = list, true
			if fresh != nil && l.chosen != nil && fresh.TrackingNo == l.chosen.TrackingNo {
				l.chosen = fresh
				l.showDetail()
			}
		}
		l.build()
	})
}

func (l *RequestList) build() {
	l.rows.RemoveAll()
	l.rowTexts = l.rowTexts[:0]
	zone := app.LoadLocation("")
	for _, r := range l.list {
		cells := []string{
			r.TrackingNo,
			RequestText(l.loc, r.Kind),
			RequestStatusText(l.loc, r.Status),
			r.Subject,
			r.Contact.Name + " " + r.Contact.Phone,
			r.SubmittedAt.In(zone).Format("01-02 15:04"),
		}
		l.rowTexts = append(l.rowTexts, cells)
		open := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { l.Choose(r.TrackingNo) })
		if l.chosen != nil && l.chosen.TrackingNo == r.TrackingNo {
			open.Importance = widget.HighImportance
		}
		st := widget.NewLabel(cells[2])
		kind := widget.NewLabel(cells[1])
		kind.TextStyle.Bold = true
		if r.Kind == app.RequestComplaint {
			kind.Importance = widget.WarningImportance
		}
		top := container.NewHBox(widget.NewLabel(cells[0]), kind, widget.NewIcon(RequestStatusIcon(r.Status)), st)
		subj := widget.NewLabel(cells[3] + "  ·  " + cells[4] + "  ·  " + cells[5])
		subj.Truncation = fyne.TextTruncateEllipsis
		l.rows.Add(container.NewBorder(nil, nil, nil, open, container.NewVBox(top, subj)))
		l.rows.Add(widget.NewSeparator())
	}
	l.rows.Refresh()
	switch {
	case l.err != nil:
		l.summary.Importance = widget.DangerImportance
		l.summary.SetText(l.loc.ErrorText(l.err))
	case len(l.list) == 0:
		l.summary.Importance = widget.MediumImportance
		l.summary.SetText(l.loc.T("request.staff.none"))
	default:
		l.summary.Importance = widget.MediumImportance
		l.summary.SetText(l.loc.Tf("request.staff.count", map[string]any{"Count": strconv.Itoa(len(l.list))}))
	}
}

// Choose reads request no whole (a row's button).
func (l *RequestList) Choose(no string) {
	go func() {
		ctx, cancel := l.scope.Request()
		defer cancel()
		r, err := l.svc.Request(ctx, no)
		l.g.Do(func() {
			if err != nil {
				l.setMessage(l.loc.ErrorText(err), widget.DangerImportance)
				return
			}
			if l.chosen == nil || l.chosen.TrackingNo != r.TrackingNo {
				l.answer.SetText("")
			}
			l.chosen = &r
			l.setMessage("", widget.MediumImportance)
			l.showDetail()
			l.build()
		})
	}()
}

// Answer sends the box's text as the answer to the chosen request; with close it also
// closes it (or closes an answered one, the text being an optional note).
func (l *RequestList) Answer(close bool) {
	l.g.Lock()
	defer l.g.Unlock()
	if l.chosen == nil || l.sending {
		return
	}
	l.sending = true
	l.send.Disable()
	l.sendEnd.Disable()
	no, a := l.chosen.TrackingNo, app.RequestAnswer{Answer: l.answer.Text, Close: close, Window: l.window}
	go func() {
		ctx, cancel := l.scope.Request()
		defer cancel()
		r, err := l.svc.AnswerRequest(ctx, no, a)
		l.g.Do(func() {
			l.sending = false
			if err != nil {
				l.showDetail()
				text := l.loc.ErrorText(err)
				if app.ErrorCode(err) == app.EINVALID {
					text = l.loc.T("request.staff.need_answer")
				}
				l.setMessage(text, widget.DangerImportance)
				return
			}
			l.chosen = &r
			l.answer.SetText("")
			l.showDetail()
			l.setMessage(l.loc.T("request.staff.sent"), widget.SuccessImportance)
		})
		l.load()
	}()
}

func (l *RequestList) setMessage(text string, imp widget.Importance) {
	l.message.Importance = imp
	l.message.SetText(text)
	if text == "" {
		l.message.Hide()
	} else {
		l.message.Show()
	}
}

// showDetail shows the chosen request whole, its contact masked.
func (l *RequestList) showDetail() {
	r := l.chosen
	if r == nil {
		l.dTitle.SetText(l.loc.T("request.staff.choose"))
		for _, o := range []fyne.CanvasObject{l.dMeta, l.dText, l.dAnswer, l.answer, l.send, l.sendEnd} {
			o.Hide()
		}
		return
	}
	loc, zone := l.loc, app.LoadLocation("")
	l.dTitle.SetText(r.TrackingNo + "  " + RequestText(loc, r.Kind) + "  " + RequestStatusText(loc, r.Status))
	meta := loc.Tf("request.staff.meta", map[string]any{
		"Subject": r.Subject, "Name": r.Contact.Name, "Phone": r.Contact.Phone,
		"Time": r.SubmittedAt.In(zone).Format("2006-01-02 15:04")})
	if r.Contact.Address != "" {
		meta += "\n" + loc.T("request.address") + "：" + r.Contact.Address
	}
	if r.Contact.Email != "" {
		meta += "\n" + loc.T("request.email") + "：" + r.Contact.Email
	}
	l.dMeta.SetText(meta)
	text := r.Text
	if d := r.Disclosure; d != nil {
		text = loc.T("request.information") + "：" + d.Information
		if d.Purpose != "" {
			text += "\n" + loc.T("request.purpose") + "：" + d.Purpose
		}
		text += "\n" + loc.T("request.delivery_head") + "：" + DeliveryText(loc, d.Delivery)
		if r.Text != "" {
			text += "\n" + r.Text
		}
	}
	l.dText.SetText(text)
	ans := ""
	if r.Answer != "" {
		ans = loc.T("request.answer") + "：" + r.Answer
		if r.AnsweredAt != nil {
			ans += "（" + r.AnsweredAt.In(zone).Format("2006-01-02 15:04") + "）"
		}
	}
	if r.CloseNote != "" {
		ans += "\n" + loc.T("request.close_note") + "：" + r.CloseNote
	}
	l.dAnswer.SetText(ans)
	l.dMeta.Show()
	l.dText.Show()
	if ans == "" {
		l.dAnswer.Hide()
	} else {
		l.dAnswer.Show()
	}
	switch r.Status {
	case app.RequestReceived:
		l.answer.Show()
		l.send.Show()
		l.send.Enable()
		l.sendEnd.Show()
		l.sendEnd.SetText(loc.T("request.staff.answer_close"))
		l.sendEnd.Enable()
	case app.RequestAnswered:
		l.answer.Show()
		l.send.Hide()
		l.sendEnd.Show()
		l.sendEnd.SetText(loc.T("request.staff.close"))
		l.sendEnd.Enable()
	default:
		l.answer.Hide()
		l.send.Hide()
		l.sendEnd.Hide()
	}
}

// Rows returns what each row says (number, kind, status, subject, masked contact, time),
// for tests.
func (l *RequestList) Rows() [][]string {
	var out [][]string
	l.g.Read(func() {
		for _, r := range l.rowTexts {
			out = append(out, append([]string(nil), r...))
		}
	})
	return out
}

// Chosen returns the request read whole, nil before one is chosen.
func (l *RequestList) Chosen() *app.Request {
	var r *app.Request
	l.g.Read(func() {
		if l.chosen != nil {
			c := *l.chosen
			r = &c
		}
	})
	return r
}

// AnswerEntry returns the answer box (tests type into it).
func (l *RequestList) AnswerEntry() *widget.Entry { return l.answer }

// MessageText returns the line under the answer buttons ("" when none shows).
func (l *RequestList) MessageText() string {
	var s string
	l.g.Read(func() {
		if l.message.Visible() {
			s = l.message.Text
		}
	})
	return s
}
