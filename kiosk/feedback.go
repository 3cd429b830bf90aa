package kiosk

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// Screens of the rating, request and notice flows, as Screen reports them.
const (
	ScreenRate          = "rate"           // rate: scan a ticket or type a tracking number
	ScreenRateForm      = "rate_form"      // the five levels for the four aspects
	ScreenRateThanks    = "rate_thanks"    // thanks, and the thanks slip
	ScreenRequestKinds  = "requests"       // consultation, complaint, help, disclosure
	ScreenRequestForm   = "request_form"   // the request's form
	ScreenRequestDone   = "request_done"   // its tracking number, QR code and slip
	ScreenRequestStatus = "request_status" // a request's status and answer by number
	ScreenNotices       = "notices"        // government information: search and list
	ScreenNotice        = "notice"         // one notice
)

// feedback holds the citizen screens of rating (好差评), requests (咨询/投诉/求助/依申请
// 公开) and government information (政务公开), and the barcode scanner of the home screen.
// Its methods run with the kiosk's lock held unless they say otherwise.
type feedback struct {
	k        *Kiosk
	ratings  app.RatingService  // nil: no rating entry
	requests app.RequestService // nil: no request entry
	notices  app.NoticeService  // nil: no notice entry

	entries  fyne.CanvasObject
	rateBtn  *widget.Button
	reqBtn   *widget.Button
	infoBtn  *widget.Button
	entryLbl [3]*widget.Label

	rv *rateView
	qv *requestViews
	nv *noticeView
	sc *scanner
}

// feedbackEntries builds the rating, request and notice screens and returns the home
// screen's row of their entries (评价服务 / 咨询投诉求助 / 政务公开).
func (k *Kiosk) feedbackEntries() fyne.CanvasObject {
	fb := &feedback{k: k}
	fb.ratings, _ = k.svc.(app.RatingService)
	fb.requests, _ = k.svc.(app.RequestService)
	fb.notices, _ = k.svc.(app.NoticeService)
	fb.rateBtn = widget.NewButton("", func() { fb.open(ScreenRate) })
	fb.reqBtn = widget.NewButton("", func() { fb.open(ScreenRequestKinds) })
	fb.infoBtn = widget.NewButton("", func() { fb.open(ScreenNotices) })
	row := container.NewGridWithColumns(3)
	for i, e := range []struct {
		b    *widget.Button
		icon fyne.Resource
	}{{fb.rateBtn, theme.ConfirmIcon()}, {fb.reqBtn, theme.MailComposeIcon()}, {fb.infoBtn, theme.DocumentIcon()}} {
		fb.entryLbl[i] = widget.NewLabel("")
		fb.entryLbl[i].SizeName = theme.SizeNameHeadingText
		fb.entryLbl[i].TextStyle.Bold = true
		// Taps on the icon and the label reach the button beneath them.
		row.Add(ui.WithHeight(container.NewStack(e.b,
			container.NewCenter(container.NewHBox(ui.WithMinSize(widget.NewIcon(e.icon), 32, 32), fb.entryLbl[i]))), TileHeight))
	}
	fb.entries = container.NewVBox(row, widget.NewSeparator())
	if fb.ratings == nil {
		fb.rateBtn.Disable()
	}
	if fb.requests == nil {
		fb.reqBtn.Disable()
	}
	if fb.notices == nil {
		fb.infoBtn.Disable()
	}
	if fb.ratings == nil && fb.requests == nil && fb.notices == nil {
		fb.entries.Hide()
	}
	fb.rv = newRateView(fb)
	fb.qv = newRequestViews(fb)
	fb.nv = newNoticeView(fb)
	fb.sc = &scanner{fb: fb}
	k.fb = fb
	return fb.entries
}

// themed wraps a screen in the kiosk's larger touch theme.
func themed(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, touchTheme{ui.NewTheme()})
}

// open is a home entry's tap: it locks the kiosk itself.
func (fb *feedback) open(screen string) {
	fb.k.g.Lock()
	defer fb.k.g.Unlock()
	if fb.k.screen != ScreenHome || fb.k.issuing {
		return
	}
	switch screen {
	case ScreenRate:
		fb.rv.enter()
	case ScreenRequestKinds:
		fb.qv.enterKinds()
	case ScreenNotices:
		fb.nv.enter()
	}
}

// show puts obj on screen as screen with the flows' idle timer.
func (fb *feedback) show(obj fyne.CanvasObject, screen string) { fb.k.flow.show(obj, screen) }

// showDone puts a final screen (thanks, a tracking number) on screen: after the kiosk's
// ReturnHome it ends the session by itself, like a ticket.
func (fb *feedback) showDone(obj fyne.CanvasObject, screen string) {
	f := fb.k.flow
	f.show(obj, screen)
	if f.stop != nil {
		f.stop()
	}
	k := fb.k
	gen := k.gen
	f.stop = k.after(k.opts.ReturnHome, func() {
		k.g.Do(func() {
			if k.gen != gen || k.screen != screen {
				return
			}
			k.endSession() // a finished task ends the visitor's session: fields, language, elder mode
		})
	})
}

// touch restarts the idle timer (every tap).
func (fb *feedback) touch() { fb.k.flow.touch() }

// request returns a context for one hub request of the kiosk.
func (fb *feedback) request() (context.Context, context.CancelFunc) { return fb.k.scope.Request() }

// printCtx bounds one print.
func (fb *feedback) printCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(fb.k.scope.Context(), DefaultPrintTimeout)
}

// reset forgets everything a visitor saw or typed; goHome calls it.
func (fb *feedback) reset() {
	fb.rv.reset()
	fb.qv.reset()
	fb.nv.reset()
	fb.sc.reset()
}

// retext sets every text in the kiosk's language.
func (fb *feedback) retext() {
	loc := fb.k.loc
	for i, key := range []string{"rating.entry", "request.entry", "notice.entry"} {
		fb.entryLbl[i].SetText(loc.T(key))
	}
	fb.rv.retext()
	fb.qv.retext()
	fb.nv.retext()
}

// showPrintStatus sets a print status line and the reprint button for state.
func showPrintStatus(loc *ui.Localizer, state string, status *widget.Label, reprint *fyne.Container) {
	switch state {
	case PrintNone:
		setStatus(status, loc.T("request.no_printer"), widget.WarningImportance)
	case PrintPrinting:
		setStatus(status, loc.T("apply.printing"), widget.MediumImportance)
	case PrintDone:
		setStatus(status, loc.T("apply.printed"), widget.SuccessImportance)
	case PrintFailed:
		setStatus(status, loc.T("apply.print_failed"), widget.DangerImportance)
	default:
		setStatus(status, "", widget.MediumImportance)
	}
	if state == PrintFailed {
		reprint.Show()
	} else {
		reprint.Hide()
	}
}

// hallTime formats t in the hall's time zone.
func hallTime(t time.Time) string { return t.In(app.LoadLocation("")).Format("2006-01-02 15:04") }
