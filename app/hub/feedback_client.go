package hub

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"servicehall/app"
)

var (
	_ app.RatingService  = (*Client)(nil)
	_ app.RequestService = (*Client)(nil)
	_ app.NoticeService  = (*Client)(nil)
)

// RateTicket rates a finished ticket (ticketID may be the ticket's QR payload). A
// refusal is an *app.Error: EINVALID with Field and Fields, ENOTFOUND, or ECONFLICT when
// the ticket is not finished or already rated.
func (c *Client) RateTicket(ctx context.Context, ticketID string, s app.RatingSubmission) (app.Rating, error) {
	var out app.Rating
	_, err := c.do(ctx, http.MethodPost, "/ratings/tickets/"+url.PathEscape(TicketRef(ticketID)), s, &out, http.StatusCreated)
	return out, err
}

// RateApplication rates an application's handling (ECONFLICT when already rated).
func (c *Client) RateApplication(ctx context.Context, trackingNo string, s app.RatingSubmission) (app.Rating, error) {
	var out app.Rating
	_, err := c.do(ctx, http.MethodPost, "/ratings/applications/"+url.PathEscape(trackingNo), s, &out, http.StatusCreated)
	return out, err
}

// Ratings lists the hall's ratings (counter or admin token).
func (c *Client) Ratings(ctx context.Context, f app.RatingFilter) ([]app.Rating, error) {
	q := url.Values{}
	if f.FollowUp {
		q.Set("follow_up", "true")
	}
	if f.Window != 0 {
		q.Set("window", strconv.Itoa(f.Window))
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var out []app.Rating
	_, err := c.do(ctx, http.MethodGet, withQuery("/ratings", q), nil, &out, http.StatusOK)
	return out, err
}

// SubmitRequest registers a request. A refusal is an *app.Error with code EINVALID,
// Field the first bad field and Fields every one.
func (c *Client) SubmitRequest(ctx context.Context, s app.RequestSubmission) (app.Request, error) {
	var out app.Request
	_, err := c.do(ctx, http.MethodPost, "/requests", s, &out, http.StatusCreated)
	return out, err
}

// Request reads a request by tracking number, masked.
func (c *Client) Request(ctx context.Context, trackingNo string) (app.Request, error) {
	var out app.Request
	_, err := c.do(ctx, http.MethodGet, "/requests/"+url.PathEscape(trackingNo), nil, &out, http.StatusOK)
	return out, err
}

// Requests lists the hall's requests (counter or admin token).
func (c *Client) Requests(ctx context.Context, f app.RequestFilter) ([]app.Request, error) {
	q := url.Values{}
	if f.Kind != "" {
		q.Set("kind", string(f.Kind))
	}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var out []app.Request
	_, err := c.do(ctx, http.MethodGet, withQuery("/requests", q), nil, &out, http.StatusOK)
	return out, err
}

// AnswerRequest answers or closes a request (counter or admin token).
func (c *Client) AnswerRequest(ctx context.Context, trackingNo string, a app.RequestAnswer) (app.Request, error) {
	var out app.Request
	_, err := c.do(ctx, http.MethodPost, "/requests/"+url.PathEscape(trackingNo)+"/answer", a, &out, http.StatusOK)
	return out, err
}

// Notices lists the hall's cached notices, those matching q when it is not blank.
func (c *Client) Notices(ctx context.Context, q string) ([]app.Notice, error) {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	var out []app.Notice
	_, err := c.do(ctx, http.MethodGet, withQuery("/notices", v), nil, &out, http.StatusOK)
	return out, err
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
