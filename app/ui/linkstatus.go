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
	bar     *widget.ProgressBar
	rate    *widget.Label
	syncBtn *widget.Button
	onSync  func()
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
		bar:     widget.NewProgressBar(),
		rate:    widget.NewLabel(""),
	}
	s.state.TextStyle.Bold = true
	s.syncBtn = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() {
		if s.onSync != nil {
			s.onSync()
		}
	})
	s.bar.Hide()
	s.rate.Hide()
	s.syncBtn.Hide()
	barBox := container.NewGridWrap(fyne.NewSize(160, s.bar.MinSize().Height), s.bar)
	s.box = container.NewHBox(s.icon, s.state, s.pending, barBox, s.rate, s.last, s.syncBtn)
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

// SetOnSyncNow shows a "sync now" button that calls fn (for staff screens; a kiosk has
// none). nil hides it.
func (s *LinkStatus) SetOnSyncNow(fn func()) {
	s.onSync = fn
	s.update()
}

// Progress returns the upload progress shown (0–1) and whether the bar is visible.
func (s *LinkStatus) Progress() (float64, bool) { return s.bar.Value, s.bar.Visible() }

// SyncNowButton is the "sync now" button (for tests).
func (s *LinkStatus) SyncNowButton() *widget.Button { return s.syncBtn }

// SetHubDown shows that the terminal cannot reach its hall hub at all, which hides
// whatever the hub said about its own link before.
func (s *LinkStatus) SetHubDown() {
	s.hubDown = true
	s.update()
}

// Text returns what the widget says, its parts joined by " · " (for tests and logs).
func (s *LinkStatus) Text() string {
	parts := []string{s.state.Text}
	for _, l := range []*widget.Label{s.pending, s.rate, s.last} {
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
	s.syncBtn.SetText(s.loc.T("link.sync_now"))
	s.bar.Hide()
	s.rate.Hide()
	if s.onSync != nil && s.health != nil && !s.hubDown && s.health.Link != app.LinkUnconfigured {
		s.syncBtn.Show()
	} else {
		s.syncBtn.Hide()
	}
	if !showCounts {
		s.pending.Hide()
		s.last.Hide()
		return
	}
	// A backlog draining: a progress bar and the rate, so staff see it move.
	if h := s.health; h.Link == app.LinkSyncing && h.DrainTotal > 0 && h.Pending > 0 {
		s.bar.SetValue(float64(h.DrainTotal-h.Pending) / float64(h.DrainTotal))
		s.bar.Show()
		if h.Rate > 0 {
			s.rate.SetText(s.loc.Tf("link.rate", map[string]any{"Rate": strconv.Itoa(int(h.Rate + 0.5))}))
			s.rate.Show()
		}
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
