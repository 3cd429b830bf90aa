package hub

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"servicehall/app"
	"servicehall/assets"
)

// CalendarFile is the working-day calendar deadlines count on, inside assets.Calendar.
const CalendarFile = "calendar/cn.json"

// ApplicationStore is what the hub needs of the hall store for the guide and applications
// (app/sqlite implements it). It returns personal data in clear; the hub masks it.
type ApplicationStore interface {
	ServiceDetails(ctx context.Context) ([]app.ServiceDetail, error)
	CreateApplication(ctx context.Context, a app.Application) (app.Application, error)
	Application(ctx context.Context, trackingNo string) (app.Application, error)
	Applications(ctx context.Context, f app.ApplicationFilter) ([]app.Application, error)
	UpdateApplication(ctx context.Context, trackingNo string, fn func(*app.Application) error) (app.Application, error)
}

var (
	_ app.GuideService       = (*Hall)(nil)
	_ app.ApplicationService = (*Hall)(nil)
)

// guideCache holds what the hub builds once from the catalogue: the guide entries by ID,
// the search index and the calendar.
type guideCache struct {
	mu     sync.Mutex
	loaded bool
	index  *app.SearchIndex
	byID   map[string]*app.ServiceDetail
	cal    *app.Calendar
	now    func() time.Time
}

// SetClock replaces the hub's clock for applications (tests cross days with it).
func (h *Hall) SetClock(now func() time.Time) {
	h.guide.mu.Lock()
	h.guide.now = now
	h.guide.mu.Unlock()
}

// SetCalendar replaces the working-day calendar (the bundled one by default).
func (h *Hall) SetCalendar(cal *app.Calendar) {
	h.guide.mu.Lock()
	h.guide.cal = cal
	h.guide.mu.Unlock()
}

func (h *Hall) clock() time.Time {
	h.guide.mu.Lock()
	now := h.guide.now
	h.guide.mu.Unlock()
	if now == nil {
		return time.Now()
	}
	return now()
}

func (h *Hall) appStore() (ApplicationStore, error) {
	s, ok := h.store.(ApplicationStore)
	if !ok {
		return nil, app.Errorf(app.EINTERNAL, "this hub's store keeps no applications")
	}
	return s, nil
}

// loadGuide builds the guide cache once: the catalogue is loaded when the hall is set up
// and does not change while the hub runs.
func (h *Hall) loadGuide(ctx context.Context) (*guideCache, error) {
	g := &h.guide
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.loaded {
		return g, nil
	}
	st, err := h.appStore()
	if err != nil {
		return nil, err
	}
	details, err := st.ServiceDetails(ctx)
	if err != nil {
		return nil, err
	}
	if g.cal == nil {
		data, err := assets.Calendar.ReadFile(CalendarFile)
		if err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
		if g.cal, err = app.ParseCalendar(data); err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
	}
	g.byID = make(map[string]*app.ServiceDetail, len(details))
	for i := range details {
		g.byID[details[i].ID] = &details[i]
	}
	g.index = app.NewSearchIndex(details)
	g.loaded = true
	return g, nil
}

// ReloadGuide drops the cached catalogue, so the next call rebuilds it from the store.
func (h *Hall) ReloadGuide() {
	h.guide.mu.Lock()
	h.guide.loaded = false
	h.guide.mu.Unlock()
}

// SearchServices finds services, best first; an empty q lists the catalogue.
func (h *Hall) SearchServices(ctx context.Context, q string) ([]app.Service, error) {
	g, err := h.loadGuide(ctx)
	if err != nil {
		return nil, err
	}
	return g.index.Search(q), nil
}

// Service returns a service's whole guide entry. ENOTFOUND.
func (h *Hall) Service(ctx context.Context, id string) (app.ServiceDetail, error) {
	g, err := h.loadGuide(ctx)
	if err != nil {
		return app.ServiceDetail{}, err
	}
	d, ok := g.byID[id]
	if !ok {
		return app.ServiceDetail{}, app.Errorf(app.ENOTFOUND, "no service %s", id)
	}
	out := *d
	return out, nil
}

// hallLocation returns the hall's time zone.
func (h *Hall) hallLocation(ctx context.Context) (*time.Location, error) {
	hall, err := h.store.Hall(ctx)
	if err != nil {
		return nil, err
	}
	return hall.Location(), nil
}

// present masks a and fills in its deadline for the hall's today.
func (h *Hall) present(g *guideCache, a app.Application, today time.Time) app.Application {
	var form app.Form
	if d, ok := g.byID[a.ServiceID]; ok {
		form = d.Form
	}
	m := a.Masked(form)
	m.Deadline, m.DaysLeft = app.DeadlineOf(g.cal, m.Status, m.PromisedDate, today)
	return m
}

func (h *Hall) announce(a app.Application) {
	c := a
	h.events.Publish(app.Event{Type: app.EventApplicationChanged, Application: &c})
	h.changed()
}

// SubmitApplication validates a pre-application the same way the terminals do and stores
// it with the next tracking number. Nothing is stored, and no number taken, on bad input.
func (h *Hall) SubmitApplication(ctx context.Context, req app.ApplicationRequest) (app.Application, error) {
	req.ServiceID = strings.TrimSpace(req.ServiceID)
	if req.ServiceID == "" {
		return app.Application{}, invalidField("service_id", app.ReasonRequired, "service_id is required")
	}
	g, err := h.loadGuide(ctx)
	if err != nil {
		return app.Application{}, err
	}
	svc, ok := g.byID[req.ServiceID]
	if !ok {
		return app.Application{}, app.Errorf(app.ENOTFOUND, "no service %s", req.ServiceID).WithField("service_id")
	}
	if req.Window < 0 {
		return app.Application{}, invalidField("window", app.ReasonNumber, "window must not be negative")
	}
	loc, err := h.hallLocation(ctx)
	if err != nil {
		return app.Application{}, err
	}
	now := h.clock()
	warnings, err := app.ValidateApplication(svc.Form, &req, now.In(loc))
	if err != nil {
		return app.Application{}, err
	}
	st, err := h.appStore()
	if err != nil {
		return app.Application{}, err
	}
	a, err := st.CreateApplication(ctx, app.NewApplication(svc, req, now))
	if err != nil {
		return app.Application{}, err
	}
	out := h.present(g, a, now.In(loc))
	h.announce(out)
	out.Warnings = warnings
	return out, nil
}

func invalidField(field, reason, msg string) *app.Error {
	return &app.Error{Code: app.EINVALID, Message: msg, Field: field,
		Fields: []app.FieldError{{Field: field, Reason: reason, Message: msg}}}
}

// Application returns one application, masked, with its timeline and deadline.
func (h *Hall) Application(ctx context.Context, trackingNo string) (app.Application, error) {
	trackingNo = strings.ToUpper(strings.TrimSpace(trackingNo))
	if !app.ValidTrackingNo(trackingNo) {
		return app.Application{}, app.Errorf(app.ENOTFOUND, "%q is not a tracking number", trackingNo)
	}
	g, err := h.loadGuide(ctx)
	if err != nil {
		return app.Application{}, err
	}
	st, err := h.appStore()
	if err != nil {
		return app.Application{}, err
	}
	a, err := st.Application(ctx, trackingNo)
	if err != nil {
		return app.Application{}, err
	}
	loc, err := h.hallLocation(ctx)
	if err != nil {
		return app.Application{}, err
	}
	return h.present(g, a, h.clock().In(loc)), nil
}

// Applications lists the hall's applications, newest first, masked, with deadline states.
func (h *Hall) Applications(ctx context.Context, f app.ApplicationFilter) ([]app.Application, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, invalidField("status", app.ReasonChoice, fmt.Sprintf("unknown status %q", f.Status))
	}
	switch f.Deadline {
	case app.DeadlineNone, app.DeadlineOnTime, app.DeadlineDueSoon, app.DeadlineOverdue:
	default:
		return nil, invalidField("deadline", app.ReasonChoice, fmt.Sprintf("unknown deadline state %q", f.Deadline))
	}
	if f.Overdue {
		if f.Deadline != "" && f.Deadline != app.DeadlineOverdue {
			return nil, invalidField("deadline", app.ReasonChoice, "overdue and another deadline state exclude each other")
		}
		f.Deadline = app.DeadlineOverdue
	}
	if f.Limit < 0 {
		return nil, invalidField("limit", app.ReasonNumber, "limit must not be negative")
	}
	limit := f.Limit
	if limit == 0 {
		limit = app.DefaultApplicationLimit
	}
	g, err := h.loadGuide(ctx)
	if err != nil {
		return nil, err
	}
	st, err := h.appStore()
	if err != nil {
		return nil, err
	}
	list, err := st.Applications(ctx, f)
	if err != nil {
		return nil, err
	}
	loc, err := h.hallLocation(ctx)
	if err != nil {
		return nil, err
	}
	today := h.clock().In(loc)
	out := make([]app.Application, 0, len(list))
	for _, a := range list {
		p := h.present(g, a, today)
		if f.Deadline != "" && p.Deadline != f.Deadline {
			continue
		}
		out = append(out, p)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// AcceptApplication accepts a submitted application with the materials received, or
// records a one-time notice of the missing ones (see app.AcceptResult).
func (h *Hall) AcceptApplication(ctx context.Context, trackingNo string, req app.AcceptRequest) (app.AcceptResult, error) {
	g, err := h.loadGuide(ctx)
	if err != nil {
		return app.AcceptResult{}, err
	}
	loc, err := h.hallLocation(ctx)
	if err != nil {
		return app.AcceptResult{}, err
	}
	st, err := h.appStore()
	if err != nil {
		return app.AcceptResult{}, err
	}
	now := h.clock()
	var missing []app.Material
	a, err := st.UpdateApplication(ctx, strings.ToUpper(strings.TrimSpace(trackingNo)), func(a *app.Application) error {
		svc, ok := g.byID[a.ServiceID]
		if !ok {
			return app.Errorf(app.ENOTFOUND, "no service %s", a.ServiceID)
		}
		var err error
		missing, err = a.Accept(svc, req, g.cal, now, loc)
		return err
	})
	if err != nil {
		return app.AcceptResult{}, err
	}
	out := h.present(g, a, now.In(loc))
	h.announce(out)
	return app.AcceptResult{Application: out, Missing: missing}, nil
}

// AdvanceApplication moves an application forward along the machine.
func (h *Hall) AdvanceApplication(ctx context.Context, trackingNo string, req app.AdvanceRequest) (app.Application, error) {
	return h.update(ctx, trackingNo, func(a *app.Application, now time.Time) error { return a.Advance(req, now) })
}

// WithdrawApplication withdraws an application (撤回) with the applicant's reason.
func (h *Hall) WithdrawApplication(ctx context.Context, trackingNo string, reason string) (app.Application, error) {
	return h.update(ctx, trackingNo, func(a *app.Application, now time.Time) error {
		return a.Advance(app.AdvanceRequest{To: app.StatusWithdrawn, Note: reason}, now)
	})
}

func (h *Hall) update(ctx context.Context, trackingNo string, fn func(*app.Application, time.Time) error) (app.Application, error) {
	g, err := h.loadGuide(ctx)
	if err != nil {
		return app.Application{}, err
	}
	loc, err := h.hallLocation(ctx)
	if err != nil {
		return app.Application{}, err
	}
	st, err := h.appStore()
	if err != nil {
		return app.Application{}, err
	}
	now := h.clock()
	a, err := st.UpdateApplication(ctx, strings.ToUpper(strings.TrimSpace(trackingNo)), func(a *app.Application) error { return fn(a, now) })
	if err != nil {
		return app.Application{}, err
	}
	out := h.present(g, a, now.In(loc))
	h.announce(out)
	return out, nil
}
