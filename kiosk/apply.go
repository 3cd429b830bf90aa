package kiosk

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// Paths of the applicant's own fields, as the hub names them in field errors.
const (
	PathName     = "applicant.name"
	PathIDNumber = "applicant.id_number"
	PathPhone    = "applicant.phone"
)

// Longest values the keypad types, in characters.
var padMax = map[string]int{app.FieldIDNumber: 18, app.FieldPhone: 11, app.FieldNumber: 12, app.FieldUSCC: 18}

// padEntry is an entry that tells its form when a finger (or a keyboard's Tab) gives it
// the focus, so the keypad types into it.
type padEntry struct {
	widget.Entry
	onFocus func()
}

func newPadEntry(onFocus func()) *padEntry {
	e := &padEntry{onFocus: onFocus}
	e.ExtendBaseWidget(e)
	return e
}

// Tapped makes the entry the keypad's target: a finger on a touch screen taps it.
func (e *padEntry) Tapped(ev *fyne.PointEvent) {
	e.Entry.Tapped(ev)
	if e.onFocus != nil {
		e.onFocus()
	}
}

// FocusGained makes the entry the keypad's target (a keyboard's Tab, a mouse click).
func (e *padEntry) FocusGained() {
	e.Entry.FocusGained()
	if e.onFocus != nil {
		e.onFocus()
	}
}

// fieldRow is one field of the pre-application form: its label, its input (an entry, or
// a big button per option of a choice field) and its error line.
type fieldRow struct {
	path    string // PathName… or "fields." + the form field's name
	field   app.FormField
	label   *widget.Label
	entry   *padEntry        // nil for a choice field
	options []*widget.Button // a choice field's options
	value   string           // a choice field's value
	errIcon *widget.Icon
	errText *widget.Label
	errBox  *fyne.Container
	problem *app.FieldError // shown under the field; a warning when warn
	warn    bool
}

// formView is the pre-application form (预申请): the applicant's name, resident ID number
// and mobile number, then the service's own fields. ID number, phone, number and date
// fields are typed on a numeric keypad, credit codes on the letter keypad, names, addresses
// and texts on the pinyin keyboard (no system input method on a kiosk); a choice is a
// tap. Problems show under each field, in the visitor's language; nothing typed is lost.
type formView struct {
	f       *flow
	obj     fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	message *widget.Label
	next    *widget.Button
	box     *fyne.Container
	padBox  *fyne.Container
	digits  *keypad
	letters *keypad
	kb      *PinyinKeyboard // names, addresses and texts, in Chinese

	svc    app.ServiceDetail
	rows   []*fieldRow
	active *fieldRow
}

func newFormView(f *flow) *formView {
	v := &formView{f: f}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(v.goBack)
	v.title = heading(theme.SizeNameHeadingText)
	v.message = wrapped(theme.SizeNameSubHeadingText)
	v.message.Hide()
	v.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), v.review)
	v.next.Importance = widget.HighImportance
	v.box = container.NewVBox()
	v.digits = newDigitPad(v.key)
	v.letters = newLetterPad(v.key)
	v.kb = NewPinyinKeyboard(f.k.loc, nil)
	v.kb.OnText = func(string) {
		f.k.g.Lock()
		defer f.k.g.Unlock()
		f.touch()
	}
	v.padBox = container.NewStack()
	bottom := container.NewVBox(v.message, ui.WithHeight(v.next, TileHeight), v.padBox)
	v.obj = container.NewBorder(topBar(backObj, v.title), bottom, nil, nil, container.NewVScroll(v.box))
	return v
}

// enter shows an empty form for d.
func (v *formView) enter(d app.ServiceDetail) {
	v.svc = d
	v.build()
	v.f.show(v.obj, ScreenForm)
	v.retext()
	if len(v.rows) > 0 {
		v.activate(v.rows[0])
	}
}

// build makes a row per field: the applicant's three, then the service's form.
func (v *formView) build() {
	v.rows = v.rows[:0]
	v.active = nil
	v.box.RemoveAll()
	v.setPad(nil)
	fields := []struct {
		path string
		f    app.FormField
	}{
		{PathName, app.FormField{Name: "name", Type: app.FieldText, Required: true}},
		{PathIDNumber, app.FormField{Name: "id_number", Type: app.FieldIDNumber, Required: true}},
		{PathPhone, app.FormField{Name: "phone", Type: app.FieldPhone, Required: true}},
	}
	for _, ff := range v.svc.Form.Fields {
		fields = append(fields, struct {
			path string
			f    app.FormField
		}{"fields." + ff.Name, ff})
	}
	for _, fd := range fields {
		r := &fieldRow{path: fd.path, field: fd.f}
		r.label = heading(theme.SizeNameSubHeadingText)
		var input fyne.CanvasObject
		if fd.f.Type == app.FieldChoice {
			grid := container.NewGridWithColumns(2)
			for _, o := range fd.f.Options {
				b := widget.NewButton("", func() { v.choose(r, o.Value) })
				r.options = append(r.options, b)
				grid.Add(ui.WithHeight(b, ButtonHeight))
			}
			input = grid
		} else {
			r.entry = newPadEntry(func() { v.focused(r) })
			r.entry.TextStyle.Bold = true
			input = ui.WithHeight(r.entry, ButtonHeight)
		}
		r.errIcon = widget.NewIcon(theme.ErrorIcon())
		r.errText = wrapped(theme.SizeNameSubHeadingText)
		r.errBox = container.NewBorder(nil, nil, r.errIcon, nil, r.errText)
		r.errBox.Hide()
		v.box.Add(container.NewVBox(r.label, input, r.errBox))
		v.rows = append(v.rows, r)
	}
	v.box.Refresh()
}

// focused runs when a row's entry takes the focus (a finger's tap).
func (v *formView) focused(r *fieldRow) {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenForm {
		return
	}
	v.f.touch()
	v.activate(r)
}

// activate makes r the keypad's target and shows the keypad its type needs.
func (v *formView) activate(r *fieldRow) {
	v.active = r
	switch r.field.Type {
	case app.FieldIDNumber, app.FieldPhone, app.FieldNumber, app.FieldDate:
		if r.field.Type == app.FieldIDNumber {
			v.digits.keys["X"].Enable()
		} else {
			v.digits.keys["X"].Disable()
		}
		v.setPad(v.digits.obj)
	case app.FieldUSCC:
		v.setPad(v.letters.obj)
	default:
		if r.entry == nil {
			v.setPad(nil)
			return
		}
		v.kb.SetTarget(&r.entry.Entry)
		v.setPad(v.kb)
	}
}

func (v *formView) setPad(obj fyne.CanvasObject) {
	if obj == nil {
		v.padBox.Objects = nil
	} else {
		v.padBox.Objects = []fyne.CanvasObject{container.NewVBox(widget.NewSeparator(), obj)}
	}
	v.padBox.Refresh()
	restyle(v.obj)
}

// key types a keypad key into the active field.
func (v *formView) key(k string) {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	r := v.active
	if v.f.k.screen != ScreenForm || r == nil || r.entry == nil {
		return
	}
	v.f.touch()
	switch r.field.Type {
	case app.FieldDate:
		r.entry.SetText(pressDate(r.entry.Text, k))
	case app.FieldIDNumber, app.FieldPhone, app.FieldNumber, app.FieldUSCC:
		if k == "-" || (k == "X" && r.field.Type != app.FieldIDNumber && r.field.Type != app.FieldUSCC) {
			return
		}
		r.entry.SetText(press(r.entry.Text, k, padMax[r.field.Type]))
	}
}

// choose is a choice option's tap.
func (v *formView) choose(r *fieldRow, value string) {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	v.f.touch()
	r.value = value
	v.active = r
	v.setPad(nil)
	v.retextRow(r)
}

// request gathers what the visitor entered.
func (v *formView) request() app.ApplicationRequest {
	req := app.ApplicationRequest{ServiceID: v.svc.ID, Fields: app.FormValues{}}
	for _, r := range v.rows {
		val := r.value
		if r.entry != nil {
			val = r.entry.Text
		}
		switch r.path {
		case PathName:
			req.Applicant.Name = val
		case PathIDNumber:
			req.Applicant.IDNumber = val
		case PathPhone:
			req.Applicant.Phone = val
		default:
			if strings.TrimSpace(val) != "" {
				req.Fields[r.field.Name] = val
			}
		}
	}
	return req
}

// review checks the form as the hub will and shows the review screen, or every problem
// under its field.
func (v *formView) review() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenForm {
		return
	}
	v.f.touch()
	req := v.request()
	warnings, err := app.ValidateApplication(v.svc.Form, &req, today())
	if v.showProblems(err, warnings) {
		return
	}
	v.f.rv.enter(v.svc, req, v.rows)
}

// showProblems puts each field error (and warning) under its field and reports whether
// there was an error. Values stay as typed.
func (v *formView) showProblems(err error, warnings []app.FieldError) bool {
	byPath := map[string]*app.FieldError{}
	warn := map[string]bool{}
	for i := range warnings {
		byPath[warnings[i].Field], warn[warnings[i].Field] = &warnings[i], true
	}
	var ae *app.Error
	bad := err != nil
	if errors.As(err, &ae) {
		for i := range ae.Fields {
			fe := ae.Fields[i]
			byPath[fe.Field], warn[fe.Field] = &fe, false
		}
		if len(ae.Fields) == 0 && ae.Field != "" {
			byPath[ae.Field], warn[ae.Field] = &app.FieldError{Field: ae.Field, Reason: "", Message: ae.Message}, false
		}
	}
	for _, r := range v.rows {
		r.problem, r.warn = byPath[r.path], warn[r.path]
		v.retextRow(r)
	}
	switch {
	case bad && ae != nil && (len(ae.Fields) > 0 || ae.Field != ""):
		setStatus(v.message, v.f.k.loc.T("apply.fix_fields"), widget.DangerImportance)
	case bad:
		setStatus(v.message, v.f.k.loc.ErrorText(err), widget.DangerImportance)
	default:
		setStatus(v.message, "", widget.MediumImportance)
	}
	return bad
}

func (v *formView) goBack() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenForm {
		return
	}
	v.f.sv.seq++ // keep the page as it is: no reload
	v.f.show(v.f.sv.obj, ScreenService)
	v.reset()
}

func (v *formView) retext() {
	loc := v.f.k.loc
	v.back.SetText(loc.T("apply.back"))
	v.next.SetText(loc.T("apply.next"))
	v.title.SetText(loc.Tf("apply.title", map[string]any{"Service": ui.ServiceName(app.Service{Name: v.svc.Name, NameEN: v.svc.NameEN}, loc.Lang())}))
	v.digits.retext(loc)
	v.letters.retext(loc)
	v.kb.Retext(loc)
	for _, r := range v.rows {
		v.retextRow(r)
	}
	if v.message.Visible() && v.message.Importance == widget.DangerImportance {
		setStatus(v.message, loc.T("apply.fix_fields"), widget.DangerImportance)
	}
}

func (v *formView) retextRow(r *fieldRow) {
	loc := v.f.k.loc
	label := fieldLabel(loc, r)
	if r.field.Required {
		label += " *"
	}
	r.label.SetText(label)
	if r.entry != nil {
		r.entry.SetPlaceHolder(placeholder(loc, r.field.Type))
	}
	for i, b := range r.options {
		o := r.field.Options[i]
		b.SetText(ui.Pick(o.Label, o.LabelEN, loc.Lang()))
		if o.Value == r.value {
			b.Importance = widget.HighImportance
			b.SetIcon(theme.RadioButtonCheckedIcon())
		} else {
			b.Importance = widget.MediumImportance
			b.SetIcon(theme.RadioButtonIcon())
		}
		b.Refresh()
	}
	if r.problem == nil {
		r.errBox.Hide()
		return
	}
	r.errText.SetText(ui.ProblemText(loc, fieldLabel(loc, r), *r.problem))
	if r.warn {
		r.errIcon.SetResource(theme.WarningIcon())
		r.errText.Importance = widget.WarningImportance
	} else {
		r.errIcon.SetResource(theme.ErrorIcon())
		r.errText.Importance = widget.DangerImportance
	}
	r.errText.Refresh()
	r.errBox.Show()
}

// reset empties the form.
func (v *formView) reset() {
	for _, r := range v.rows {
		if r.entry != nil {
			r.entry.SetText("")
		}
		r.value, r.problem = "", nil
	}
	v.rows, v.active = nil, nil
	v.kb.SetTarget(nil)
	v.kb.Reset()
	v.box.RemoveAll()
	v.setPad(nil)
	setStatus(v.message, "", widget.MediumImportance)
}

// fieldLabel is a row's label in loc's language.
func fieldLabel(loc *ui.Localizer, r *fieldRow) string {
	switch r.path {
	case PathName:
		return loc.T("apply.name")
	case PathIDNumber:
		return loc.T("apply.id_number")
	case PathPhone:
		return loc.T("apply.phone")
	}
	return ui.Pick(r.field.Label, r.field.LabelEN, loc.Lang())
}

func placeholder(loc *ui.Localizer, typ string) string {
	switch typ {
	case app.FieldIDNumber, app.FieldPhone, app.FieldDate, app.FieldUSCC, app.FieldNumber:
		return loc.T("apply.placeholder." + typ)
	}
	return loc.T("apply.placeholder.text")
}

// reviewView shows what will be submitted, personal data masked, with a button back to
// the form and one that submits.
type reviewView struct {
	f       *flow
	obj     fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	service *widget.Label
	grid    *fyne.Container
	message *widget.Label
	submit  *widget.Button

	svc     app.ServiceDetail
	req     app.ApplicationRequest
	rows    []*fieldRow
	sending bool
	seq     int
}

func newReviewView(f *flow) *reviewView {
	v := &reviewView{f: f}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(v.goBack)
	v.title = heading(theme.SizeNameHeadingText)
	v.service = heading(theme.SizeNameSubHeadingText)
	v.grid = container.NewVBox()
	v.message = wrapped(theme.SizeNameSubHeadingText)
	v.message.Hide()
	v.submit = widget.NewButtonWithIcon("", theme.ConfirmIcon(), v.send)
	v.submit.Importance = widget.HighImportance
	v.obj = container.NewBorder(topBar(backObj, v.title), container.NewVBox(v.message, ui.WithHeight(v.submit, TileHeight)), nil, nil,
		container.NewVScroll(container.NewVBox(v.service, widget.NewSeparator(), v.grid)))
	return v
}

func (v *reviewView) enter(svc app.ServiceDetail, req app.ApplicationRequest, rows []*fieldRow) {
	v.svc, v.req, v.rows, v.sending = svc, req, rows, false
	setStatus(v.message, "", widget.MediumImportance)
	v.submit.Enable()
	v.f.show(v.obj, ScreenReview)
	v.retext()
}

// send submits the pre-application; a refusal goes back to the form with every problem
// under its field.
func (v *reviewView) send() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenReview || v.sending {
		return
	}
	v.f.touch()
	v.sending = true
	v.submit.Disable()
	setStatus(v.message, v.f.k.loc.T("apply.submitting"), widget.MediumImportance)
	v.seq++
	seq, req, svc := v.seq, v.req, v.svc
	go func() {
		ctx, cancel := v.f.request()
		defer cancel()
		a, err := v.f.apps.SubmitApplication(ctx, req)
		v.f.k.g.Do(func() {
			if seq != v.seq || v.f.k.screen != ScreenReview {
				return
			}
			v.sending = false
			v.submit.Enable()
			if err != nil {
				var ae *app.Error
				if errors.As(err, &ae) && ae.Code == app.EINVALID && (len(ae.Fields) > 0 || ae.Field != "") {
					v.f.show(v.f.fv.obj, ScreenForm)
					v.f.fv.showProblems(err, nil)
					return
				}
				setStatus(v.message, v.f.k.loc.ErrorText(err), widget.DangerImportance)
				return
			}
			v.f.fv.reset()
			v.f.dv.enter(a, svc)
		})
	}()
}

func (v *reviewView) goBack() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenReview || v.sending {
		return
	}
	v.f.show(v.f.fv.obj, ScreenForm)
}

func (v *reviewView) retext() {
	loc := v.f.k.loc
	v.back.SetText(loc.T("apply.edit"))
	v.title.SetText(loc.T("apply.review_title"))
	v.submit.SetText(loc.T("apply.submit"))
	v.service.SetText(ui.ServiceName(app.Service{Name: v.svc.Name, NameEN: v.svc.NameEN}, loc.Lang()))
	v.grid.RemoveAll()
	for _, r := range v.rows {
		val := ""
		switch r.path {
		case PathName:
			val = app.MaskName(v.req.Applicant.Name)
		case PathIDNumber:
			val = app.MaskID(v.req.Applicant.IDNumber)
		case PathPhone:
			val = app.MaskPhone(v.req.Applicant.Phone)
		default:
			val = ui.MaskValue(r.field.Type, v.req.Fields[r.field.Name])
			for _, o := range r.field.Options {
				if o.Value == val {
					val = ui.Pick(o.Label, o.LabelEN, loc.Lang())
				}
			}
		}
		if val == "" {
			val = loc.T("apply.empty_value")
		}
		name := wrapped(theme.SizeNameText)
		name.SetText(fieldLabel(loc, r))
		value := heading(theme.SizeNameSubHeadingText)
		value.SetText(val)
		v.grid.Add(container.NewVBox(name, value))
	}
	v.grid.Refresh()
	restyle(v.obj)
}

func (v *reviewView) reset() {
	v.seq++
	v.req, v.rows, v.sending = app.ApplicationRequest{}, nil, false
	v.grid.RemoveAll()
}

// doneView shows the submitted pre-application's tracking number large, its QR code and
// the slip's print status, and returns home by itself.
type doneView struct {
	f          *flow
	obj        fyne.CanvasObject
	title      *widget.Label
	caption    *widget.Label
	number     *ui.BigText
	service    *widget.Label
	next       *widget.Label
	qr         *canvas.Image
	scan       *widget.Label
	status     *widget.Label
	reprint    *widget.Button
	reprintBox *fyne.Container
	home       *widget.Button
	autoHome   *widget.Label

	a     app.Application
	svc   app.ServiceDetail
	print string
	seq   int
}

func newDoneView(f *flow) *doneView {
	v := &doneView{f: f}
	v.title = heading(theme.SizeNameHeadingText)
	v.title.Alignment = fyne.TextAlignCenter
	v.title.Importance = widget.SuccessImportance
	v.caption = widget.NewLabel("")
	v.caption.Alignment = fyne.TextAlignCenter
	v.caption.SizeName = theme.SizeNameSubHeadingText
	v.number = ui.NewBigText("", 64)
	v.number.Bold = true
	v.number.ColorName = theme.ColorNamePrimary
	v.service = heading(theme.SizeNameSubHeadingText)
	v.service.Alignment = fyne.TextAlignCenter
	v.next = wrapped(theme.SizeNameSubHeadingText)
	v.next.Alignment = fyne.TextAlignCenter
	v.qr = ui.QRImage("", 220)
	v.scan = widget.NewLabel("")
	v.scan.Alignment = fyne.TextAlignCenter
	v.status = wrapped(theme.SizeNameSubHeadingText)
	v.status.Alignment = fyne.TextAlignCenter
	v.reprint = widget.NewButtonWithIcon("", theme.DocumentPrintIcon(), v.doReprint)
	v.reprintBox = container.NewCenter(ui.WithMinSize(v.reprint, 200, ButtonHeight))
	v.reprintBox.Hide()
	v.home = widget.NewButtonWithIcon("", theme.HomeIcon(), f.k.GoHome)
	v.home.Importance = widget.HighImportance
	v.autoHome = widget.NewLabel("")
	v.autoHome.Alignment = fyne.TextAlignCenter
	v.obj = container.NewVScroll(container.NewVBox(
		v.title, v.caption, v.number, v.service, container.NewCenter(v.qr), v.scan, v.next,
		v.status, v.reprintBox, layout.NewSpacer(),
		container.NewPadded(ui.WithHeight(v.home, 80)), v.autoHome))
	return v
}

func (v *doneView) enter(a app.Application, svc app.ServiceDetail) {
	v.seq++
	v.a, v.svc = a, svc
	v.number.SetText(a.TrackingNo)
	ui.SetQR(v.qr, a.TrackingNo)
	v.f.show(v.obj, ScreenSubmitted)
	v.startPrint()
	v.retext()
}

func (v *doneView) doReprint() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenSubmitted || v.print == PrintPrinting {
		return
	}
	v.f.touch()
	v.startPrint()
}

func (v *doneView) startPrint() {
	pr := v.f.k.opts.PrintApplication
	if pr == nil {
		v.print = PrintNone
		v.showPrint()
		return
	}
	v.print = PrintPrinting
	v.showPrint()
	seq, a, svc := v.seq, v.a, v.svc
	go func() {
		ctx, cancel := context.WithTimeout(v.f.k.scope.Context(), DefaultPrintTimeout)
		defer cancel()
		err := pr(ctx, a, svc)
		v.f.k.g.Do(func() {
			if seq != v.seq {
				return
			}
			if err != nil {
				v.print = PrintFailed
			} else {
				v.print = PrintDone
			}
			v.showPrint()
		})
	}()
}

func (v *doneView) showPrint() {
	loc := v.f.k.loc
	switch v.print {
	case PrintNone:
		setStatus(v.status, loc.T("apply.no_printer"), widget.WarningImportance)
	case PrintPrinting:
		setStatus(v.status, loc.T("apply.printing"), widget.MediumImportance)
	case PrintDone:
		setStatus(v.status, loc.T("apply.printed"), widget.SuccessImportance)
	case PrintFailed:
		setStatus(v.status, loc.T("apply.print_failed"), widget.DangerImportance)
	default:
		setStatus(v.status, "", widget.MediumImportance)
	}
	if v.print == PrintFailed {
		v.reprintBox.Show()
	} else {
		v.reprintBox.Hide()
	}
}

func (v *doneView) retext() {
	loc := v.f.k.loc
	v.title.SetText(loc.T("apply.done_title"))
	v.caption.SetText(loc.T("apply.your_tracking_no"))
	v.scan.SetText(loc.T("apply.scan"))
	v.reprint.SetText(loc.T("kiosk.reprint"))
	v.home.SetText(loc.T("kiosk.home"))
	v.autoHome.SetText(loc.Tf("kiosk.auto_home", map[string]any{"Seconds": int(v.f.k.opts.ReturnHome.Seconds())}))
	if v.a.TrackingNo == "" {
		v.service.SetText("")
		v.next.SetText("")
	} else {
		v.service.SetText(ui.ServiceName(app.Service{Name: v.svc.Name, NameEN: v.svc.NameEN}, loc.Lang()))
		v.next.SetText(loc.T("apply.next_step"))
	}
	v.showPrint()
}

func (v *doneView) reset() {
	v.seq++
	v.a, v.svc, v.print = app.Application{}, app.ServiceDetail{}, ""
	v.number.SetText("")
	ui.SetQR(v.qr, "")
	v.service.SetText("")
	v.next.SetText("")
	v.showPrint()
}
