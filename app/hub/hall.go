// Package hub is the hall LAN API: the hub's core (Hall), its HTTP server with live events
// over Server-Sent Events, and Client, a resty client that implements app.HallService
// again over HTTP. The GUI uses Client in both modes, embedded or remote: one code path.
package hub

import (
	"context"
	"sync"

	"servicehall/app"
)

// Store is what the hub needs of the hall store (app/sqlite implements it).
type Store interface {
	Hall(ctx context.Context) (app.Hall, error)
	Services(ctx context.Context) ([]app.Service, error)
	IssueTicket(ctx context.Context, req app.IssueRequest) (app.Ticket, error)
	CallNext(ctx context.Context, window int) (called, finished *app.Ticket, err error)
	FinishTicket(ctx context.Context, id string) (app.Ticket, error)
	TerminalByToken(ctx context.Context, token string) (app.Terminal, error)
	OutboxCount(ctx context.Context) (int, error)
}

// SyncWorker is what the hub needs of the sync worker (sync/syncer implements it).
type SyncWorker interface {
	Status() app.SyncStatus
	// Notify asks for an immediate try after a local change.
	Notify()
}

// Hall is the hub's core: it implements app.HallService over the store, tells the sync
// worker about every change and publishes every change on the live event stream.
type Hall struct {
	store  Store
	events *Broker

	mu   sync.RWMutex
	sync SyncWorker
	code string

	guide guideCache // the catalogue's guide entries, search index and calendar
}

var _ app.HallService = (*Hall)(nil)

// NewHall wires a store to a fresh event broker. The sync worker is optional (SetSync).
func NewHall(store Store) *Hall {
	return &Hall{store: store, events: NewBroker(DefaultEventBacklog)}
}

// SetSync attaches the sync worker; without one the link is "unconfigured".
func (h *Hall) SetSync(s SyncWorker) {
	h.mu.Lock()
	h.sync = s
	h.mu.Unlock()
}

// Events returns the hall's event broker.
func (h *Hall) Events() *Broker { return h.events }

// Store returns the hall store.
func (h *Hall) Store() Store { return h.store }

func (h *Hall) worker() SyncWorker {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.sync
}

func (h *Hall) changed() {
	if s := h.worker(); s != nil {
		s.Notify()
	}
}

// Health reports the hall, its link and the records still waiting for central.
func (h *Hall) Health(ctx context.Context) (app.Health, error) {
	hall, err := h.store.Hall(ctx)
	if err != nil {
		return app.Health{}, err
	}
	out := app.Health{Hall: hall.Code, HallName: hall.Name, Link: app.LinkUnconfigured}
	if out.Pending, err = h.store.OutboxCount(ctx); err != nil {
		return app.Health{}, err
	}
	if s := h.worker(); s != nil {
		st := s.Status()
		out.Link, out.LastSync, out.LastError = st.Link, st.LastSync, st.LastError
		out.Rate, out.DrainTotal, out.ClockSkewMS = st.Rate, st.DrainTotal, st.ClockSkew.Milliseconds()
	}
	return out, nil
}

// SyncChanged publishes the link state on the event stream; the sync worker calls it.
func (h *Hall) SyncChanged(app.SyncStatus) {
	hl, err := h.Health(context.Background())
	if err != nil {
		return
	}
	h.events.Publish(app.Event{Type: app.EventSyncStatus, Health: &hl})
}

// Services lists the catalogue.
func (h *Hall) Services(ctx context.Context) ([]app.Service, error) { return h.store.Services(ctx) }

// IssueTicket takes a queue number and announces it.
func (h *Hall) IssueTicket(ctx context.Context, req app.IssueRequest) (app.Ticket, error) {
	t, err := h.store.IssueTicket(ctx, req)
	if err != nil {
		return t, err
	}
	h.publishTicket(app.EventTicketIssued, &t)
	h.changed()
	return t, nil
}

// CallNext calls the next ticket to a window and announces the window's finished ticket
// (if any) and the call.
func (h *Hall) CallNext(ctx context.Context, window int) (*app.Ticket, error) {
	called, finished, err := h.store.CallNext(ctx, window)
	if err != nil {
		return nil, err
	}
	if finished != nil {
		h.publishTicket(app.EventTicketFinished, finished)
	}
	if called != nil {
		h.publishTicket(app.EventTicketCalled, called)
	}
	if called != nil || finished != nil {
		h.changed()
	}
	return called, nil
}

// FinishTicket marks a ticket done and announces it.
func (h *Hall) FinishTicket(ctx context.Context, id string) (app.Ticket, error) {
	t, err := h.store.FinishTicket(ctx, id)
	if err != nil {
		return t, err
	}
	h.publishTicket(app.EventTicketFinished, &t)
	h.changed()
	return t, nil
}

// Subscribe streams events from now on.
func (h *Hall) Subscribe(ctx context.Context) (<-chan app.Event, error) {
	return h.events.Subscribe(ctx, -1), nil
}

func (h *Hall) publishTicket(kind string, t *app.Ticket) {
	c := *t
	h.events.Publish(app.Event{Type: kind, Ticket: &c})
}
