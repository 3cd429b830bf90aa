package hub

import (
	"context"
	"strings"
	"unicode/utf8"

	"servicehall/app"
)

// FeedbackStore is what the hub needs of the hall store for ratings, requests and notices
// (app/sqlite implements it). Requests come back with their contact in clear; the hub
// masks them.
type FeedbackStore interface {
	CreateRating(ctx context.Context, r app.Rating) (app.Rating, error)
	Ratings(ctx context.Context, f app.RatingFilter) ([]app.Rating, error)
	CreateRequest(ctx context.Context, r app.Request) (app.Request, error)
	Request(ctx context.Context, trackingNo string) (app.Request, error)
	Requests(ctx context.Context, f app.RequestFilter) ([]app.Request, error)
	UpdateRequest(ctx context.Context, trackingNo string, fn func(*app.Request) error) (app.Request, error)
	SearchNotices(ctx context.Context, words []string, limit int) ([]app.Notice, error)
}

var (
	_ app.RatingService  = (*Hall)(nil)
	_ app.RequestService = (*Hall)(nil)
	_ app.NoticeService  = (*Hall)(nil)
)

func (h *Hall) feedbackStore() (FeedbackStore, error) {
	s, ok := h.store.(FeedbackStore)
	if !ok {
		return nil, app.Errorf(app.EINTERNAL, "this hub's store keeps no ratings or requests")
	}
	return s, nil
}

// terminalName is the name of the terminal behind a request (empty when the hub is
// called in process).
func terminalName(ctx context.Context) string {
	if t, ok := TerminalFrom(ctx); ok {
		return t.Name
	}
	return ""
}

// TicketRef returns the ticket ID in ref, which may be the ID itself or what a ticket's
// QR code carries (app.TicketQRPayload: SHT:{hall}:{number}:{id}), so a kiosk can pass a
// scan as it came.
func TicketRef(ref string) string {
	ref = strings.TrimSpace(ref)
	if rest, ok := strings.CutPrefix(ref, "SHT:"); ok {
		if i := strings.LastIndexByte(rest, ':'); i >= 0 {
			return rest[i+1:]
		}
	}
	return ref
}

// RateTicket rates the service a finished ticket received (ticketID may be the ticket's
// QR payload) and announces it.
func (h *Hall) RateTicket(ctx context.Context, ticketID string, s app.RatingSubmission) (app.Rating, error) {
	id := TicketRef(ticketID)
	if id == "" {
		return app.Rating{}, invalidField("ticket_id", app.ReasonRequired, "the ticket is required")
	}
	return h.rate(ctx, app.RatingOfTicket, id, s)
}

// RateApplication rates the handling of an application and announces it.
func (h *Hall) RateApplication(ctx context.Context, trackingNo string, s app.RatingSubmission) (app.Rating, error) {
	no := strings.ToUpper(strings.TrimSpace(trackingNo))
	if !app.ValidTrackingNo(no) {
		return app.Rating{}, app.Errorf(app.ENOTFOUND, "%q is not an application's tracking number", no)
	}
	return h.rate(ctx, app.RatingOfApplication, no, s)
}

func (h *Hall) rate(ctx context.Context, subject app.RatingSubject, ref string, s app.RatingSubmission) (app.Rating, error) {
	if err := s.Validate(); err != nil {
		return app.Rating{}, err
	}
	st, err := h.feedbackStore()
	if err != nil {
		return app.Rating{}, err
	}
	r := app.NewRating(subject, ref, s, h.clock())
	r.Terminal = terminalName(ctx)
	r, err = st.CreateRating(ctx, r)
	if err != nil {
		return app.Rating{}, err
	}
	c := r
	h.events.Publish(app.Event{Type: app.EventRatingCreated, Rating: &c})
	h.changed()
	return r, nil
}

// Ratings lists the hall's ratings, newest first.
func (h *Hall) Ratings(ctx context.Context, f app.RatingFilter) ([]app.Rating, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	st, err := h.feedbackStore()
	if err != nil {
		return nil, err
	}
	return st.Ratings(ctx, f)
}

// SubmitRequest validates and stores a request with the next request tracking number and
// announces it. Nothing is stored, and no number taken, on bad input.
func (h *Hall) SubmitRequest(ctx context.Context, s app.RequestSubmission) (app.Request, error) {
	s.ServiceID = strings.TrimSpace(s.ServiceID)
	if err := s.Validate(); err != nil {
		return app.Request{}, err
	}
	st, err := h.feedbackStore()
	if err != nil {
		return app.Request{}, err
	}
	r := app.NewRequest(s, h.clock())
	r.Terminal = terminalName(ctx)
	r, err = st.CreateRequest(ctx, r)
	if err != nil {
		return app.Request{}, err
	}
	h.announceRequest(app.EventRequestCreated, r)
	return r.Masked(), nil
}

func (h *Hall) announceRequest(kind string, r app.Request) {
	a := r.Announced()
	h.events.Publish(app.Event{Type: kind, Request: &a})
	h.changed()
}

// normalRequestNo upper-cases and trims a request tracking number; ENOTFOUND for what is
// not one.
func normalRequestNo(trackingNo string) (string, error) {
	no := strings.ToUpper(strings.TrimSpace(trackingNo))
	if !app.ValidRequestTrackingNo(no) {
		return "", app.Errorf(app.ENOTFOUND, "%q is not a request's tracking number", no)
	}
	return no, nil
}

// Request returns one request, masked.
func (h *Hall) Request(ctx context.Context, trackingNo string) (app.Request, error) {
	no, err := normalRequestNo(trackingNo)
	if err != nil {
		return app.Request{}, err
	}
	st, err := h.feedbackStore()
	if err != nil {
		return app.Request{}, err
	}
	r, err := st.Request(ctx, no)
	if err != nil {
		return app.Request{}, err
	}
	return r.Masked(), nil
}

// Requests lists the hall's requests, newest first, masked.
func (h *Hall) Requests(ctx context.Context, f app.RequestFilter) ([]app.Request, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	st, err := h.feedbackStore()
	if err != nil {
		return nil, err
	}
	list, err := st.Requests(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i] = list[i].Masked()
	}
	return list, nil
}

// AnswerRequest answers or closes a request and announces the change.
func (h *Hall) AnswerRequest(ctx context.Context, trackingNo string, a app.RequestAnswer) (app.Request, error) {
	no, err := normalRequestNo(trackingNo)
	if err != nil {
		return app.Request{}, err
	}
	st, err := h.feedbackStore()
	if err != nil {
		return app.Request{}, err
	}
	now := h.clock()
	r, err := st.UpdateRequest(ctx, no, func(r *app.Request) error { return r.ApplyAnswer(a, now) })
	if err != nil {
		return app.Request{}, err
	}
	h.announceRequest(app.EventRequestChanged, r)
	return r.Masked(), nil
}

// Notices lists the cached notices, newest first, those matching every word of q when q
// is not blank. It reads only the hub's cache: it works while the link is down.
func (h *Hall) Notices(ctx context.Context, q string) ([]app.Notice, error) {
	if utf8.RuneCountInString(q) > app.MaxNoticeQueryRunes {
		return nil, invalidField("q", app.ReasonTooLong, "a notice search has at most 100 characters")
	}
	st, err := h.feedbackStore()
	if err != nil {
		return nil, err
	}
	return st.SearchNotices(ctx, app.NoticeWords(q), app.DefaultNoticeLimit)
}
