package hub

import (
	"context"

	"servicehall/app"
)

// QueueStore is what the hub needs of the hall store for the queue's actions, rules,
// bookings and figures beyond Store (app/sqlite implements it). A store without it answers
// EINTERNAL to those routes.
type QueueStore interface {
	CallTicket(ctx context.Context, window int, ref string) (called app.Ticket, finished *app.Ticket, err error)
	Recall(ctx context.Context, id string) (app.Ticket, error)
	NoShow(ctx context.Context, id string) (app.Ticket, error)
	Transfer(ctx context.Context, id string, req app.TransferRequest) (app.Ticket, error)
	ReturnToQueue(ctx context.Context, id string) (app.Ticket, error)
	Hold(ctx context.Context, id string) (app.Ticket, error)
	Resume(ctx context.Context, id string) (app.Ticket, error)
	SetPriority(ctx context.Context, id string, p app.Priority) (app.Ticket, error)
	PauseWindow(ctx context.Context, n int, paused bool) (app.Window, error)
	FinishWith(ctx context.Context, id string, outcome app.Outcome) (app.Ticket, error)
	QueueStatus(ctx context.Context) ([]app.QueueStatus, error)
	RecentCalls(ctx context.Context, limit int) ([]app.Ticket, error)
	StatsToday(ctx context.Context) (app.DayStats, error)
	Rules(ctx context.Context) (app.HallRules, error)
	SetRules(ctx context.Context, r app.HallRules) (app.HallRules, error)
	AddBooking(ctx context.Context, req app.BookingRequest) (app.Booking, error)
	CheckIn(ctx context.Context, req app.CheckInRequest) (app.Ticket, error)
	PrintFailed(ctx context.Context, id, reason string) error
}

var _ app.QueueService = (*Hall)(nil)

func (h *Hall) queue() (QueueStore, error) {
	if q, ok := h.store.(QueueStore); ok {
		return q, nil
	}
	return nil, app.Errorf(app.EINTERNAL, "this hall store has no queue actions")
}

// ticketAction runs one single-ticket action and announces its result as kind.
func (h *Hall) ticketAction(kind string, fn func(q QueueStore) (app.Ticket, error)) (app.Ticket, error) {
	q, err := h.queue()
	if err != nil {
		return app.Ticket{}, err
	}
	t, err := fn(q)
	if err != nil {
		return t, err
	}
	h.publishTicket(kind, &t)
	h.changed()
	return t, nil
}

// CallTicket calls one ticket out of order and announces the window's finished ticket
// (if any) and the call.
func (h *Hall) CallTicket(ctx context.Context, window int, req app.CallRequest) (app.Ticket, error) {
	q, err := h.queue()
	if err != nil {
		return app.Ticket{}, err
	}
	called, finished, err := q.CallTicket(ctx, window, req.Ticket)
	if err != nil {
		return called, err
	}
	if finished != nil {
		h.publishTicket(app.EventTicketFinished, finished)
	}
	h.publishTicket(app.EventTicketCalled, &called)
	h.changed()
	return called, nil
}

// Recall calls a ticket again and announces it (the board speaks it again).
func (h *Hall) Recall(ctx context.Context, id string) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketRecalled, func(q QueueStore) (app.Ticket, error) { return q.Recall(ctx, id) })
}

// NoShow marks a ticket a no-show and announces it.
func (h *Hall) NoShow(ctx context.Context, id string) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketNoShow, func(q QueueStore) (app.Ticket, error) { return q.NoShow(ctx, id) })
}

// Transfer moves a ticket to another queue or window and announces it.
func (h *Hall) Transfer(ctx context.Context, id string, req app.TransferRequest) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketTransferred, func(q QueueStore) (app.Ticket, error) { return q.Transfer(ctx, id, req) })
}

// ReturnToQueue puts a ticket back to waiting and announces it.
func (h *Hall) ReturnToQueue(ctx context.Context, id string) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketReturned, func(q QueueStore) (app.Ticket, error) { return q.ReturnToQueue(ctx, id) })
}

// Hold parks a ticket at its window and announces it.
func (h *Hall) Hold(ctx context.Context, id string) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketHeld, func(q QueueStore) (app.Ticket, error) { return q.Hold(ctx, id) })
}

// Resume makes a held ticket current again and announces it.
func (h *Hall) Resume(ctx context.Context, id string) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketResumed, func(q QueueStore) (app.Ticket, error) { return q.Resume(ctx, id) })
}

// SetPriority confirms or withdraws a ticket's green channel and announces it.
func (h *Hall) SetPriority(ctx context.Context, id string, p app.Priority) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketPriority, func(q QueueStore) (app.Ticket, error) { return q.SetPriority(ctx, id, p) })
}

// FinishWith finishes a ticket with an outcome and announces it.
func (h *Hall) FinishWith(ctx context.Context, id string, outcome app.Outcome) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketFinished, func(q QueueStore) (app.Ticket, error) { return q.FinishWith(ctx, id, outcome) })
}

// PauseWindow pauses or reopens a window and announces it.
func (h *Hall) PauseWindow(ctx context.Context, window int, paused bool) (app.Window, error) {
	q, err := h.queue()
	if err != nil {
		return app.Window{}, err
	}
	w, err := q.PauseWindow(ctx, window, paused)
	if err != nil {
		return w, err
	}
	kind := app.EventWindowReopened
	if paused {
		kind = app.EventWindowPaused
	}
	c := w
	h.events.Publish(app.Event{Type: kind, Window: &c})
	return w, nil
}

// QueueStatus lists every queue's waiting count and estimated wait.
func (h *Hall) QueueStatus(ctx context.Context) ([]app.QueueStatus, error) {
	q, err := h.queue()
	if err != nil {
		return nil, err
	}
	return q.QueueStatus(ctx)
}

// RecentCalls lists today's latest calls, newest first.
func (h *Hall) RecentCalls(ctx context.Context, limit int) ([]app.Ticket, error) {
	q, err := h.queue()
	if err != nil {
		return nil, err
	}
	return q.RecentCalls(ctx, limit)
}

// StatsToday returns today's figures.
func (h *Hall) StatsToday(ctx context.Context) (app.DayStats, error) {
	q, err := h.queue()
	if err != nil {
		return app.DayStats{}, err
	}
	return q.StatsToday(ctx)
}

// Rules returns the hall's rules.
func (h *Hall) Rules(ctx context.Context) (app.HallRules, error) {
	q, err := h.queue()
	if err != nil {
		return app.HallRules{}, err
	}
	return q.Rules(ctx)
}

// SetRules replaces the hall's rules and announces the change.
func (h *Hall) SetRules(ctx context.Context, r app.HallRules) (app.HallRules, error) {
	q, err := h.queue()
	if err != nil {
		return r, err
	}
	out, err := q.SetRules(ctx, r)
	if err != nil {
		return out, err
	}
	h.events.Publish(app.Event{Type: app.EventRulesChanged})
	return out, nil
}

// AddBooking creates a booking.
func (h *Hall) AddBooking(ctx context.Context, req app.BookingRequest) (app.Booking, error) {
	q, err := h.queue()
	if err != nil {
		return app.Booking{}, err
	}
	return q.AddBooking(ctx, req)
}

// CheckIn issues a booking's ticket and announces it.
func (h *Hall) CheckIn(ctx context.Context, req app.CheckInRequest) (app.Ticket, error) {
	return h.ticketAction(app.EventTicketIssued, func(q QueueStore) (app.Ticket, error) { return q.CheckIn(ctx, req) })
}

// PrintFailed records a kiosk's failed print and announces it, so staff see it.
func (h *Hall) PrintFailed(ctx context.Context, id, reason string) error {
	q, err := h.queue()
	if err != nil {
		return err
	}
	if err := q.PrintFailed(ctx, id, reason); err != nil {
		return err
	}
	h.events.Publish(app.Event{Type: app.EventPrintFailed, Ticket: &app.Ticket{ID: id}})
	return nil
}
