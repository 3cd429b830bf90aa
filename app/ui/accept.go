package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// ApplicationHub is what the acceptance and application-list screens need of a hub: the
// hall's live events, the service guide and the applications. app/hub's Client is one.
type ApplicationHub interface {
	app.HallService
	app.GuideService
	app.ApplicationService
}

// DefaultPrintTimeout bounds one attempt to print a receipt or a notice.
const DefaultPrintTimeout = 30 * time.Second

// AcceptOptions configure the acceptance screen.
type AcceptOptions struct {
	// Window is the clerk's window number, recorded with each acceptance.
	Window int
	// PrintNotice prints a one-time notice (一次性告知书) listing every missing material.
	// Nil: the screen lists them and says nothing was printed.
	PrintNotice func(ctx context.Context, a app.Application, s app.ServiceDetail, missing []app.Material) error
	// PrintReceipt prints the acceptance receipt (受理回执). Nil: the screen is the receipt.
	PrintReceipt func(ctx context.Context, a app.Application, s app.ServiceDetail) error
	// Accepted is told of each completed acceptance (the application list refreshes).
	Accepted func(app.Application)
}

// Print states of the acceptance screen's last document.
const (
	PrintNone     = "none"
	PrintPrinting = "printing"
	PrintDone     = "printed"
	PrintFailed   = "failed"
)

// Acceptance is the clerk's acceptance screen (受理): open a citizen's pre-application by
// its tracking number (typed, or scanned from the slip: a scanner types and ends with
// Enter) or from the list of pre-applications waiting, or start a new one; tick the
// materials received; accept. Anything missing prints a one-time notice listing every
// missing item and leaves the application waiting; a complete set accepts it and prints
// the receipt with the tracking number, QR code and promised date. On-the-spot services
// (即办件) are finished at once.
type Acceptance struct {
	svc   ApplicationHub
	loc   *Localizer
	opts  AcceptOptions
	scope Scope
	g     Guard

	// state, guarded by g
	services []app.Service
	waiting  []app.Application
	cur      *app.Application
	detail   *app.ServiceDetail
	result   *app.AcceptResult
	busy     bool
	print    string
	seq      int

	lookup     *widget.Entry
	findBtn    *widget.Button
	newBtn     *widget.Button
	waitTitle  *widget.Label
	refreshBtn *widget.Button
	waitList   *fyne.Container
	status     *widget.Label

	// the application opened
	detailBox *fyne.Container
	heading   *widget.Label
	info      *widget.Label
	matTitle  *widget.Label
	checks    []*widget.Check
	checkBox  *fyne.Container
	allBtn    *widget.Button
	acceptBtn *widget.Button
	outcome   *widget.Label
	qr        *canvas.Image
	reprint   *widget.Button

	// a new application started at the counter
	newForm *counterForm

	right   *fyne.Container
	empty   *widget.Label
	content fyne.CanvasObject
}

// NewAcceptance builds the acceptance screen. It does no I/O: call Start.
func NewAcceptance(a fyne.App, svc ApplicationHub, loc *Localizer, opts AcceptOptions) *Acceptance {
	_ = a
	s := &Acceptance{svc: svc, loc: loc, opts: opts}
	s.lookup = widget.NewEntry()
	s.lookup.SetPlaceHolder(loc.T("accept.lookup_placeholder"))
	s.lookup.OnSubmitted = func(string) { s.Find() }
	s.findBtn = widget.NewButtonWithIcon(loc.T("accept.find"), theme.SearchIcon(), s.Find)
	s.newBtn = widget.NewButtonWithIcon(loc.T("accept.new"), theme.ContentAddIcon(), s.StartNew)
	s.waitTitle = widget.NewLabel(loc.T("accept.waiting"))
	s.waitTitle.TextStyle.Bold = true
	s.refreshBtn = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { go s.loadWaiting() })
	s.waitList = container.NewVBox()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord

	s.heading = widget.NewLabel("")
	s.heading.TextStyle.Bold = true
	s.heading.SizeName = theme.SizeNameSubHeadingText
	s.info = widget.NewLabel("")
	s.info.Wrapping = fyne.TextWrapWord
	s.matTitle = widget.NewLabel(loc.T("accept.materials"))
	s.matTitle.TextStyle.Bold = true
	s.checkBox = container.NewVBox()
	s.allBtn = widget.NewButtonWithIcon(loc.T("accept.all_received"), theme.CheckButtonCheckedIcon(), s.TickAll)
	s.acceptBtn = widget.NewButtonWithIcon(loc.T("accept.accept"), theme.ConfirmIcon(), s.Accept)
	s.acceptBtn.Importance = widget.HighImportance
	s.outcome = widget.NewLabel("")
	s.outcome.Wrapping = fyne.TextWrapWord
	s.outcome.TextStyle.Bold = true
	s.qr = QRImage("", 160)
	s.qr.Hide()
	s.reprint = widget.NewButtonWithIcon(loc.T("accept.reprint"), theme.DocumentPrintIcon(), s.Reprint)
	s.reprint.Hide()
	buttons := container.NewGridWithColumns(2, WithHeight(s.allBtn, 48), WithHeight(s.acceptBtn, 48))
	s.detailBox = container.NewBorder(
		container.NewVBox(s.heading, s.info, widget.NewSeparator(), s.matTitle),
		container.NewVBox(buttons, container.NewBorder(nil, nil, nil, s.qr, container.NewVBox(s.outcome, s.reprint))),
		nil, nil, container.NewVScroll(s.checkBox))
	s.newForm = newCounterForm(s)
	s.empty = widget.NewLabel(loc.T("accept.empty"))
	s.empty.Wrapping = fyne.TextWrapWord
	s.right = container.NewStack(s.empty)

	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.findBtn, s.newBtn), s.lookup)
	left := container.NewBorder(container.NewBorder(nil, nil, nil, s.refreshBtn, s.waitTitle), nil, nil, nil,
		container.NewVScroll(s.waitList))
	split := container.NewHSplit(left, s.right)
	split.Offset = 0.3
	s.content = container.NewPadded(container.NewBorder(
		container.NewVBox(top, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), s.status), nil, nil, split))
	return s
}

// Content returns the screen's root object.
func (s *Acceptance) Content() fyne.CanvasObject { return s.content }

// Start loads the catalogue and the waiting pre-applications in the background and keeps
// the list current from the hall's events until ctx ends.
func (s *Acceptance) Start(ctx context.Context) {
	s.scope.Set(ctx)
	// Load at once: the live stream may take a while to open, and reloads after each
	// (re)connection.
	go func() {
		s.loadServices()
		s.loadWaiting()
	}()
	go Follow(ctx, s.svc, func() {
		s.loadServices()
		s.loadWaiting()
	}, nil, func(ev app.Event) {
		if ev.Type == app.EventApplicationChanged {
			s.loadWaiting()
		}
	})
}

func (s *Acceptance) loadServices() {
	var have bool
	s.g.Read(func() { have = len(s.services) > 0 })
	if have {
		return
	}
	ctx, cancel := s.scope.Request()
	defer cancel()
	list, err := s.svc.SearchServices(ctx, "")
	if err != nil {
		return
	}
	s.g.Do(func() {
		s.services = list
		s.newForm.setServices(list)
	})
}

// loadWaiting fetches the pre-applications not yet accepted.
func (s *Acceptance) loadWaiting() {
	ctx, cancel := s.scope.Request()
	defer cancel()
	list, err := s.svc.Applications(ctx, app.ApplicationFilter{Status: app.StatusSubmitted})
	s.g.Do(func() {
		if err != nil {
			s.showError(err)
			return
		}
		s.waiting = list
		s.buildWaiting()
	})
}

func (s *Acceptance) buildWaiting() {
	s.waitList.RemoveAll()
	for _, a := range s.waiting {
		b := widget.NewButton("", func() { s.open(a.TrackingNo) })
		no := widget.NewLabel(a.TrackingNo)
		no.TextStyle.Bold = true
		what := widget.NewLabel(Pick(a.ServiceName, a.ServiceNameEN, s.loc.Lang()) + " · " + app.MaskName(a.Applicant.Name))
		what.Truncation = fyne.TextTruncateEllipsis
		// Taps on the labels reach the button beneath them.
		s.waitList.Add(container.NewStack(b, container.NewVBox(no, what)))
	}
	if len(s.waiting) == 0 {
		l := widget.NewLabel(s.loc.T("accept.none_waiting"))
		l.Importance = widget.LowImportance
		s.waitList.Add(l)
	}
	s.waitList.Refresh()
}

// Find opens the application whose tracking number is in the box (the find button, or
// Enter from a keyboard or a scanner).
func (s *Acceptance) Find() {
	no := strings.ToUpper(strings.Join(strings.Fields(s.lookup.Text), ""))
	if !app.ValidTrackingNo(no) {
		s.g.Lock()
		s.status.Importance = widget.DangerImportance
		s.status.SetText(s.loc.T("accept.bad_number"))
		s.g.Unlock()
		return
	}
	s.open(no)
}

// open loads one application and its service's guide entry.
func (s *Acceptance) open(no string) {
	s.g.Lock()
	defer s.g.Unlock()
	if s.busy {
		return
	}
	s.setBusy(true)
	s.setStatus(s.loc.Tf("accept.opening", map[string]any{"No": no}))
	s.seq++
	seq := s.seq
	go func() {
		ctx, cancel := s.scope.Request()
		defer cancel()
		a, err := s.svc.Application(ctx, no)
		var d app.ServiceDetail
		if err == nil {
			d, err = s.svc.Service(ctx, a.ServiceID)
		}
		s.g.Do(func() {
			if seq != s.seq {
				return
			}
			s.setBusy(false)
			if err != nil {
				if app.ErrorCode(err) == app.ENOTFOUND {
					s.status.Importance = widget.DangerImportance
					s.status.SetText(s.loc.Tf("accept.not_found", map[string]any{"No": no}))
					return
				}
				s.showError(err)
				return
			}
			s.show(a, d)
			s.setStatus("")
		})
	}()
}

// show puts application a of service d on the right, its materials unticked (or ticked as
// received when it was accepted already).
func (s *Acceptance) show(a app.Application, d app.ServiceDetail) {
	s.cur, s.detail, s.result, s.print = &a, &d, nil, ""
	s.checks = s.checks[:0]
	s.checkBox.RemoveAll()
	received := map[int]bool{}
	for _, i := range a.Received {
		received[i] = true
	}
	for i, m := range d.Materials {
		c := widget.NewCheck(MaterialText(s.loc, m), nil)
		c.SetChecked(received[i])
		s.checks = append(s.checks, c)
		s.checkBox.Add(c)
	}
	s.qr.Hide()
	s.reprint.Hide()
	s.outcome.SetText("")
	s.retextDetail()
	s.right.Objects = []fyne.CanvasObject{s.detailBox}
	s.right.Refresh()
	s.updateButtons()
}

func (s *Acceptance) retextDetail() {
	if s.cur == nil {
		return
	}
	a, d := *s.cur, *s.detail
	lang := s.loc.Lang()
	s.heading.SetText(a.TrackingNo + "  " + Pick(d.Name, d.NameEN, lang))
	var lines []string
	lines = append(lines, s.loc.Tf("accept.applicant", map[string]any{
		"Name": app.MaskName(a.Applicant.Name), "ID": app.MaskID(a.Applicant.IDNumber), "Phone": app.MaskPhone(a.Applicant.Phone)}))
	lines = append(lines, KindText(s.loc, d.Kind)+" · "+TermsText(s.loc, d.CatalogueService)+" · "+FeeText(s.loc, d.FeeFen))
	lines = append(lines, s.loc.Tf("accept.status", map[string]any{"Status": StatusText(s.loc, a.Status)}))
	for _, f := range d.Form.Fields {
		v, ok := a.Fields[f.Name]
		if !ok {
			continue
		}
		v = MaskValue(f.Type, v)
		for _, o := range f.Options {
			if o.Value == v {
				v = Pick(o.Label, o.LabelEN, lang)
			}
		}
		lines = append(lines, Pick(f.Label, f.LabelEN, lang)+"："+v)
	}
	s.info.SetText(strings.Join(lines, "\n"))
}

// TickAll ticks every material (the clerk checked the whole pile).
func (s *Acceptance) TickAll() {
	s.g.Lock()
	checks := append([]*widget.Check(nil), s.checks...)
	s.g.Unlock()
	for _, c := range checks {
		c.SetChecked(true)
	}
}

// Accept sends the ticked materials: a notice for what is missing, or the acceptance.
func (s *Acceptance) Accept() {
	s.g.Lock()
	defer s.g.Unlock()
	if s.busy || s.cur == nil || s.cur.Status != app.StatusSubmitted {
		return
	}
	req := app.AcceptRequest{Window: s.opts.Window, Received: []int{}}
	for i, c := range s.checks {
		if c.Checked {
			req.Received = append(req.Received, i)
		}
	}
	no, d := s.cur.TrackingNo, *s.detail
	s.setBusy(true)
	s.setStatus(s.loc.T("accept.accepting"))
	s.seq++
	seq := s.seq
	go func() {
		ctx, cancel := s.scope.Request()
		defer cancel()
		res, err := s.svc.AcceptApplication(ctx, no, req)
		s.g.Do(func() {
			if seq != s.seq {
				return
			}
			s.setBusy(false)
			if err != nil {
				s.showError(err)
				return
			}
			s.setStatus("")
			s.cur, s.result = &res.Application, &res
			s.retextDetail()
			s.showOutcome()
			s.startPrint()
			if res.Complete() && s.opts.Accepted != nil {
				s.opts.Accepted(res.Application)
			}
			_ = d
		})
	}()
}

// Reprint prints the last notice or receipt again.
func (s *Acceptance) Reprint() {
	s.g.Lock()
	defer s.g.Unlock()
	if s.result == nil || s.print == PrintPrinting {
		return
	}
	s.startPrint()
}

func (s *Acceptance) startPrint() {
	res, d := *s.result, *s.detail
	var do func(ctx context.Context) error
	if res.Complete() {
		if pr := s.opts.PrintReceipt; pr != nil {
			do = func(ctx context.Context) error { return pr(ctx, res.Application, d) }
		}
	} else if pr := s.opts.PrintNotice; pr != nil {
		do = func(ctx context.Context) error { return pr(ctx, res.Application, d, res.Missing) }
	}
	if do == nil {
		s.print = PrintNone
		s.showOutcome()
		return
	}
	s.print = PrintPrinting
	s.showOutcome()
	seq := s.seq
	go func() {
		ctx, cancel := context.WithTimeout(s.scope.Context(), DefaultPrintTimeout)
		defer cancel()
		err := do(ctx)
		s.g.Do(func() {
			if seq != s.seq {
				return
			}
			if err != nil {
				s.print = PrintFailed
			} else {
				s.print = PrintDone
			}
			s.showOutcome()
		})
	}()
}

// showOutcome says what the acceptance did and how its document printed.
func (s *Acceptance) showOutcome() {
	if s.result == nil {
		return
	}
	res := *s.result
	a := res.Application
	var lines []string
	if !res.Complete() {
		names := make([]string, len(res.Missing))
		for i, m := range res.Missing {
			names[i] = MaterialText(s.loc, m)
		}
		lines = append(lines, s.loc.Tf("accept.missing", map[string]any{"Count": strconv.Itoa(len(res.Missing))}))
		for i, n := range names {
			lines = append(lines, strconv.Itoa(i+1)+". "+n)
		}
		s.outcome.Importance = widget.WarningImportance
		s.qr.Hide()
	} else {
		switch {
		case a.Status == app.StatusApproved || a.Status == app.StatusDelivered:
			lines = append(lines, s.loc.T("accept.finished"))
		default:
			lines = append(lines, s.loc.Tf("accept.accepted", map[string]any{"Date": a.PromisedDate}))
		}
		s.outcome.Importance = widget.SuccessImportance
		SetQR(s.qr, a.TrackingNo)
		s.qr.Show()
	}
	kind := "receipt"
	if !res.Complete() {
		kind = "notice"
	}
	switch s.print {
	case PrintNone:
		lines = append(lines, s.loc.T("accept.no_printer"))
	case PrintPrinting:
		lines = append(lines, s.loc.T("accept.printing_"+kind))
	case PrintDone:
		lines = append(lines, s.loc.T("accept.printed_"+kind))
	case PrintFailed:
		lines = append(lines, s.loc.T("accept.print_failed"))
	}
	s.outcome.SetText(strings.Join(lines, "\n"))
	if s.print == PrintFailed || s.print == PrintDone {
		s.reprint.Show()
	} else {
		s.reprint.Hide()
	}
	s.updateButtons()
}

// StartNew opens an empty form for an application started at the counter.
func (s *Acceptance) StartNew() {
	s.g.Lock()
	defer s.g.Unlock()
	if s.busy {
		return
	}
	s.seq++
	s.cur, s.detail, s.result = nil, nil, nil
	s.newForm.clear()
	s.right.Objects = []fyne.CanvasObject{s.newForm.obj}
	s.right.Refresh()
	s.setStatus("")
}

func (s *Acceptance) setBusy(b bool) {
	s.busy = b
	s.updateButtons()
}

func (s *Acceptance) updateButtons() {
	can := !s.busy && s.cur != nil && s.cur.Status == app.StatusSubmitted && (s.result == nil || !s.result.Complete())
	for _, w := range []*widget.Button{s.acceptBtn, s.allBtn} {
		if can {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	if s.busy {
		s.findBtn.Disable()
	} else {
		s.findBtn.Enable()
	}
}

func (s *Acceptance) setStatus(text string) {
	s.status.Importance = widget.MediumImportance
	s.status.SetText(text)
}

func (s *Acceptance) showError(err error) {
	s.status.Importance = widget.DangerImportance
	s.status.SetText(s.loc.ErrorText(err))
}

// What the screen shows, for tests. Each reads under the screen's lock.

// Current returns the application opened, nil when none.
func (s *Acceptance) Current() *app.Application {
	var a *app.Application
	s.g.Read(func() {
		if s.cur != nil {
			c := *s.cur
			a = &c
		}
	})
	return a
}

// Checks returns the material checkboxes of the application opened.
func (s *Acceptance) Checks() []*widget.Check {
	var out []*widget.Check
	s.g.Read(func() { out = append(out, s.checks...) })
	return out
}

// OutcomeText returns what the last acceptance said.
func (s *Acceptance) OutcomeText() string {
	var t string
	s.g.Read(func() { t = s.outcome.Text })
	return t
}

// PrintState returns the print state of the last notice or receipt, "" before any.
func (s *Acceptance) PrintState() string {
	var t string
	s.g.Read(func() { t = s.print })
	return t
}

// StatusText returns the status line.
func (s *Acceptance) StatusText() string {
	var t string
	s.g.Read(func() { t = s.status.Text })
	return t
}

// WaitingCount returns how many pre-applications the waiting list shows.
func (s *Acceptance) WaitingCount() int {
	var n int
	s.g.Read(func() { n = len(s.waiting) })
	return n
}

// Busy reports whether a request of this screen is in flight.
func (s *Acceptance) Busy() bool {
	var b bool
	s.g.Read(func() { b = s.busy })
	return b
}

// LookupEntry returns the tracking-number box (a scanner types into it).
func (s *Acceptance) LookupEntry() *widget.Entry { return s.lookup }

// AcceptButton returns the accept button.
func (s *Acceptance) AcceptButton() *widget.Button { return s.acceptBtn }

// NewButton returns the button that starts a new application.
func (s *Acceptance) NewButton() *widget.Button { return s.newBtn }

// Form returns the form of a new application.
func (s *Acceptance) Form() *CounterForm { return &CounterForm{f: s.newForm} }

var errNoService = errors.New("no service chosen")
