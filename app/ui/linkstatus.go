package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// LinkStatus shows the hall's link to central: its state as an icon and in words (colour is
// never the only cue), how many records wait to upload, and when the last sync succeeded,
// in the hall's time zone. Before the first Set it says it is checking.
//
// Like every widget, its methods must run on the UI goroutine (inside fyne.Do when called
// from a background goroutine).
type LinkStatus struct {
	widget.BaseWidget

	loc     *Localizer
	zone    *time.Location
	now     func() time.Time
	health  *app.Health
	hubDown bool

	box     *fyne.Container
	icon    *widget.Icon
	state   *widget.Label
	pending *widget.Label
	last    *widget.Label
}

// NewLinkStatus returns a link status in loc's language, showing times in the default
// hall time zone (Asia/Shanghai).
func NewLinkStatus(loc *Localizer) *LinkStatus {
	s := &LinkStatus{
		loc:     loc,
		zone:    app.LoadLocation(app.DefaultTimeZone),
		now:     time.Now,
		icon:    widget.NewIcon(theme.NewThemedResource(theme.ViewRefreshIcon())),
		state:   widget.NewLabel(""),
		pending: widget.NewLabel(""),
		last:    widget.NewLabel(""),
	}
	s.state.TextStyle.Bold = true
	s.box = container.NewHBox(s.icon, s.state, s.pending, s.last)
	s.ExtendBaseWidget(s)
	s.update()
	return s
}

// SetTimeZone sets the zone the last sync time is shown in (the hall's).
func (s *LinkStatus) SetTimeZone(zone *time.Location) {
	if zone != nil {
		s.zone = zone
		s.update()
	}
}

// SetLocalizer switches the widget's language.
func (s *LinkStatus) SetLocalizer(loc *Localizer) {
	s.loc = loc
	s.update()
}

// Set shows what the hub says about its link; it also clears an earlier SetHubDown.
func (s *LinkStatus) Set(h app.Health) {
	s.health = &h
	s.hubDown = false
	s.update()
}

// SetHubDown shows that the terminal cannot reach its hall hub at all, which hides
// whatever the hub said about its own link before.
func (s *LinkStatus) SetHubDown() {
	s.hubDown = true
	s.update()
}

// Text returns what the widget says, its parts joined by " · " (for tests and logs).
func (s *LinkStatus) Text() string {
	parts := []string{s.state.Text}
	for _, l := range []*widget.Label{s.pending, s.last} {
		if l.Visible() && l.Text != "" {
			parts = append(parts, l.Text)
		}
	}
	return strings.Join(parts, " · ")
}

// CreateRenderer lays the icon and the words out in one row.
func (s *LinkStatus) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.box)
}

func (s *LinkStatus) update() {
	defer s.box.Refresh() // the words changed width: lay the row out again

	var icon fyne.Resource = theme.NewThemedResource(theme.ViewRefreshIcon())
	state := s.loc.T("link.checking")
	showCounts := false
	switch {
	case s.hubDown:
		icon, state = theme.NewErrorThemedResource(theme.ErrorIcon()), s.loc.T("link.hub_down")
	case s.health == nil:
	case s.health.Link == app.LinkUp:
		icon, state = theme.NewSuccessThemedResource(theme.ConfirmIcon()), s.loc.T("link.up")
		showCounts = true
	case s.health.Link == app.LinkSyncing:
		icon, state = theme.NewPrimaryThemedResource(theme.ViewRefreshIcon()), s.loc.T("link.syncing")
		showCounts = true
	case s.health.Link == app.LinkUnconfigured:
		icon, state = theme.NewWarningThemedResource(theme.QuestionIcon()), s.loc.T("link.unconfigured")
		showCounts = true
	default: // down, or a state this build does not know: say offline rather than nothing
		icon, state = theme.NewWarningThemedResource(theme.WarningIcon()), s.loc.T("link.down")
		showCounts = true
	}
	s.icon.SetResource(icon)
	s.state.SetText(state)
	if !showCounts {
		s.pending.Hide()
		s.last.Hide()
		return
	}
	s.pending.SetText(s.loc.Tf("link.pending", map[string]any{"Count": strconv.Itoa(s.health.Pending)}))
	s.pending.Show()
	if s.health.Link == app.LinkUnconfigured {
		s.last.Hide()
		return
	}
	if s.health.LastSync == nil {
		s.last.SetText(s.loc.T("link.never_synced"))
	} else {
		s.last.SetText(s.loc.Tf("link.last_sync", map[string]any{"Time": s.formatTime(*s.health.LastSync)}))
	}
	s.last.Show()
}

// formatTime shows an instant in the hall's zone: the time of day when it is today there,
// the date and time otherwise.
func (s *LinkStatus) formatTime(t time.Time) string {
	t = t.In(s.zone)
	if app.HallDay(t, s.zone) == app.HallDay(s.now(), s.zone) {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}
