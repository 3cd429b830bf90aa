package hub

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"servicehall/app"
)

var (
	_ app.GuideService       = (*Client)(nil)
	_ app.ApplicationService = (*Client)(nil)
)

// SearchServices asks the hub's search (GET /services?q=…); an empty q lists everything.
func (c *Client) SearchServices(ctx context.Context, q string) ([]app.Service, error) {
	var out []app.Service
	_, err := c.do(ctx, http.MethodGet, "/services?q="+url.QueryEscape(q), nil, &out, http.StatusOK)
	return out, err
}

// Service returns a service's whole guide entry.
func (c *Client) Service(ctx context.Context, id string) (app.ServiceDetail, error) {
	var out app.ServiceDetail
	_, err := c.do(ctx, http.MethodGet, "/services/"+url.PathEscape(id), nil, &out, http.StatusOK)
	return out, err
}

// SubmitApplication submits a pre-application. A refusal is an *app.Error with code
// EINVALID, Field the first bad field and Fields every one.
func (c *Client) SubmitApplication(ctx context.Context, req app.ApplicationRequest) (app.Application, error) {
	var out app.Application
	_, err := c.do(ctx, http.MethodPost, "/applications", req, &out, http.StatusCreated)
	return out, err
}

// Application reads an application by tracking number.
func (c *Client) Application(ctx context.Context, trackingNo string) (app.Application, error) {
	var out app.Application
	_, err := c.do(ctx, http.MethodGet, "/applications/"+url.PathEscape(trackingNo), nil, &out, http.StatusOK)
	return out, err
}

// Applications lists the hall's applications.
func (c *Client) Applications(ctx context.Context, f app.ApplicationFilter) ([]app.Application, error) {
	q := url.Values{}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	if f.ServiceID != "" {
		q.Set("service_id", f.ServiceID)
	}
	if f.Deadline != "" {
		q.Set("deadline", string(f.Deadline))
	}
	if f.Overdue {
		q.Set("overdue", "true")
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	path := "/applications"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out []app.Application
	_, err := c.do(ctx, http.MethodGet, path, nil, &out, http.StatusOK)
	return out, err
}

// AcceptApplication accepts an application with the materials received.
func (c *Client) AcceptApplication(ctx context.Context, trackingNo string, req app.AcceptRequest) (app.AcceptResult, error) {
	var out app.AcceptResult
	if req.Received == nil {
		req.Received = []int{}
	}
	_, err := c.do(ctx, http.MethodPost, "/applications/"+url.PathEscape(trackingNo)+"/accept", req, &out, http.StatusOK)
	return out, err
}

// AdvanceApplication moves an application forward.
func (c *Client) AdvanceApplication(ctx context.Context, trackingNo string, req app.AdvanceRequest) (app.Application, error) {
	var out app.Application
	_, err := c.do(ctx, http.MethodPost, "/applications/"+url.PathEscape(trackingNo)+"/advance", req, &out, http.StatusOK)
	return out, err
}

// WithdrawApplication withdraws an application.
func (c *Client) WithdrawApplication(ctx context.Context, trackingNo string, reason string) (app.Application, error) {
	var out app.Application
	_, err := c.do(ctx, http.MethodPost, "/applications/"+url.PathEscape(trackingNo)+"/withdraw", WithdrawRequest{Reason: reason}, &out, http.StatusOK)
	return out, err
}
