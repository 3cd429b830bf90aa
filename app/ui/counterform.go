package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// counterForm is a new application started at the window: the clerk chooses the service
// and types the applicant and the service's fields; problems show under each field, in
// the clerk's language, and nothing typed is lost.
type counterForm struct {
	s       *Acceptance
	obj     fyne.CanvasObject
	service *widget.Select
	box     *fyne.Container
	create  *widget.Button
	message *widget.Label

	svcs   []app.Service
	detail *app.ServiceDetail
	rows   []*counterRow
	seq    int
}

// counterRow is one field of the counter's form.
type counterRow struct {
	path   string
	field  app.FormField
	label  string
	entry  *widget.Entry
	choice *widget.Select
	err    *widget.Label
}

func newCounterForm(s *Acceptance) *counterForm {
	f := &counterForm{s: s}
	f.service = widget.NewSelect(nil, func(string) { f.chosen() })
	f.service.PlaceHolder = s.loc.T("accept.choose_service")
	f.box = container.NewVBox()
	f.create = widget.NewButtonWithIcon(s.loc.T("accept.create"), theme.DocumentCreateIcon(), f.submit)
	f.create.Importance = widget.HighImportance
	f.create.Disable()
	f.message = widget.NewLabel("")
	f.message.Wrapping = fyne.TextWrapWord
	title := widget.NewLabel(s.loc.T("accept.new_title"))
	title.TextStyle.Bold = true
	f.obj = container.NewBorder(container.NewVBox(title, f.service), container.NewVBox(f.message, f.create), nil, nil,
		container.NewVScroll(f.box))
	return f
}

// setServices fills the service choice (with s.g held).
func (f *counterForm) setServices(list []app.Service) {
	f.svcs = list
	names := make([]string, len(list))
	for i, sv := range list {
		names[i] = sv.Code + " " + Pick(sv.Name, sv.NameEN, f.s.loc.Lang())
	}
	f.service.SetOptions(names)
}

// chosen loads the chosen service's form. It runs from the Select's callback, which
// SetSelected calls too: it takes the lock itself, in the background.
func (f *counterForm) chosen() {
	i := f.service.SelectedIndex()
	go func() {
		var id string
		var seq int
		f.s.g.Read(func() {
			if i >= 0 && i < len(f.svcs) {
				id = f.svcs[i].ID
				f.seq++ // a cleared choice (clear bumps seq itself) does not drop this answer
				seq = f.seq
			}
		})
		if id == "" {
			return
		}
		ctx, cancel := f.s.scope.Request()
		defer cancel()
		d, err := f.s.svc.Service(ctx, id)
		f.s.g.Do(func() {
			if seq != f.seq {
				return
			}
			if err != nil {
				f.message.Importance = widget.DangerImportance
				f.message.SetText(f.s.loc.ErrorText(err))
				return
			}
			f.build(d)
		})
	}()
}

func (f *counterForm) build(d app.ServiceDetail) {
	loc := f.s.loc
	f.detail = &d
	f.rows = f.rows[:0]
	f.box.RemoveAll()
	add := func(path string, fd app.FormField, label string) {
		r := &counterRow{path: path, field: fd, label: label}
		l := widget.NewLabel(label)
		if fd.Required {
			l.SetText(label + " *")
		}
		l.TextStyle.Bold = true
		var input fyne.CanvasObject
		if fd.Type == app.FieldChoice {
			var opts []string
			for _, o := range fd.Options {
				opts = append(opts, Pick(o.Label, o.LabelEN, loc.Lang()))
			}
			r.choice = widget.NewSelect(opts, nil)
			input = r.choice
		} else {
			r.entry = widget.NewEntry()
			input = r.entry
		}
		r.err = widget.NewLabel("")
		r.err.Importance = widget.DangerImportance
		r.err.Wrapping = fyne.TextWrapWord
		r.err.Hide()
		f.box.Add(container.NewVBox(l, input, r.err))
		f.rows = append(f.rows, r)
	}
	add("applicant.name", app.FormField{Type: app.FieldText, Required: true}, loc.T("apply.name"))
	add("applicant.id_number", app.FormField{Type: app.FieldIDNumber, Required: true}, loc.T("apply.id_number"))
	add("applicant.phone", app.FormField{Type: app.FieldPhone, Required: true}, loc.T("apply.phone"))
	for _, fd := range d.Form.Fields {
		add("fields."+fd.Name, fd, Pick(fd.Label, fd.LabelEN, loc.Lang()))
	}
	f.box.Refresh()
	f.message.SetText("")
	f.create.Enable()
}

func (f *counterForm) request() (app.ApplicationRequest, error) {
	if f.detail == nil {
		return app.ApplicationRequest{}, errNoService
	}
	req := app.ApplicationRequest{ServiceID: f.detail.ID, Fields: app.FormValues{}, Window: f.s.opts.Window}
	for _, r := range f.rows {
		var v string
		if r.entry != nil {
			v = r.entry.Text
		} else if i := r.choice.SelectedIndex(); i >= 0 {
			v = r.field.Options[i].Value
		}
		switch r.path {
		case "applicant.name":
			req.Applicant.Name = v
		case "applicant.id_number":
			req.Applicant.IDNumber = v
		case "applicant.phone":
			req.Applicant.Phone = v
		default:
			if strings.TrimSpace(v) != "" {
				req.Fields[r.field.Name] = v
			}
		}
	}
	return req, nil
}

// submit checks the form as the hub will and stores it; the new application opens for
// acceptance.
func (f *counterForm) submit() {
	s := f.s
	s.g.Lock()
	defer s.g.Unlock()
	req, err := f.request()
	if err != nil || s.busy {
		return
	}
	_, verr := app.ValidateApplication(f.detail.Form, &req, time.Now().In(app.LoadLocation("")))
	if f.showProblems(verr) {
		return
	}
	d := *f.detail
	s.setBusy(true)
	s.setStatus(s.loc.T("apply.submitting"))
	s.seq++
	seq := s.seq
	go func() {
		ctx, cancel := s.scope.Request()
		defer cancel()
		a, err := s.svc.SubmitApplication(ctx, req)
		s.g.Do(func() {
			if seq != s.seq {
				return
			}
			s.setBusy(false)
			if err != nil {
				if !f.showProblems(err) || app.ErrorCode(err) != app.EINVALID {
					s.showError(err)
				}
				return
			}
			s.setStatus(s.loc.Tf("accept.created", map[string]any{"No": a.TrackingNo}))
			s.show(a, d)
		})
	}()
}

// showProblems shows each field's problem under it and reports whether there was any.
func (f *counterForm) showProblems(err error) bool {
	var ae *app.Error
	byPath := map[string]app.FieldError{}
	if errors.As(err, &ae) {
		for _, fe := range ae.Fields {
			byPath[fe.Field] = fe
		}
	}
	for _, r := range f.rows {
		if p, ok := byPath[r.path]; ok {
			r.err.SetText(ProblemText(f.s.loc, r.label, p))
			r.err.Show()
		} else {
			r.err.Hide()
		}
	}
	if err != nil {
		f.message.Importance = widget.DangerImportance
		f.message.SetText(f.s.loc.T("apply.fix_fields"))
	} else {
		f.message.SetText("")
	}
	return err != nil
}

func (f *counterForm) clear() {
	f.seq++
	f.detail = nil
	f.rows = nil
	f.box.RemoveAll()
	f.message.SetText("")
	f.create.Disable()
	f.service.ClearSelected()
}

// CounterForm drives the counter's new-application form in tests.
type CounterForm struct{ f *counterForm }

// ChooseService selects the service with the given code and waits for nothing: call
// Ready until its fields show.
func (c *CounterForm) ChooseService(code string) {
	var idx = -1
	c.f.s.g.Read(func() {
		for i, sv := range c.f.svcs {
			if sv.Code == code {
				idx = i
			}
		}
	})
	if idx >= 0 {
		c.f.service.SetSelectedIndex(idx)
	}
}

// Ready reports whether the chosen service's fields show.
func (c *CounterForm) Ready() bool {
	var ok bool
	c.f.s.g.Read(func() { ok = c.f.detail != nil && len(c.f.rows) > 0 })
	return ok
}

// Set types value into the field at path (applicant.name, fields.reason…); a choice
// field takes the option's value.
func (c *CounterForm) Set(path, value string) {
	var r *counterRow
	c.f.s.g.Read(func() {
		for _, x := range c.f.rows {
			if x.path == path {
				r = x
			}
		}
	})
	if r == nil {
		return
	}
	if r.entry != nil {
		r.entry.SetText(value)
		return
	}
	for i, o := range r.field.Options {
		if o.Value == value {
			r.choice.SetSelectedIndex(i)
		}
	}
}

// Create taps the create button.
func (c *CounterForm) Create() { c.f.submit() }

// Error returns the problem shown under the field at path, "" when none.
func (c *CounterForm) Error(path string) string {
	var t string
	c.f.s.g.Read(func() {
		for _, r := range c.f.rows {
			if r.path == path && r.err.Visible() {
				t = r.err.Text
			}
		}
	})
	return t
}

// Services returns how many services the form offers (0 until the catalogue is loaded).
func (c *CounterForm) Services() int {
	var n int
	c.f.s.g.Read(func() { n = len(c.f.svcs) })
	return n
}

// Value returns what the field at path holds: an entry's text or a choice's label.
func (c *CounterForm) Value(path string) string {
	var t string
	c.f.s.g.Read(func() {
		for _, r := range c.f.rows {
			if r.path != path {
				continue
			}
			if r.entry != nil {
				t = r.entry.Text
			} else {
				t = r.choice.Selected
			}
		}
	})
	return t
}
