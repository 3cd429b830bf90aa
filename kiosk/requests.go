package kiosk

import (
	"errors"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// Paths of a request's fields, as the hub names them in field errors.
const (
	ReqSubject     = "subject"
	ReqText        = "text"
	ReqName        = "contact.name"
	ReqPhone       = "contact.phone"
	ReqAddress     = "contact.address"
	ReqEmail       = "contact.email"
	ReqInformation = "disclosure.information"
	ReqPurpose     = "disclosure.purpose"
	ReqDelivery    = "disclosure.delivery"
)

// Keyboards a request field is typed on: the pinyin keyboard, the numeric keypad, the
// e-mail keypad.
const (
	padLetters = "letters"
	padDigits  = "digits"
	padEmail   = "email"
)

// emailRows is the keypad of an e-mail address: letters, digits and the marks addresses
// use.
var emailRows = [][]string{
	{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-"},
	{"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P", "_"},
	{"A", "S", "D", "F", "G", "H", "J", "K", "L", "@", "."},
	{"Z", "X", "C", "V", "B", "N", "M"},
}

// subjectRunes is how much of a disclosure request's information becomes its subject.
const subjectRunes = 40

// reqRow is one field of the request form.
type reqRow struct {
	path    string
	pad     string
	max     int
	label   *widget.Label
	entry   *padEntry        // nil for the delivery choice
	options []*widget.Button // the delivery forms
	value   string
	err     *widget.Label
	obj     fyne.CanvasObject
	problem *app.FieldError
}

// requestViews are the request screens: the kinds, the form, the tracking number and the
// status lookup.
type requestViews struct {
	fb *feedback

	// kinds
	kindsObj  fyne.CanvasObject
	kindsBack *widget.Button
	kindsHead *widget.Label
	kindBtns  map[app.RequestKind]*widget.Button
	kindLbls  map[app.RequestKind]*widget.Label
	kindNotes map[app.RequestKind]*widget.Label
	statusBtn *widget.Button

	fv *requestForm
	dv *requestDone
	sv *requestStatus
}

func newRequestViews(fb *feedback) *requestViews {
	q := &requestViews{fb: fb, kindBtns: map[app.RequestKind]*widget.Button{},
		kindLbls: map[app.RequestKind]*widget.Label{}, kindNotes: map[app.RequestKind]*widget.Label{}}
	var backObj fyne.CanvasObject
	q.kindsBack, backObj = backButton(fb.k.GoHome)
	q.kindsHead = heading(theme.SizeNameHeadingText)
	grid := container.NewGridWithColumns(2)
	icons := map[app.RequestKind]fyne.Resource{app.RequestConsultation: theme.QuestionIcon(),
		app.RequestComplaint: theme.WarningIcon(), app.RequestHelp: theme.AccountIcon(), app.RequestDisclosure: theme.FileTextIcon()}
	for _, kind := range app.RequestKinds {
		b := widget.NewButton("", func() { q.chooseKind(kind) })
		q.kindBtns[kind] = b
		q.kindLbls[kind] = heading(theme.SizeNameHeadingText)
		q.kindLbls[kind].Alignment = fyne.TextAlignCenter
		q.kindNotes[kind] = wrapped(theme.SizeNameText)
		q.kindNotes[kind].Alignment = fyne.TextAlignCenter
		grid.Add(ui.WithHeight(container.NewStack(b, container.NewBorder(nil, nil,
			container.NewPadded(ui.WithMinSize(widget.NewIcon(icons[kind]), 40, 40)), nil,
			ui.VCenter(container.NewVBox(q.kindLbls[kind], q.kindNotes[kind])))), 140))
	}
	q.statusBtn = widget.NewButtonWithIcon("", theme.SearchIcon(), q.openStatus)
	q.kindsObj = themed(container.NewBorder(topBar(backObj, q.kindsHead),
		container.NewPadded(ui.WithHeight(q.statusBtn, TileHeight)), nil, nil, container.NewVScroll(grid)))
	q.fv = newRequestForm(q)
	q.dv = newRequestDone(q)
	q.sv = newRequestStatus(q)
	return q
}

func (q *requestViews) enterKinds() {
	q.fb.show(q.kindsObj, ScreenRequestKinds)
	q.retext()
}

func (q *requestViews) chooseKind(kind app.RequestKind) {
	q.fb.k.g.Lock()
	defer q.fb.k.g.Unlock()
	if q.fb.k.screen != ScreenRequestKinds {
		return
	}
	q.fv.enter(kind)
}

func (q *requestViews) openStatus() {
	q.fb.k.g.Lock()
	defer q.fb.k.g.Unlock()
	if q.fb.k.screen != ScreenRequestKinds {
		return
	}
	q.sv.enter()
}

func (q *requestViews) retext() {
	loc := q.fb.k.loc
	q.kindsBack.SetText(loc.T("guide.back_home"))
	q.kindsHead.SetText(loc.T("request.choose"))
	for kind, l := range q.kindLbls {
		l.SetText(ui.RequestText(loc, kind))
		q.kindNotes[kind].SetText(loc.T("request.kind_note." + string(kind)))
	}
	q.statusBtn.SetText(loc.T("request.status_entry"))
	q.fv.retext()
	q.dv.retext()
	q.sv.retext()
}

func (q *requestViews) reset() {
	q.fv.reset()
	q.dv.reset()
	q.sv.reset()
}

// requestForm is one request's form: for a consultation, complaint or help request the
// subject and the matter, for a disclosure request the information asked for, its purpose
// and how it is delivered (with the postal or e-mail address that needs); then the
// person's name and mobile number. Problems show under each field in the visitor's
// language; nothing typed is lost.
type requestForm struct {
	q       *requestViews
	obj     fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	box     *fyne.Container
	message *widget.Label
	submit  *widget.Button
	padBox  *fyne.Container
	kb      *PinyinKeyboard // names, addresses and texts, in Chinese
	digits  *keypad
	email   *keypad

	kind    app.RequestKind
	rows    []*reqRow
	active  *reqRow
	sending bool
	seq     int
}

func newRequestForm(q *requestViews) *requestForm {
	v := &requestForm{q: q}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(v.goBack)
	v.title = heading(theme.SizeNameHeadingText)
	v.box = container.NewVBox()
	v.message = wrapped(theme.SizeNameSubHeadingText)
	v.message.TextStyle.Bold = true
	v.message.Hide()
	v.submit = widget.NewButtonWithIcon("", theme.ConfirmIcon(), v.send)
	v.submit.Importance = widget.HighImportance
	v.kb = NewPinyinKeyboard(q.fb.k.loc, nil)
	v.kb.OnText = func(string) {
		q.fb.k.g.Lock()
		defer q.fb.k.g.Unlock()
		q.fb.touch()
	}
	v.digits = newDigitPad(v.key)
	v.digits.keys["X"].Disable()
	v.email = newKeypad(emailRows, 11, v.key)
	v.padBox = container.NewStack()
	v.obj = themed(container.NewBorder(topBar(backObj, v.title),
		container.NewVBox(v.message, ui.WithHeight(v.submit, TileHeight), v.padBox), nil, nil, container.NewVScroll(v.box)))
	return v
}

// enter shows an empty form for kind.
func (v *requestForm) enter(kind app.RequestKind) {
	v.kind, v.sending = kind, false
	v.seq++
	v.build()
	v.submit.Enable()
	setStatus(v.message, "", widget.MediumImportance)
	v.q.fb.show(v.obj, ScreenRequestForm)
	v.retext()
	if len(v.rows) > 0 {
		v.activate(v.rows[0])
	}
}

func (v *requestForm) build() {
	v.rows, v.active = nil, nil
	v.box.RemoveAll()
	add := func(path, pad string, max int, multi bool) *reqRow {
		r := &reqRow{path: path, pad: pad, max: max}
		r.label = heading(theme.SizeNameSubHeadingText)
		var input fyne.CanvasObject
		if path == ReqDelivery {
			grid := container.NewGridWithColumns(2)
			for _, d := range app.DeliveryForms {
				b := widget.NewButtonWithIcon("", theme.RadioButtonIcon(), func() { v.choose(r, string(d)) })
				r.options = append(r.options, b)
				grid.Add(ui.WithHeight(b, ButtonHeight))
			}
			input = grid
		} else {
			r.entry = newPadEntry(func() { v.focused(r) })
			r.entry.TextStyle.Bold = true
			if multi {
				r.entry.MultiLine = true
				r.entry.Wrapping = fyne.TextWrapWord
				r.entry.SetMinRowsVisible(3)
				input = r.entry
			} else {
				input = ui.WithHeight(r.entry, ButtonHeight)
			}
		}
		r.err = wrapped(theme.SizeNameSubHeadingText)
		r.err.Importance = widget.DangerImportance
		r.err.TextStyle.Bold = true
		r.err.Hide()
		r.obj = container.NewVBox(r.label, input, r.err)
		v.rows = append(v.rows, r)
		v.box.Add(r.obj)
		return r
	}
	if v.kind == app.RequestDisclosure {
		add(ReqInformation, padLetters, app.MaxLongTextRunes, true)
		add(ReqPurpose, padLetters, app.MaxFieldRunes, false)
		add(ReqDelivery, "", 0, false)
		add(ReqAddress, padLetters, app.MaxFieldRunes, false).obj.Hide()
		add(ReqEmail, padEmail, 100, false).obj.Hide()
	} else {
		add(ReqSubject, padLetters, app.MaxFieldRunes, false)
		add(ReqText, padLetters, app.MaxLongTextRunes, true)
	}
	add(ReqName, padLetters, app.MaxNameRunes, false)
	add(ReqPhone, padDigits, 11, false)
	v.box.Refresh()
}

func (v *requestForm) row(path string) *reqRow {
	for _, r := range v.rows {
		if r.path == path {
			return r
		}
	}
	return nil
}

// focused runs when a row's entry takes the focus (a finger's tap).
func (v *requestForm) focused(r *reqRow) {
	v.q.fb.k.g.Lock()
	defer v.q.fb.k.g.Unlock()
	if v.q.fb.k.screen != ScreenRequestForm {
		return
	}
	v.q.fb.touch()
	v.activate(r)
}

func (v *requestForm) activate(r *reqRow) {
	v.active = r
	var pad fyne.CanvasObject
	switch r.pad {
	case padLetters:
		v.kb.SetTarget(&r.entry.Entry)
		pad = v.kb
	case padDigits:
		pad = v.digits.obj
	case padEmail:
		pad = v.email.obj
	}
	if pad == nil {
		v.padBox.Objects = nil
	} else {
		v.padBox.Objects = []fyne.CanvasObject{container.NewVBox(widget.NewSeparator(), pad)}
	}
	v.padBox.Refresh()
	restyle(v.obj)
}

// key types a keypad key into the active field.
func (v *requestForm) key(k string) {
	v.q.fb.k.g.Lock()
	defer v.q.fb.k.g.Unlock()
	r := v.active
	if v.q.fb.k.screen != ScreenRequestForm || r == nil || r.entry == nil {
		return
	}
	v.q.fb.touch()
	if r.pad == padEmail && len(k) == 1 {
		k = strings.ToLower(k)
	}
	r.entry.SetText(press(r.entry.Text, k, r.max))
}

// choose is a delivery form's tap: post asks for the address, e-mail for the address.
func (v *requestForm) choose(r *reqRow, value string) {
	v.q.fb.k.g.Lock()
	defer v.q.fb.k.g.Unlock()
	v.q.fb.touch()
	r.value = value
	r.problem = nil
	addr, mail := v.row(ReqAddress), v.row(ReqEmail)
	if value == string(app.DeliveryMail) {
		addr.obj.Show()
	} else {
		addr.obj.Hide()
	}
	if value == string(app.DeliveryEmail) {
		mail.obj.Show()
		v.activate(mail)
	} else {
		mail.obj.Hide()
	}
	if value == string(app.DeliveryMail) {
		v.activate(addr)
	}
	v.retextRow(r)
	v.box.Refresh()
}

// submission gathers what the visitor entered.
func (v *requestForm) submission() app.RequestSubmission {
	s := app.RequestSubmission{Kind: v.kind}
	val := func(path string) string {
		r := v.row(path)
		if r == nil || !r.obj.Visible() {
			return ""
		}
		if r.entry == nil {
			return r.value
		}
		return r.entry.Text
	}
	s.Subject, s.Text = val(ReqSubject), val(ReqText)
	s.Contact = app.Contact{Name: val(ReqName), Phone: val(ReqPhone), Address: val(ReqAddress), Email: val(ReqEmail)}
	if v.kind == app.RequestDisclosure {
		info := strings.TrimSpace(val(ReqInformation))
		s.Disclosure = &app.Disclosure{Information: info, Purpose: val(ReqPurpose), Delivery: app.DeliveryForm(val(ReqDelivery))}
		// The subject staff see in the list: the information's first line.
		subj, _, _ := strings.Cut(info, "\n")
		if utf8.RuneCountInString(subj) > subjectRunes {
			subj = string([]rune(subj)[:subjectRunes]) + "…"
		}
		s.Subject = subj
	}
	return s
}

// send checks the form as the hub will, then submits it; a refusal shows every problem
// under its field.
func (v *requestForm) send() {
	k := v.q.fb.k
	k.g.Lock()
	defer k.g.Unlock()
	if k.screen != ScreenRequestForm || v.sending {
		return
	}
	v.q.fb.touch()
	s := v.submission()
	check := s
	if s.Disclosure != nil {
		d := *s.Disclosure
		check.Disclosure = &d
	}
	if err := check.Validate(); err != nil {
		v.showProblems(err)
		return
	}
	v.showProblems(nil)
	v.sending = true
	v.submit.Disable()
	setStatus(v.message, k.loc.T("request.sending"), widget.MediumImportance)
	v.seq++
	seq := v.seq
	go func() {
		ctx, cancel := v.q.fb.request()
		defer cancel()
		r, err := v.q.fb.requests.SubmitRequest(ctx, s)
		k.g.Do(func() {
			if seq != v.seq || k.screen != ScreenRequestForm {
				return
			}
			v.sending = false
			v.submit.Enable()
			if err != nil {
				v.showProblems(err)
				return
			}
			v.reset() // nothing typed stays in a widget
			v.q.dv.enter(r)
		})
	}()
}

// showProblems puts each field error under its field; nil clears them.
func (v *requestForm) showProblems(err error) {
	byPath := map[string]*app.FieldError{}
	var ae *app.Error
	if errors.As(err, &ae) {
		for i := range ae.Fields {
			fe := ae.Fields[i]
			path := fe.Field
			if path == ReqSubject && v.kind == app.RequestDisclosure {
				continue // made from the information, whose own problem shows
			}
			if path == "disclosure" {
				path = ReqInformation
			}
			if byPath[path] == nil {
				byPath[path] = &fe
			}
		}
	}
	for _, r := range v.rows {
		r.problem = byPath[r.path]
		v.retextRow(r)
	}
	loc := v.q.fb.k.loc
	switch {
	case err == nil:
		setStatus(v.message, "", widget.MediumImportance)
	case ae != nil && len(ae.Fields) > 0:
		setStatus(v.message, loc.T("apply.fix_fields"), widget.DangerImportance)
	default:
		setStatus(v.message, loc.ErrorText(err), widget.DangerImportance)
	}
	restyle(v.obj)
}

func (v *requestForm) goBack() {
	v.q.fb.k.g.Lock()
	defer v.q.fb.k.g.Unlock()
	if v.q.fb.k.screen != ScreenRequestForm || v.sending {
		return
	}
	v.reset()
	v.q.enterKinds()
}

func (v *requestForm) fieldLabel(path string) string {
	loc := v.q.fb.k.loc
	switch path {
	case ReqSubject:
		return loc.T("request.subject")
	case ReqText:
		return loc.T("request.text." + string(v.kind))
	case ReqName:
		return loc.T("request.name")
	case ReqPhone:
		return loc.T("request.phone")
	case ReqAddress:
		return loc.T("request.address")
	case ReqEmail:
		return loc.T("request.email")
	case ReqInformation:
		return loc.T("request.information")
	case ReqPurpose:
		return loc.T("request.purpose")
	case ReqDelivery:
		return loc.T("request.delivery_head")
	}
	return path
}

func (v *requestForm) retext() {
	loc := v.q.fb.k.loc
	v.back.SetText(loc.T("apply.back"))
	v.submit.SetText(loc.T("request.submit"))
	if v.kind != "" {
		v.title.SetText(ui.RequestText(loc, v.kind))
	}
	v.kb.Retext(loc)
	v.digits.retext(loc)
	v.email.retext(loc)
	for _, r := range v.rows {
		v.retextRow(r)
	}
	if v.message.Visible() && v.message.Importance == widget.DangerImportance {
		setStatus(v.message, loc.T("apply.fix_fields"), widget.DangerImportance)
	}
}

func (v *requestForm) retextRow(r *reqRow) {
	loc := v.q.fb.k.loc
	label := v.fieldLabel(r.path)
	if r.path != ReqPurpose {
		label += " *"
	}
	r.label.SetText(label)
	if r.entry != nil {
		r.entry.SetPlaceHolder(loc.T("request.placeholder." + strings.ReplaceAll(r.path, ".", "_")))
	}
	for i, b := range r.options {
		d := app.DeliveryForms[i]
		b.SetText(ui.DeliveryText(loc, d))
		if string(d) == r.value {
			b.Importance = widget.HighImportance
			b.SetIcon(theme.RadioButtonCheckedIcon())
		} else {
			b.Importance = widget.MediumImportance
			b.SetIcon(theme.RadioButtonIcon())
		}
		b.Refresh()
	}
	if r.problem == nil {
		r.err.Hide()
		return
	}
	r.err.SetText(ui.ProblemText(loc, v.fieldLabel(r.path), *r.problem))
	r.err.Show()
}

func (v *requestForm) reset() {
	v.seq++
	for _, r := range v.rows {
		if r.entry != nil {
			r.entry.SetText("")
		}
		r.value, r.problem = "", nil
	}
	v.rows, v.active, v.sending = nil, nil, false
	v.kb.SetTarget(nil)
	v.box.RemoveAll()
	v.padBox.Objects = nil
	v.padBox.Refresh()
	setStatus(v.message, "", widget.MediumImportance)
}

// requestDone shows a registered request's tracking number large with its QR code, the
// kind and subject, the contact masked, the promise and the slip's print status; it
// returns home by itself.
type requestDone struct {
	q          *requestViews
	obj        fyne.CanvasObject
	title      *widget.Label
	caption    *widget.Label
	number     *ui.BigText
	qr         *canvas.Image
	scan       *widget.Label
	what       *widget.Label
	contact    *widget.Label
	promise    *widget.Label
	status     *widget.Label
	reprint    *widget.Button
	reprintBox *fyne.Container
	home       *widget.Button
	autoHome   *widget.Label

	r     *app.Request
	print string
	seq   int
}

func newRequestDone(q *requestViews) *requestDone {
	v := &requestDone{q: q}
	v.title = heading(theme.SizeNameHeadingText)
	v.title.Alignment = fyne.TextAlignCenter
	v.title.Importance = widget.SuccessImportance
	v.caption = wrapped(theme.SizeNameSubHeadingText)
	v.caption.Alignment = fyne.TextAlignCenter
	v.number = ui.NewBigText("", 56)
	v.number.Bold = true
	v.number.ColorName = theme.ColorNamePrimary
	v.qr = ui.QRImage("", 200)
	v.scan = widget.NewLabel("")
	v.scan.Alignment = fyne.TextAlignCenter
	v.what = heading(theme.SizeNameSubHeadingText)
	v.what.Alignment = fyne.TextAlignCenter
	v.contact = wrapped(theme.SizeNameSubHeadingText)
	v.contact.Alignment = fyne.TextAlignCenter
	v.promise = wrapped(theme.SizeNameSubHeadingText)
	v.promise.Alignment = fyne.TextAlignCenter
	v.status = wrapped(theme.SizeNameSubHeadingText)
	v.status.Alignment = fyne.TextAlignCenter
	v.reprint = widget.NewButtonWithIcon("", theme.DocumentPrintIcon(), v.doReprint)
	v.reprintBox = container.NewCenter(ui.WithMinSize(v.reprint, 200, ButtonHeight))
	v.reprintBox.Hide()
	v.home = widget.NewButtonWithIcon("", theme.HomeIcon(), q.fb.k.GoHome)
	v.home.Importance = widget.HighImportance
	v.autoHome = widget.NewLabel("")
	v.autoHome.Alignment = fyne.TextAlignCenter
	v.obj = themed(container.NewVScroll(container.NewVBox(v.title, v.caption, v.number, container.NewCenter(v.qr), v.scan,
		v.what, v.contact, v.promise, v.status, v.reprintBox, layout.NewSpacer(),
		container.NewPadded(ui.WithHeight(v.home, 80)), v.autoHome)))
	return v
}

func (v *requestDone) enter(r app.Request) {
	v.seq++
	v.r = &r
	v.number.SetText(r.TrackingNo)
	ui.SetQR(v.qr, r.TrackingNo)
	v.q.fb.showDone(v.obj, ScreenRequestDone)
	v.startPrint()
	v.retext()
}

func (v *requestDone) doReprint() {
	v.q.fb.k.g.Lock()
	defer v.q.fb.k.g.Unlock()
	if v.q.fb.k.screen != ScreenRequestDone || v.print == PrintPrinting {
		return
	}
	v.startPrint()
}

func (v *requestDone) startPrint() {
	pr := v.q.fb.k.opts.PrintRequest
	loc := v.q.fb.k.loc
	if pr == nil || v.r == nil {
		v.print = PrintNone
		showPrintStatus(loc, v.print, v.status, v.reprintBox)
		return
	}
	v.print = PrintPrinting
	showPrintStatus(loc, v.print, v.status, v.reprintBox)
	seq, r := v.seq, *v.r
	go func() {
		ctx, cancel := v.q.fb.printCtx()
		defer cancel()
		err := pr(ctx, r)
		v.q.fb.k.g.Do(func() {
			if seq != v.seq {
				return
			}
			v.print = PrintDone
			if err != nil {
				v.print = PrintFailed
			}
			showPrintStatus(v.q.fb.k.loc, v.print, v.status, v.reprintBox)
		})
	}()
}

func (v *requestDone) retext() {
	loc := v.q.fb.k.loc
	v.title.SetText(loc.T("request.done_title"))
	v.caption.SetText(loc.T("request.your_number"))
	v.scan.SetText(loc.T("request.scan"))
	v.reprint.SetText(loc.T("kiosk.reprint"))
	v.home.SetText(loc.T("kiosk.home"))
	v.autoHome.SetText(loc.Tf("kiosk.auto_home", map[string]any{"Seconds": int(v.q.fb.k.opts.ReturnHome.Seconds())}))
	if v.r == nil {
		v.what.SetText("")
		v.contact.SetText("")
		v.promise.SetText("")
	} else {
		r := v.r.Masked() // the hub masks it already; a screen never trusts that alone
		v.what.SetText(ui.RequestText(loc, r.Kind) + "：" + r.Subject)
		v.contact.SetText(loc.Tf("request.contact_line", map[string]any{"Name": r.Contact.Name, "Phone": r.Contact.Phone}))
		v.promise.SetText(loc.T("request.promise"))
	}
	showPrintStatus(loc, v.print, v.status, v.reprintBox)
}

func (v *requestDone) reset() {
	v.seq++
	v.r, v.print = nil, ""
	v.number.SetText("")
	ui.SetQR(v.qr, "")
	v.what.SetText("")
	v.contact.SetText("")
}

// requestStatus looks a request up by its tracking number (typed on the letter keypad or
// scanned from its slip) and shows its status and the hall's answer.
type requestStatus struct {
	q       *requestViews
	obj     fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	entry   *widget.Entry
	find    *widget.Button
	hint    *widget.Label
	message *widget.Label
	result  *fyne.Container
	head    *widget.Label
	state   *widget.Label
	icon    *widget.Icon
	meta    *widget.Label
	answer  *widget.Label
	pad     *keypad

	r       *app.Request
	err     error
	loading bool
	seq     int
}

func newRequestStatus(q *requestViews) *requestStatus {
	v := &requestStatus{q: q}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(q.fb.k.GoHome)
	v.title = heading(theme.SizeNameHeadingText)
	v.entry = widget.NewEntry()
	v.entry.TextStyle.Bold = true
	v.entry.OnSubmitted = func(string) { v.lookup() }
	v.find = widget.NewButtonWithIcon("", theme.SearchIcon(), v.lookup)
	v.find.Importance = widget.HighImportance
	v.hint = wrapped(theme.SizeNameText)
	v.message = wrapped(theme.SizeNameSubHeadingText)
	v.message.Hide()
	v.head = heading(theme.SizeNameHeadingText)
	v.state = heading(theme.SizeNameSubHeadingText)
	v.icon = widget.NewIcon(theme.HistoryIcon())
	v.meta = wrapped(theme.SizeNameSubHeadingText)
	v.answer = wrapped(theme.SizeNameSubHeadingText)
	v.result = container.NewVBox(v.head, container.NewBorder(nil, nil, ui.WithMinSize(v.icon, 32, 32), nil, v.state), v.meta, widget.NewSeparator(), v.answer)
	v.result.Hide()
	v.pad = newLetterPad(v.key)
	search := container.NewBorder(nil, nil, nil, ui.WithMinSize(v.find, 160, ButtonHeight), ui.WithHeight(v.entry, ButtonHeight))
	v.obj = themed(container.NewBorder(container.NewVBox(topBar(backObj, v.title), search, v.hint, v.message),
		container.NewVBox(widget.NewSeparator(), v.pad.obj), nil, nil, container.NewVScroll(v.result)))
	return v
}

func (v *requestStatus) enter() {
	v.q.fb.show(v.obj, ScreenRequestStatus)
	v.retext()
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.entry); c != nil {
		c.Focus(v.entry)
	}
}

func (v *requestStatus) key(k string) {
	v.q.fb.k.g.Lock()
	defer v.q.fb.k.g.Unlock()
	if v.q.fb.k.screen != ScreenRequestStatus {
		return
	}
	v.q.fb.touch()
	v.entry.SetText(press(v.entry.Text, k, MaxTrackingNo))
}

// lookup asks the hub for the number in the box (the find button, or Enter).
func (v *requestStatus) lookup() {
	v.q.fb.k.g.Lock()
	defer v.q.fb.k.g.Unlock()
	v.lookupLocked()
}

func (v *requestStatus) lookupLocked() {
	if v.q.fb.k.screen != ScreenRequestStatus {
		return
	}
	v.q.fb.touch()
	no := NormalizeTrackingNo(v.entry.Text)
	if no != v.entry.Text {
		v.entry.SetText(no)
	}
	v.r, v.err = nil, nil
	if !app.ValidRequestTrackingNo(no) {
		v.loading = false
		v.show()
		setStatus(v.message, v.q.fb.k.loc.T("request.bad_number"), widget.DangerImportance)
		return
	}
	v.loading = true
	v.show()
	v.seq++
	seq := v.seq
	go func() {
		ctx, cancel := v.q.fb.request()
		defer cancel()
		r, err := v.q.fb.requests.Request(ctx, no)
		v.q.fb.k.g.Do(func() {
			if seq != v.seq {
				return
			}
			v.loading, v.err = false, err
			if err == nil {
				v.r = &r
			}
			v.show()
		})
	}()
}

func (v *requestStatus) show() {
	loc := v.q.fb.k.loc
	switch {
	case v.loading:
		setStatus(v.message, loc.T("progress.loading"), widget.MediumImportance)
	case app.ErrorCode(v.err) == app.ENOTFOUND:
		setStatus(v.message, loc.T("request.not_found"), widget.DangerImportance)
	case v.err != nil:
		setStatus(v.message, loc.ErrorText(v.err), widget.DangerImportance)
	default:
		setStatus(v.message, "", widget.MediumImportance)
	}
	if v.r == nil {
		v.result.Hide()
		return
	}
	r := v.r.Masked()
	v.head.SetText(r.TrackingNo + "  " + ui.RequestText(loc, r.Kind))
	v.icon.SetResource(ui.RequestStatusIcon(r.Status))
	v.state.SetText(loc.Tf("request.state_line", map[string]any{"Status": ui.RequestStatusText(loc, r.Status)}))
	v.meta.SetText(loc.Tf("request.meta", map[string]any{"Subject": r.Subject, "Time": hallTime(r.SubmittedAt),
		"Name": r.Contact.Name, "Phone": r.Contact.Phone}))
	switch {
	case r.Answer != "":
		when := ""
		if r.AnsweredAt != nil {
			when = hallTime(*r.AnsweredAt)
		}
		text := loc.Tf("request.answer_line", map[string]any{"Time": when}) + "\n" + r.Answer
		if r.CloseNote != "" {
			text += "\n" + loc.T("request.close_note") + "：" + r.CloseNote
		}
		v.answer.SetText(text)
		v.answer.Importance = widget.SuccessImportance
	default:
		v.answer.SetText(loc.T("request.no_answer"))
		v.answer.Importance = widget.MediumImportance
	}
	v.answer.Refresh()
	v.result.Show()
	v.result.Refresh()
	restyle(v.obj)
}

func (v *requestStatus) retext() {
	loc := v.q.fb.k.loc
	v.back.SetText(loc.T("guide.back_home"))
	v.title.SetText(loc.T("request.status_title"))
	v.find.SetText(loc.T("progress.find"))
	v.entry.SetPlaceHolder(loc.T("request.status_placeholder"))
	v.hint.SetText(loc.T("request.status_hint"))
	v.pad.retext(loc)
	if !(v.message.Visible() && v.r == nil && !v.loading && v.err == nil) {
		v.show()
	}
}

func (v *requestStatus) reset() {
	v.seq++
	v.entry.SetText("")
	v.r, v.err, v.loading = nil, nil, false
	v.show()
}
