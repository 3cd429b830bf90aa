package kiosk

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// MaxTrackingNo caps what the progress box holds.
const MaxTrackingNo = 32

// progressView looks an application up by its tracking number, typed on the letter
// keypad or scanned from a slip's QR code (a scanner types like a keyboard and ends with
// Enter), and shows its status and the timeline of its steps. The applicant is masked.
type progressView struct {
	f         *flow
	obj       fyne.CanvasObject
	back      *widget.Button
	title     *widget.Label
	entry     *widget.Entry
	find      *widget.Button
	hint      *widget.Label
	message   *widget.Label
	result    *fyne.Container
	service   *widget.Label
	status    *widget.Label
	applicant *widget.Label
	promised  *widget.Label
	stepsHead *widget.Label
	steps     *fyne.Container
	pad       *keypad

	a       *app.Application
	detail  *app.ServiceDetail // the application's service, for its materials' names
	err     error
	loading bool
	seq     int
}

func newProgressView(f *flow) *progressView {
	v := &progressView{f: f}
	var backObj fyne.CanvasObject
	v.back, backObj = backButton(f.k.GoHome)
	v.title = heading(theme.SizeNameHeadingText)
	v.entry = widget.NewEntry()
	v.entry.TextStyle.Bold = true
	v.entry.OnSubmitted = func(string) { v.lookup() }
	v.find = widget.NewButtonWithIcon("", theme.SearchIcon(), v.lookup)
	v.find.Importance = widget.HighImportance
	v.hint = wrapped(theme.SizeNameText)
	v.message = wrapped(theme.SizeNameSubHeadingText)
	v.message.Hide()
	v.service = heading(theme.SizeNameHeadingText)
	v.status = heading(theme.SizeNameSubHeadingText)
	v.applicant = wrapped(theme.SizeNameSubHeadingText)
	v.promised = wrapped(theme.SizeNameSubHeadingText)
	v.stepsHead = heading(theme.SizeNameSubHeadingText)
	v.steps = container.NewVBox()
	v.result = container.NewVBox(v.service, v.status, v.applicant, v.promised, widget.NewSeparator(), v.stepsHead, v.steps)
	v.result.Hide()
	v.pad = newLetterPad(v.key)
	search := container.NewBorder(nil, nil, nil, ui.WithMinSize(v.find, 160, ButtonHeight), ui.WithHeight(v.entry, ButtonHeight))
	top := container.NewVBox(topBar(backObj, v.title), search, v.hint, v.message)
	v.obj = container.NewBorder(top, container.NewVBox(widget.NewSeparator(), v.pad.obj), nil, nil,
		container.NewVScroll(v.result))
	return v
}

// enter shows the lookup with the box focused, so a scanner's keystrokes land in it.
func (v *progressView) enter() {
	v.f.show(v.obj, ScreenProgress)
	v.retext()
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.entry); c != nil {
		c.Focus(v.entry)
	}
}

// key types a keypad key into the box.
func (v *progressView) key(k string) {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenProgress {
		return
	}
	v.f.touch()
	v.entry.SetText(press(v.entry.Text, k, MaxTrackingNo))
}

// lookup asks the hub for the tracking number in the box (the find button, or Enter).
func (v *progressView) lookup() {
	v.f.k.g.Lock()
	defer v.f.k.g.Unlock()
	if v.f.k.screen != ScreenProgress {
		return
	}
	v.f.touch()
	no := NormalizeTrackingNo(v.entry.Text)
	if no != v.entry.Text {
		v.entry.SetText(no)
	}
	v.a, v.detail, v.err = nil, nil, nil
	if !app.ValidTrackingNo(no) {
		v.loading = false
		v.show()
		setStatus(v.message, v.f.k.loc.T("progress.bad_number"), widget.DangerImportance)
		return
	}
	v.loading = true
	v.show()
	v.seq++
	seq := v.seq
	go func() {
		ctx, cancel := v.f.request()
		defer cancel()
		a, err := v.f.apps.Application(ctx, no)
		var d *app.ServiceDetail
		if err == nil && v.f.guide != nil {
			if sd, err := v.f.guide.Service(ctx, a.ServiceID); err == nil {
				d = &sd // only for English names of missing materials: optional
			}
		}
		v.f.k.g.Do(func() {
			if seq != v.seq {
				return
			}
			v.loading, v.err = false, err
			if err == nil {
				v.a, v.detail = &a, d
			}
			v.show()
		})
	}()
}

// NormalizeTrackingNo tidies what a person typed or a scanner sent: spaces and a trailing
// newline dropped, full-width characters and lower case made plain ASCII capitals. A
// scanned receipt QR that holds central's status page link gives its tracking number.
func NormalizeTrackingNo(s string) string {
	s = app.TrackingFromStatusURL(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == 0x3000:
			continue
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

func (v *progressView) show() {
	loc := v.f.k.loc
	switch {
	case v.loading:
		setStatus(v.message, loc.T("progress.loading"), widget.MediumImportance)
	case app.ErrorCode(v.err) == app.ENOTFOUND:
		setStatus(v.message, loc.T("progress.not_found"), widget.DangerImportance)
	case v.err != nil:
		setStatus(v.message, loc.ErrorText(v.err), widget.DangerImportance)
	default:
		setStatus(v.message, "", widget.MediumImportance)
	}
	v.steps.RemoveAll()
	if v.a == nil {
		v.result.Hide()
		return
	}
	a := *v.a
	lang := loc.Lang()
	v.service.SetText(ui.ServiceName(app.Service{Name: a.ServiceName, NameEN: a.ServiceNameEN}, lang) + "  " + a.TrackingNo)
	v.status.SetText(loc.Tf("progress.status", map[string]any{"Status": ui.StatusText(loc, a.Status)}))
	v.applicant.SetText(loc.Tf("progress.applicant", map[string]any{
		"Name": app.MaskName(a.Applicant.Name), "ID": app.MaskID(a.Applicant.IDNumber)}))
	if a.PromisedDate != "" {
		v.promised.SetText(loc.Tf("progress.promised", map[string]any{"Date": a.PromisedDate}))
		v.promised.Show()
	} else {
		v.promised.Hide()
	}
	v.stepsHead.SetText(loc.T("progress.timeline"))
	zone := app.LoadLocation("")
	for i, s := range a.Timeline {
		icon := theme.ConfirmIcon()
		if s.Action == app.StepNotice {
			icon = theme.WarningIcon()
		} else if s.Status == app.StatusRejected || s.Status == app.StatusWithdrawn {
			icon = theme.CancelIcon()
		}
		what := ui.StepText(loc, s)
		if s.Window > 0 {
			what += loc.Tf("progress.at_window", map[string]any{"Window": strconv.Itoa(s.Window)})
		}
		when := widget.NewLabel(s.At.In(zone).Format("2006-01-02 15:04"))
		when.TextStyle.Italic = true
		text := heading(theme.SizeNameSubHeadingText)
		text.SetText(what)
		lines := container.NewVBox(when, text)
		if len(s.Missing) > 0 {
			names := make([]string, len(s.Missing))
			for i, n := range s.Missing {
				names[i] = v.materialName(n, lang)
			}
			m := wrapped(theme.SizeNameText)
			m.SetText(loc.Tf("progress.missing", map[string]any{"Items": strings.Join(names, loc.T("guide.list_sep"))}))
			lines.Add(m)
		}
		// A step's note is the staff's (or the hub's) and may be in any language: the
		// kiosk leaves it to the counter.
		mark := widget.NewIcon(icon)
		num := widget.NewLabel(strconv.Itoa(i + 1))
		v.steps.Add(container.NewBorder(nil, nil, container.NewVBox(mark, num), nil, lines))
	}
	v.result.Show()
	v.result.Refresh()
	restyle(v.obj)
}

// materialName is a missing material's name in lang, from the service's guide entry.
func (v *progressView) materialName(zh, lang string) string {
	if v.detail != nil {
		for _, m := range v.detail.Materials {
			if m.Name == zh {
				return ui.Pick(m.Name, m.NameEN, lang)
			}
		}
	}
	return zh
}

func (v *progressView) retext() {
	loc := v.f.k.loc
	v.back.SetText(loc.T("guide.back_home"))
	v.title.SetText(loc.T("progress.title"))
	v.find.SetText(loc.T("progress.find"))
	v.entry.SetPlaceHolder(loc.T("progress.placeholder"))
	v.hint.SetText(loc.T("progress.hint"))
	v.pad.retext(loc)
	v.show()
}

func (v *progressView) reset() {
	v.seq++
	v.entry.SetText("")
	v.a, v.detail, v.err, v.loading = nil, nil, nil, false
	v.show()
}
