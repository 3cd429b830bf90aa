package ui

import (
	"context"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
)

// Admin is the hall administrator's sync screen: the link (with the drain's progress and a
// "sync now" button), the records central refused for good with its reasons, and the
// conflicts kept for staff. It refreshes on every sync.status event; it never polls.
type Admin struct {
	svc   app.HallService
	admin app.SyncAdmin
	loc   *Localizer

	link      *LinkStatus
	summary   *widget.Label
	conflicts *widget.Label
	status    *widget.Label
	list      *widget.List
	content   fyne.CanvasObject

	mu   sync.Mutex
	dead []app.DeadLetter
	ctx  context.Context

	loadErr bool // the status line shows a failed load (cleared by the next good one)
}

// NewAdmin builds the screen; Start loads it and follows the hall's events.
func NewAdmin(_ fyne.App, svc app.HallService, admin app.SyncAdmin, loc *Localizer) *Admin {
	s := &Admin{svc: svc, admin: admin, loc: loc, ctx: context.Background()}
	s.link = NewLinkStatus(loc)
	s.link.SetOnSyncNow(s.SyncNow)
	title := widget.NewLabelWithStyle(loc.T("admin.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.summary = widget.NewLabel(loc.T("admin.loading"))
	s.conflicts = widget.NewLabel("")
	s.status = widget.NewLabel("")
	s.list = widget.NewList(
		func() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.dead) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())), widget.NewLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s.mu.Lock()
			d := s.dead[i]
			s.mu.Unlock()
			o.(*fyne.Container).Objects[1].(*widget.Label).SetText(s.deadText(d))
		})
	head := container.NewVBox(title, s.link, widget.NewSeparator(), s.summary, s.conflicts)
	s.content = container.NewBorder(head, s.status, nil, nil, s.list)
	return s
}

// Content is the screen's root object.
func (s *Admin) Content() fyne.CanvasObject { return s.content }

// Start loads the view and follows the live stream in the background.
func (s *Admin) Start(ctx context.Context) {
	s.ctx = ctx
	go s.reload()
	go Follow(ctx, s.svc, func() { s.reload() }, func(err error) {
		fyne.Do(func() { s.link.SetHubDown(); s.status.SetText(s.loc.ErrorText(err)) })
	}, func(e app.Event) {
		if e.Type == app.EventSyncStatus && e.Health != nil {
			h := *e.Health
			fyne.Do(func() { s.link.Set(h) })
			if h.Link != app.LinkSyncing {
				s.reload()
			}
		}
	})
}

// reload fetches the sync view (off the UI goroutine) and shows it.
func (s *Admin) reload() {
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	v, err := s.admin.SyncView(ctx)
	fyne.Do(func() {
		if err != nil {
			s.status.SetText(s.loc.ErrorText(err))
			s.loadErr = true
			return
		}
		if s.loadErr { // an action's result (sync requested…) stays
			s.status.SetText("")
			s.loadErr = false
		}
		s.link.Set(v.Health)
		s.mu.Lock()
		s.dead = v.DeadLetters
		s.mu.Unlock()
		if len(v.DeadLetters) == 0 {
			s.summary.SetText(s.loc.T("admin.no_dead_letters"))
		} else {
			s.summary.SetText(s.loc.Tf("admin.dead_letters", map[string]any{"Count": strconv.Itoa(len(v.DeadLetters))}))
		}
		if v.Conflicts > 0 {
			s.conflicts.SetText(s.loc.Tf("admin.conflicts", map[string]any{"Count": strconv.Itoa(v.Conflicts)}))
			s.conflicts.Show()
		} else {
			s.conflicts.Hide()
		}
		s.list.Refresh()
	})
}

// SyncNow asks the hub to sync at once and says so in the status line.
func (s *Admin) SyncNow() {
	go func() {
		ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
		defer cancel()
		err := s.admin.SyncNow(ctx)
		fyne.Do(func() {
			s.loadErr = false
			if err != nil {
				s.status.SetText(s.loc.ErrorText(err))
			} else {
				s.status.SetText(s.loc.T("admin.sync_requested"))
			}
		})
	}()
}

func (s *Admin) deadText(d app.DeadLetter) string {
	id := d.RecordID
	if len(id) > 8 {
		id = id[len(id)-8:]
	}
	return s.loc.Tf("admin.dead_letter", map[string]any{
		"Kind": s.loc.T("admin.kind." + kindKey(d.Kind)), "ID": id, "Version": strconv.Itoa(d.Version),
		"Reason": d.Reason, "Time": d.FailedAt.In(app.LoadLocation("")).Format("01-02 15:04"),
	})
}

func kindKey(k string) string {
	switch k {
	case app.KindTicket, "application":
		return k
	}
	return "record"
}

// SummaryText, ConflictText, StatusText and DeadTexts read the screen (for tests).
func (s *Admin) SummaryText() string  { return s.summary.Text }
func (s *Admin) ConflictText() string { return s.conflicts.Text }
func (s *Admin) StatusText() string   { return s.status.Text }
func (s *Admin) Link() *LinkStatus    { return s.link }

// DeadTexts returns each dead letter's line as shown.
func (s *Admin) DeadTexts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.dead))
	for i, d := range s.dead {
		out[i] = s.deadText(d)
	}
	return out
}
