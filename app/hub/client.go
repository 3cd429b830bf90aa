package hub

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"servicehall/app"
)

// DefaultRequestTimeout bounds every call but the event stream.
const DefaultRequestTimeout = 10 * time.Second

// Client is the hall LAN API over HTTP. It implements app.HallService, so a terminal
// works the same whether the hub runs in its own process or inside the GUI.
type Client struct {
	base    string
	token   string
	r       *resty.Client
	stream  *http.Client
	Timeout time.Duration
}

var _ app.HallService = (*Client)(nil)

// NewClient returns a client for the hub at baseURL (http://host:port, with or without
// the /api/v1 suffix) that presents token.
func NewClient(baseURL, token string) *Client {
	base := strings.TrimSuffix(strings.TrimRight(baseURL, "/"), "/api/v1")
	r := resty.New().
		SetBaseURL(base+"/api/v1").
		SetAuthToken(token).
		SetHeader("Accept", "application/json")
	return &Client{base: base, token: token, r: r, stream: &http.Client{}, Timeout: DefaultRequestTimeout}
}

// URL returns the hub's base URL.
func (c *Client) URL() string { return c.base }

func (c *Client) do(ctx context.Context, method, path string, body, out any, okStatus ...int) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	req := c.r.R().SetContext(ctx)
	if body != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(body)
	}
	resp, err := req.Execute(method, path)
	if err != nil {
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) {
			return 0, ctx.Err()
		}
		return 0, &app.Error{Code: app.EUNAVAILABLE, Message: fmt.Sprintf("hub at %s did not answer: %v", c.base, err)}
	}
	st := resp.StatusCode()
	for _, ok := range okStatus {
		if st == ok {
			if out != nil && len(resp.Body()) > 0 && st != http.StatusNoContent {
				if err := json.Unmarshal(resp.Body(), out); err != nil {
					return st, fmt.Errorf("decode hub answer: %w", err)
				}
			}
			return st, nil
		}
	}
	var eb errorBody
	if json.Unmarshal(resp.Body(), &eb) == nil && eb.Error.Code != "" {
		e := eb.Error
		return st, &e
	}
	return st, &app.Error{Code: app.EINTERNAL, Message: fmt.Sprintf("hub answered %d", st)}
}

// Health asks the hub how it is (no token needed).
func (c *Client) Health(ctx context.Context) (app.Health, error) {
	var h app.Health
	_, err := c.do(ctx, http.MethodGet, "/health", nil, &h, http.StatusOK)
	return h, err
}

// Services lists the catalogue.
func (c *Client) Services(ctx context.Context) ([]app.Service, error) {
	var list []app.Service
	_, err := c.do(ctx, http.MethodGet, "/services", nil, &list, http.StatusOK)
	return list, err
}

// IssueTicket takes a queue number.
func (c *Client) IssueTicket(ctx context.Context, req app.IssueRequest) (app.Ticket, error) {
	var t app.Ticket
	_, err := c.do(ctx, http.MethodPost, "/tickets", req, &t, http.StatusCreated)
	return t, err
}

// CallNext calls the next ticket to window n; nil when nobody waits.
func (c *Client) CallNext(ctx context.Context, n int) (*app.Ticket, error) {
	var t app.Ticket
	st, err := c.do(ctx, http.MethodPost, "/windows/"+strconv.Itoa(n)+"/call", nil, &t, http.StatusOK, http.StatusNoContent)
	if err != nil || st == http.StatusNoContent {
		return nil, err
	}
	return &t, nil
}

// FinishTicket marks a ticket done.
func (c *Client) FinishTicket(ctx context.Context, id string) (app.Ticket, error) {
	var t app.Ticket
	_, err := c.do(ctx, http.MethodPost, "/tickets/"+id+"/finish", nil, &t, http.StatusOK)
	return t, err
}

// Subscribe opens the hub's event stream. The channel closes when the stream ends (hub
// gone, ctx done); subscribe again to reconnect.
func (c *Client) Subscribe(ctx context.Context) (<-chan app.Event, error) {
	return c.SubscribeAfter(ctx, -1)
}

// SubscribeAfter opens the event stream, first replaying the events after lastID that the
// hub still remembers (lastID < 0: none).
func (c *Client) SubscribeAfter(ctx context.Context, lastID int64) (<-chan app.Event, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/api/v1/events", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "text/event-stream")
	if lastID >= 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatInt(lastID, 10))
	}
	resp, err := c.stream.Do(req)
	if err != nil {
		return nil, &app.Error{Code: app.EUNAVAILABLE, Message: fmt.Sprintf("hub at %s did not answer: %v", c.base, err)}
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var eb errorBody
		if json.NewDecoder(resp.Body).Decode(&eb) == nil && eb.Error.Code != "" {
			e := eb.Error
			return nil, &e
		}
		return nil, &app.Error{Code: app.EINTERNAL, Message: fmt.Sprintf("hub answered %d", resp.StatusCode)}
	}
	ch := make(chan app.Event, 16)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		readSSE(resp.Body, func(data []byte) bool {
			var e app.Event
			if json.Unmarshal(data, &e) != nil {
				return true
			}
			select {
			case ch <- e:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	return ch, nil
}

// readSSE calls fn with the data of each event in an SSE stream until the stream ends or fn
// returns false.
func readSSE(r interface{ Read([]byte) (int, error) }, fn func(data []byte) bool) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var data []byte
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if len(data) > 0 {
				if !fn(data) {
					return
				}
				data = data[:0]
			}
		case strings.HasPrefix(line, "data:"):
			if len(data) > 0 {
				data = append(data, '\n')
			}
			data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " ")...)
		}
	}
}
