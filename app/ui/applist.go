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

// ApplicationList is the hall's applications (办件) with their deadline state: on time,
// due within app.DueSoonWorkingDays working days, or overdue, each said in words beside an
// icon (never by colour alone), and a switch that shows only the overdue ones. It follows
// the hall's events and refreshes when an application changes.
type ApplicationList struct {
	svc   ApplicationHub
	loc   *Localizer
	scope Scope
	g     Guard

	// state, guarded by g
	list    []app.Application
	overdue bool
	err     error
	loaded  bool
	seq     int

	title   *widget.Label
	only    *widget.Check
	refresh *widget.Button
	summary *widget.Label
	rows    *fyne.Container
	texts   [][]string // what each row says, for tests
	content fyne.CanvasObject
}

// NewApplicationList builds the list. It does no I/O: call Start.
func NewApplicationList(a fyne.App, svc ApplicationHub, loc *Localizer) *ApplicationList {
	_ = a
	l := &ApplicationList{svc: svc, loc: loc}
	l.title = widget.NewLabel(loc.T("accept.list_title"))
	l.title.TextStyle.Bold = true
	l.title.SizeName = theme.SizeNameSubHeadingText
	l.only = widget.NewCheck(loc.T("accept.overdue_only"), l.SetOverdueOnly)
	l.refresh = widget.NewButtonWithIcon(loc.T("accept.refresh"), theme.ViewRefreshIcon(), func() { go l.load() })
	l.summary = widget.NewLabel(loc.T("kiosk.loading"))
	l.rows = container.NewVBox()
	header := container.NewBorder(nil, nil, l.title, container.NewHBox(l.only, l.refresh))
	l.content = container.NewPadded(container.NewBorder(
		container.NewVBox(header, widget.NewSeparator(), l.headRow()), l.summary, nil, nil,
		container.NewVScroll(l.rows)))
	return l
}

// Content returns the screen's root object.
func (l *ApplicationList) Content() fyne.CanvasObject { return l.content }

// Start loads the list and keeps it current until ctx ends.
func (l *ApplicationList) Start(ctx context.Context) {
	l.scope.Set(ctx)
	go l.load() // at once: the live stream may take a while to open
	go Follow(ctx, l.svc, l.load, nil, func(ev app.Event) {
		if ev.Type == app.EventApplicationChanged {
			l.load()
		}
	})
}

// Refresh loads the list again in the background.
func (l *ApplicationList) Refresh() { go l.load() }

// SetOverdueOnly shows only the overdue applications (on) or all (off).
func (l *ApplicationList) SetOverdueOnly(on bool) {
	l.g.Lock()
	changed := l.overdue != on
	l.overdue = on
	l.g.Unlock()
	if l.only.Checked != on {
		l.only.SetChecked(on) // calls back here with nothing changed
	}
	if changed {
		go l.load()
	}
}

func (l *ApplicationList) load() {
	var f app.ApplicationFilter
	var seq int
	l.g.Read(func() {
		f.Overdue = l.overdue
		l.seq++
		seq = l.seq
	})
	ctx, cancel := l.scope.Request()
	defer cancel()
	list, err := l.svc.Applications(ctx, f)
	l.g.Do(func() {
		if seq != l.seq {
			return
		}
		l.err = err
		if err == nil {
			l.list, l.loaded = list, true
		}
		l.build()
	})
}

// columns of a row: deadline (icon and words), tracking number, service, applicant,
// status, promised date.
func (l *ApplicationList) headRow() fyne.CanvasObject {
	keys := []string{"accept.col.service", "accept.col.applicant", "accept.col.status", "accept.col.promised"}
	g := container.NewGridWithColumns(len(keys))
	for _, k := range keys {
		h := widget.NewLabel(l.loc.T(k))
		h.TextStyle.Bold = true
		g.Add(h)
	}
	first := widget.NewLabel(l.loc.T("accept.col.deadline"))
	first.TextStyle.Bold = true
	no := widget.NewLabel(l.loc.T("accept.col.tracking"))
	no.TextStyle.Bold = true
	return container.NewBorder(nil, nil, container.NewHBox(WithMinSize(first, deadlineWidth, 0), WithMinSize(no, trackingWidth, 0)), nil, g)
}

// Widths of the deadline and tracking-number columns: their texts are never cut.
const (
	deadlineWidth = 260
	trackingWidth = 200
)

func (l *ApplicationList) build() {
	l.rows.RemoveAll()
	l.texts = l.texts[:0]
	overdue := 0
	for _, a := range l.list {
		if a.Deadline == app.DeadlineOverdue {
			overdue++
		}
		cells := []string{
			DeadlineText(l.loc, a),
			a.TrackingNo,
			Pick(a.ServiceName, a.ServiceNameEN, l.loc.Lang()),
			a.Applicant.Name + " " + a.Applicant.IDNumber,
			StatusText(l.loc, a.Status),
			a.PromisedDate,
		}
		l.texts = append(l.texts, cells)
		state := widget.NewLabel(cells[0])
		state.Importance = DeadlineImportance(a.Deadline)
		first := container.NewBorder(nil, nil, widget.NewIcon(DeadlineIcon(a.Deadline)), nil, state)
		rest := container.NewGridWithColumns(len(cells) - 2)
		for _, c := range cells[2:] {
			lb := widget.NewLabel(c)
			lb.Truncation = fyne.TextTruncateEllipsis
			rest.Add(lb)
		}
		no := widget.NewLabel(cells[1])
		left := container.NewHBox(WithMinSize(first, deadlineWidth, 0), WithMinSize(no, trackingWidth, 0))
		l.rows.Add(container.NewBorder(nil, nil, left, nil, rest))
	}
	l.rows.Refresh()
	switch {
	case l.err != nil:
		l.summary.Importance = widget.DangerImportance
		l.summary.SetText(l.loc.ErrorText(l.err))
	case len(l.list) == 0 && l.overdue:
		l.summary.Importance = widget.SuccessImportance
		l.summary.SetText(l.loc.T("accept.no_overdue"))
	case len(l.list) == 0:
		l.summary.Importance = widget.MediumImportance
		l.summary.SetText(l.loc.T("accept.no_applications"))
	default:
		l.summary.Importance = widget.MediumImportance
		l.summary.SetText(l.loc.Tf("accept.summary", map[string]any{"Count": strconv.Itoa(len(l.list)), "Overdue": strconv.Itoa(overdue)}))
	}
}

// DeadlineIcon is the icon beside a deadline state's words: a tick on time, a warning
// when due soon, an error mark when overdue, an info mark when no deadline runs.
func DeadlineIcon(d app.DeadlineState) fyne.Resource {
	switch d {
	case app.DeadlineOnTime:
		return theme.ConfirmIcon()
	case app.DeadlineDueSoon:
		return theme.WarningIcon()
	case app.DeadlineOverdue:
		return theme.ErrorIcon()
	}
	return theme.InfoIcon()
}

// DeadlineImportance colours a deadline state's words (besides the icon and the words).
func DeadlineImportance(d app.DeadlineState) widget.Importance {
	switch d {
	case app.DeadlineOnTime:
		return widget.SuccessImportance
	case app.DeadlineDueSoon:
		return widget.WarningImportance
	case app.DeadlineOverdue:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// Rows returns what each row says (deadline, tracking number, service, applicant,
// status, promised date), for tests.
func (l *ApplicationList) Rows() [][]string {
	var out [][]string
	l.g.Read(func() {
		for _, r := range l.texts {
			out = append(out, append([]string(nil), r...))
		}
	})
	return out
}

// Loaded reports whether the list came back from the hub at least once.
func (l *ApplicationList) Loaded() bool {
	var b bool
	l.g.Read(func() { b = l.loaded })
	return b
}

// SummaryText returns the line under the list.
func (l *ApplicationList) SummaryText() string {
	var t string
	l.g.Read(func() { t = l.summary.Text })
	return t
}

// OverdueOnly returns the overdue-only switch.
func (l *ApplicationList) OverdueOnly() *widget.Check { return l.only }
