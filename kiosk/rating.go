package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// rateView rates a service at the kiosk (好差评): the visitor scans the QR code of a
// finished ticket (or a receipt) or types an application's tracking number, scores the
// four aspects on the five levels, gives a reason for 不满意 or worse, and gets the thanks
// and a thanks slip. One rating per ticket or application: a second is told so.
type rateView struct {
	fb *feedback

	// lookup
	obj     fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	entry   *widget.Entry
	find    *widget.Button
	hint    *widget.Label
	message *widget.Label
	pad     *keypad

	// form
	formObj  fyne.CanvasObject
	back2    *widget.Button
	head     *widget.Label
	form     *ui.RatingForm
	kb       *PinyinKeyboard // types the comment in Chinese
	submit   *widget.Button
	fmessage *widget.Label
	scroll   *container.Scroll

	// thanks
	thObj      fyne.CanvasObject
	thTitle    *widget.Label
	thStars    *ui.BigText
	thLevel    *widget.Label
	thNote     *widget.Label
	thStatus   *widget.Label
	reprint    *widget.Button
	reprintBox *fyne.Container
	home       *widget.Button
	autoHome   *widget.Label

	subject app.RatingSubject
	ref     string // the ticket's QR payload or ID, or the tracking number
	label   string // what the visitor rates, in short: A012 or TC01-20261126-0042
	sending bool
	seq     int
	rated   *app.Rating
	print   string
}

func newRateView(fb *feedback) *rateView {
	v := &rateView{fb: fb}
	k := fb.k
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(k.GoHome)
	v.title = heading(theme.SizeNameHeadingText)
	v.entry = widget.NewEntry()
	v.entry.TextStyle.Bold = true
	v.entry.OnSubmitted = func(string) { v.lookup() }
	v.find = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), v.lookup)
	v.find.Importance = widget.HighImportance
	v.hint = wrapped(theme.SizeNameSubHeadingText)
	v.message = wrapped(theme.SizeNameSubHeadingText)
	v.message.Hide()
	v.pad = newLetterPad(v.key)
	search := container.NewBorder(nil, nil, nil, ui.WithMinSize(v.find, 160, ButtonHeight), ui.WithHeight(v.entry, ButtonHeight))
	v.obj = themed(container.NewBorder(container.NewVBox(topBar(backObj, v.title), search, v.hint, v.message),
		container.NewVBox(widget.NewSeparator(), v.pad.obj), nil, nil, layout.NewSpacer()))

	var back2Obj fyne.CanvasObject
	v.back2, back2Obj = backButton(k.GoHome)
	v.head = heading(theme.SizeNameHeadingText)
	lock := func(f func()) {
		k.g.Lock()
		defer k.g.Unlock()
		f()
	}
	v.form = ui.NewRatingForm(k.loc, lock, fb.touch)
	v.kb = NewPinyinKeyboard(k.loc, v.form.Text)
	v.kb.OnText = func(string) { lock(fb.touch) }
	v.form.Keyboard.Objects = []fyne.CanvasObject{v.kb}
	v.submit = widget.NewButtonWithIcon("", theme.ConfirmIcon(), v.send)
	v.submit.Importance = widget.HighImportance
	v.fmessage = wrapped(theme.SizeNameSubHeadingText)
	v.fmessage.TextStyle.Bold = true
	v.fmessage.Hide()
	v.scroll = container.NewVScroll(v.form.Content())
	v.form.OnReasons = v.scroll.ScrollToBottom
	v.formObj = themed(container.NewBorder(topBar(back2Obj, v.head),
		container.NewVBox(v.fmessage, ui.WithHeight(v.submit, TileHeight)), nil, nil, v.scroll))

	v.thTitle = heading(theme.SizeNameHeadingText)
	v.thTitle.Alignment = fyne.TextAlignCenter
	v.thTitle.Importance = widget.SuccessImportance
	v.thStars = ui.NewBigText("", 96)
	v.thStars.ColorName = theme.ColorNamePrimary
	v.thLevel = heading(theme.SizeNameHeadingText)
	v.thLevel.Alignment = fyne.TextAlignCenter
	v.thNote = wrapped(theme.SizeNameSubHeadingText)
	v.thNote.Alignment = fyne.TextAlignCenter
	v.thStatus = wrapped(theme.SizeNameSubHeadingText)
	v.thStatus.Alignment = fyne.TextAlignCenter
	v.reprint = widget.NewButtonWithIcon("", theme.DocumentPrintIcon(), v.doReprint)
	v.reprintBox = container.NewCenter(ui.WithMinSize(v.reprint, 200, ButtonHeight))
	v.reprintBox.Hide()
	v.home = widget.NewButtonWithIcon("", theme.HomeIcon(), k.GoHome)
	v.home.Importance = widget.HighImportance
	v.autoHome = widget.NewLabel("")
	v.autoHome.Alignment = fyne.TextAlignCenter
	v.thObj = themed(container.NewVScroll(container.NewVBox(v.thTitle, v.thStars, v.thLevel, v.thNote,
		v.thStatus, v.reprintBox, layout.NewSpacer(), container.NewPadded(ui.WithHeight(v.home, 80)), v.autoHome)))
	return v
}

// enter shows the lookup, focused so a scanner's keystrokes land in the box.
func (v *rateView) enter() {
	v.fb.show(v.obj, ScreenRate)
	v.retext()
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.entry); c != nil {
		c.Focus(v.entry)
	}
}

// key types a keypad key into the box.
func (v *rateView) key(key string) {
	v.fb.k.g.Lock()
	defer v.fb.k.g.Unlock()
	if v.fb.k.screen != ScreenRate {
		return
	}
	v.fb.touch()
	v.entry.SetText(press(v.entry.Text, key, MaxTrackingNo))
}

// lookup reads the box (the next button, or a scanner's Enter): a ticket's QR code or an
// application's tracking number opens the form.
func (v *rateView) lookup() {
	v.fb.k.g.Lock()
	defer v.fb.k.g.Unlock()
	if v.fb.k.screen != ScreenRate {
		return
	}
	v.fb.touch()
	kind, ref, label := ParseScan(v.entry.Text)
	switch kind {
	case ScanTicket:
		v.open(app.RatingOfTicket, ref, label)
	case ScanApplication:
		v.open(app.RatingOfApplication, ref, label)
	default:
		setStatus(v.message, v.fb.k.loc.T("rating.bad_ref"), widget.DangerImportance)
	}
}

// open shows the form for a ticket (ref: its QR payload or ID) or an application.
func (v *rateView) open(subject app.RatingSubject, ref, label string) {
	v.seq++
	v.subject, v.ref, v.label, v.sending, v.rated = subject, ref, label, false, nil
	v.form.SetLocalizer(v.fb.k.loc)
	v.form.Reset()
	v.submit.Enable()
	setStatus(v.fmessage, "", widget.MediumImportance)
	v.fb.show(v.formObj, ScreenRateForm)
	v.retext()
}

// send submits the rating; it is refused on the screen (nothing sent) until every aspect
// is scored and a bad score has its reason.
func (v *rateView) send() {
	k := v.fb.k
	k.g.Lock()
	defer k.g.Unlock()
	if k.screen != ScreenRateForm || v.sending {
		return
	}
	v.fb.touch()
	s, err := v.form.Submission()
	if err != nil {
		setStatus(v.fmessage, k.loc.T("rating.fix"), widget.DangerImportance)
		restyle(v.formObj)
		if v.form.NeedsReason() {
			v.scroll.ScrollToBottom()
		} else {
			v.scroll.ScrollToTop()
		}
		return
	}
	v.sending = true
	v.submit.Disable()
	setStatus(v.fmessage, k.loc.T("rating.sending"), widget.MediumImportance)
	v.seq++
	seq, subject, ref := v.seq, v.subject, v.ref
	go func() {
		ctx, cancel := v.fb.request()
		defer cancel()
		var r app.Rating
		var err error
		if subject == app.RatingOfTicket {
			r, err = v.fb.ratings.RateTicket(ctx, ref, s)
		} else {
			r, err = v.fb.ratings.RateApplication(ctx, ref, s)
		}
		k.g.Do(func() {
			if seq != v.seq || k.screen != ScreenRateForm {
				return
			}
			v.sending = false
			v.submit.Enable()
			if err != nil {
				if v.form.ShowProblems(err) {
					setStatus(v.fmessage, k.loc.T("rating.fix"), widget.DangerImportance)
				} else {
					setStatus(v.fmessage, ui.RatingErrorText(k.loc, err), widget.DangerImportance)
				}
				return
			}
			v.rated = &r
			v.form.Reset() // the comment does not stay in a widget
			v.thStars.SetText(ui.Stars(r.Scores.Overall))
			v.fb.showDone(v.thObj, ScreenRateThanks)
			v.startPrint()
			v.retext()
		})
	}()
}

func (v *rateView) doReprint() {
	v.fb.k.g.Lock()
	defer v.fb.k.g.Unlock()
	if v.fb.k.screen != ScreenRateThanks || v.print == PrintPrinting {
		return
	}
	v.startPrint()
}

// startPrint prints the thanks slip in the background.
func (v *rateView) startPrint() {
	pr := v.fb.k.opts.PrintRatingThanks
	if pr == nil || v.rated == nil {
		v.print = ""
		showPrintStatus(v.fb.k.loc, v.print, v.thStatus, v.reprintBox)
		return
	}
	v.print = PrintPrinting
	showPrintStatus(v.fb.k.loc, v.print, v.thStatus, v.reprintBox)
	seq, r := v.seq, *v.rated
	go func() {
		ctx, cancel := v.fb.printCtx()
		defer cancel()
		err := pr(ctx, r)
		v.fb.k.g.Do(func() {
			if seq != v.seq {
				return
			}
			v.print = PrintDone
			if err != nil {
				v.print = PrintFailed
			}
			showPrintStatus(v.fb.k.loc, v.print, v.thStatus, v.reprintBox)
		})
	}()
}

func (v *rateView) retext() {
	loc := v.fb.k.loc
	v.back.SetText(loc.T("guide.back_home"))
	v.back2.SetText(loc.T("guide.back_home"))
	v.title.SetText(loc.T("rating.title"))
	v.find.SetText(loc.T("rating.next"))
	v.entry.SetPlaceHolder(loc.T("rating.placeholder"))
	v.hint.SetText(loc.T("rating.hint"))
	v.pad.retext(loc)
	v.kb.Retext(loc)
	v.form.SetLocalizer(loc)
	if v.message.Visible() {
		setStatus(v.message, loc.T("rating.bad_ref"), widget.DangerImportance)
	}
	if v.subject == app.RatingOfTicket {
		v.head.SetText(loc.Tf("rating.head_ticket", map[string]any{"Number": v.label}))
	} else {
		v.head.SetText(loc.Tf("rating.head_application", map[string]any{"Number": v.label}))
	}
	v.form.SetTitle(loc.T("rating.form_hint"))
	v.submit.SetText(loc.T("rating.submit"))
	v.thTitle.SetText(loc.T("rating.thanks"))
	v.reprint.SetText(loc.T("kiosk.reprint"))
	v.home.SetText(loc.T("kiosk.home"))
	v.autoHome.SetText(loc.Tf("kiosk.auto_home", map[string]any{"Seconds": int(v.fb.k.opts.ReturnHome.Seconds())}))
	if v.rated != nil {
		v.thLevel.SetText(ui.LevelText(loc, v.rated.Scores.Overall))
		if v.rated.FollowUp {
			v.thNote.SetText(loc.T("rating.follow_up"))
		} else {
			v.thNote.SetText(loc.T("rating.thanks_note"))
		}
	}
	showPrintStatus(loc, v.print, v.thStatus, v.reprintBox)
}

func (v *rateView) reset() {
	v.seq++
	v.entry.SetText("")
	setStatus(v.message, "", widget.MediumImportance)
	setStatus(v.fmessage, "", widget.MediumImportance)
	v.form.Reset()
	v.kb.Reset()
	v.subject, v.ref, v.label, v.sending, v.rated, v.print = "", "", "", false, nil, ""
	v.thStars.SetText("")
	v.thLevel.SetText("")
	v.thNote.SetText("")
}
