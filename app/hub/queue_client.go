package hub

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"servicehall/app"
)

var _ app.QueueService = (*Client)(nil)

func (c *Client) ticketPost(ctx context.Context, id, action string, body any) (app.Ticket, error) {
	var t app.Ticket
	_, err := c.do(ctx, http.MethodPost, "/tickets/"+url.PathEscape(id)+"/"+action, body, &t, http.StatusOK)
	return t, err
}

// CallTicket calls one ticket (ID or number) to window n.
func (c *Client) CallTicket(ctx context.Context, n int, req app.CallRequest) (app.Ticket, error) {
	var t app.Ticket
	_, err := c.do(ctx, http.MethodPost, "/windows/"+strconv.Itoa(n)+"/call-ticket", req, &t, http.StatusOK)
	return t, err
}

// Recall calls a ticket again.
func (c *Client) Recall(ctx context.Context, id string) (app.Ticket, error) {
	return c.ticketPost(ctx, id, "recall", nil)
}

// NoShow marks a ticket a no-show.
func (c *Client) NoShow(ctx context.Context, id string) (app.Ticket, error) {
	return c.ticketPost(ctx, id, "no-show", nil)
}

// Transfer moves a ticket to another queue or window.
func (c *Client) Transfer(ctx context.Context, id string, req app.TransferRequest) (app.Ticket, error) {
	return c.ticketPost(ctx, id, "transfer", req)
}

// ReturnToQueue puts a ticket back to waiting.
func (c *Client) ReturnToQueue(ctx context.Context, id string) (app.Ticket, error) {
	return c.ticketPost(ctx, id, "return", nil)
}

// Hold parks a ticket at its window.
func (c *Client) Hold(ctx context.Context, id string) (app.Ticket, error) {
	return c.ticketPost(ctx, id, "hold", nil)
}

// Resume makes a held ticket current again.
func (c *Client) Resume(ctx context.Context, id string) (app.Ticket, error) {
	return c.ticketPost(ctx, id, "resume", nil)
}

// SetPriority confirms or withdraws a ticket's green channel.
func (c *Client) SetPriority(ctx context.Context, id string, p app.Priority) (app.Ticket, error) {
	return c.ticketPost(ctx, id, "priority", app.PriorityRequest{Priority: p})
}

// FinishWith finishes a ticket with an outcome.
func (c *Client) FinishWith(ctx context.Context, id string, o app.Outcome) (app.Ticket, error) {
	return c.ticketPost(ctx, id, "outcome", app.FinishRequest{Outcome: o})
}

// PauseWindow pauses or reopens window n.
func (c *Client) PauseWindow(ctx context.Context, n int, paused bool) (app.Window, error) {
	var w app.Window
	_, err := c.do(ctx, http.MethodPost, "/windows/"+strconv.Itoa(n)+"/pause", app.PauseRequest{Paused: paused}, &w, http.StatusOK)
	return w, err
}

// QueueStatus lists every queue's waiting count and estimated wait.
func (c *Client) QueueStatus(ctx context.Context) ([]app.QueueStatus, error) {
	var list []app.QueueStatus
	_, err := c.do(ctx, http.MethodGet, "/queues/status", nil, &list, http.StatusOK)
	return list, err
}

// RecentCalls lists today's latest calls, newest first.
func (c *Client) RecentCalls(ctx context.Context, limit int) ([]app.Ticket, error) {
	var list []app.Ticket
	_, err := c.do(ctx, http.MethodGet, "/calls/recent?limit="+strconv.Itoa(limit), nil, &list, http.StatusOK)
	return list, err
}

// StatsToday returns today's figures.
func (c *Client) StatsToday(ctx context.Context) (app.DayStats, error) {
	var st app.DayStats
	_, err := c.do(ctx, http.MethodGet, "/stats/today", nil, &st, http.StatusOK)
	return st, err
}

// Rules returns the hall's rules.
func (c *Client) Rules(ctx context.Context) (app.HallRules, error) {
	var r app.HallRules
	_, err := c.do(ctx, http.MethodGet, "/rules", nil, &r, http.StatusOK)
	return r, err
}

// SetRules replaces the hall's rules (admin terminals only).
func (c *Client) SetRules(ctx context.Context, r app.HallRules) (app.HallRules, error) {
	var out app.HallRules
	_, err := c.do(ctx, http.MethodPut, "/rules", r, &out, http.StatusOK)
	return out, err
}

// AddBooking creates a booking (admin terminals only).
func (c *Client) AddBooking(ctx context.Context, req app.BookingRequest) (app.Booking, error) {
	var b app.Booking
	_, err := c.do(ctx, http.MethodPost, "/bookings", req, &b, http.StatusCreated)
	return b, err
}

// CheckIn issues the ticket of today's booking.
func (c *Client) CheckIn(ctx context.Context, req app.CheckInRequest) (app.Ticket, error) {
	var t app.Ticket
	_, err := c.do(ctx, http.MethodPost, "/bookings/check-in", req, &t, http.StatusCreated)
	return t, err
}

// PrintFailed tells the hub that a ticket's slip did not print.
func (c *Client) PrintFailed(ctx context.Context, id, reason string) error {
	_, err := c.do(ctx, http.MethodPost, "/tickets/"+url.PathEscape(id)+"/print-failed", app.PrintFailure{Reason: reason}, nil, http.StatusNoContent)
	return err
}
