package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/hubtest"
)

var ctx = context.Background()

type rawResp struct {
	status int
	body   map[string]any
}

func raw(t *testing.T, h *hubtest.Hall, method, path, token string, body []byte) rawResp {
	t.Helper()
	req, _ := http.NewRequest(method, h.URL()+"/api/v1"+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := rawResp{status: resp.StatusCode}
	_ = json.Unmarshal(b, &out.body)
	return out
}

func errCode(r rawResp) string {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func firstService(t *testing.T, c app.HallService) app.Service {
	t.Helper()
	list, err := c.Services(ctx)
	if err != nil || len(list) == 0 {
		t.Fatalf("services: %v %v", list, err)
	}
	return list[0]
}

func TestTicketJourneyOverHTTP(t *testing.T) {
	h := hubtest.New(t)
	kiosk, counter := h.Client(app.RoleKiosk), h.Client(app.RoleCounter)
	svc := firstService(t, kiosk)
	tk, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svc.ID, Priority: app.PriorityNormal})
	if err != nil || tk.Number == "" || tk.ID == "" || tk.ServiceID != svc.ID || tk.IssuedAt.IsZero() {
		t.Fatalf("issue: %+v %v", tk, err)
	}
	called, err := counter.CallNext(ctx, 1)
	if err != nil || called == nil || called.Number != tk.Number || called.Window != 1 {
		t.Fatalf("call: %+v %v", called, err)
	}
	done, err := counter.FinishTicket(ctx, called.ID)
	if err != nil || done.Status != app.TicketDone {
		t.Fatalf("finish: %+v %v", done, err)
	}
	none, err := counter.CallNext(ctx, 1)
	if err != nil || none != nil {
		t.Fatalf("empty queue: %+v %v", none, err)
	}
	hl, err := kiosk.Health(ctx)
	if err != nil || hl.Hall != hubtest.DefaultHall || hl.Link != app.LinkUnconfigured || hl.Pending != 3 {
		t.Fatalf("health %+v %v", hl, err)
	}
}

func TestRolesAndTokens(t *testing.T) {
	h := hubtest.New(t)
	kiosk, board, counter := h.Token(app.RoleKiosk), h.Token(app.RoleBoard), h.Token(app.RoleCounter)
	cases := []struct {
		name, method, path, token string
		status                    int
		code                      string
	}{
		{"health needs no token", "GET", "/health", "", 200, ""},
		{"no token", "GET", "/services", "", 401, app.EUNAUTHORIZED},
		{"unknown token", "GET", "/services", "nope", 401, app.EUNAUTHORIZED},
		{"kiosk may not call", "POST", "/windows/1/call", kiosk, 403, app.EFORBIDDEN},
		{"board may not issue", "POST", "/tickets", board, 403, app.EFORBIDDEN},
		{"board may not finish", "POST", "/tickets/x/finish", board, 403, app.EFORBIDDEN},
		{"counter calls", "POST", "/windows/1/call", counter, 204, ""},
		{"unknown window", "POST", "/windows/99/call", counter, 404, app.ENOTFOUND},
		{"bad window", "POST", "/windows/abc/call", counter, 422, app.EINVALID},
		{"unknown path", "GET", "/nothing", kiosk, 404, app.ENOTFOUND},
	}
	for _, c := range cases {
		r := raw(t, h, c.method, c.path, c.token, nil)
		if r.status != c.status || errCode(r) != c.code {
			t.Errorf("%s: %d %q, want %d %q", c.name, r.status, errCode(r), c.status, c.code)
		}
	}
}

func TestBadInputStoresNothing(t *testing.T) {
	h := hubtest.New(t)
	kiosk := h.Token(app.RoleKiosk)
	svc := firstService(t, h.Client(app.RoleKiosk))
	big := `{"service_id":"` + svc.ID + `","pad":"` + strings.Repeat("x", hub.DefaultMaxBody) + `"}`
	cases := []struct {
		name   string
		body   string
		status int
	}{
		{"bad json", `{not json`, 400},
		{"unknown service", `{"service_id":"no-such"}`, 404},
		{"missing service", `{}`, 422},
		{"bad priority", `{"service_id":"` + svc.ID + `","priority":"vip"}`, 422},
		{"oversized", big, 413},
	}
	for _, c := range cases {
		r := raw(t, h, "POST", "/tickets", kiosk, []byte(c.body))
		if r.status != c.status || errCode(r) == "" {
			t.Errorf("%s: %d %v, want %d with an error body", c.name, r.status, r.body, c.status)
		}
		if e, _ := r.body["error"].(map[string]any); e["message"] == "" {
			t.Errorf("%s: no message", c.name)
		}
	}
	if n, _ := h.DB.OutboxCount(ctx); n != 0 {
		t.Fatalf("refused requests stored %d records", n)
	}
	tk, err := h.Client(app.RoleKiosk).IssueTicket(ctx, app.IssueRequest{ServiceID: svc.ID})
	if err != nil || !strings.HasSuffix(tk.Number, "001") {
		t.Fatalf("first good ticket %+v %v", tk, err)
	}
}

func TestEventsAreLive(t *testing.T) {
	h := hubtest.New(t)
	board := h.Client(app.RoleBoard)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events, err := board.Subscribe(sctx)
	if err != nil {
		t.Fatal(err)
	}
	kiosk, counter := h.Client(app.RoleKiosk), h.Client(app.RoleCounter)
	tk, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: firstService(t, kiosk).ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := counter.CallNext(ctx, 2); err != nil {
		t.Fatal(err)
	}
	want := []string{app.EventTicketIssued, app.EventTicketCalled}
	timeout := time.After(5 * time.Second)
	for i := 0; i < len(want); {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatal("stream closed")
			}
			if e.Type == app.EventSyncStatus {
				continue
			}
			if e.Type != want[i] || e.Ticket == nil || e.Ticket.Number != tk.Number {
				t.Fatalf("event %d: %+v, want %s of %s", i, e, want[i], tk.Number)
			}
			if e.Type == app.EventTicketCalled && e.Ticket.Window != 2 {
				t.Fatalf("called to window %d, want 2", e.Ticket.Window)
			}
			i++
		case <-timeout:
			t.Fatalf("no %s event within 5 s", want[i])
		}
	}
}

func TestEventsReplayAfterReconnect(t *testing.T) {
	h := hubtest.New(t)
	c := h.HTTPClient(app.RoleBoard)
	kiosk := h.Client(app.RoleKiosk)
	svc := firstService(t, kiosk)
	for i := 0; i < 3; i++ {
		if _, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svc.ID}); err != nil {
			t.Fatal(err)
		}
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events, err := c.SubscribeAfter(sctx, 1) // missed events 2 and 3
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []int64{2, 3} {
		select {
		case e := <-events:
			if e.ID != want {
				t.Fatalf("replayed event %d, want %d", e.ID, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("event %d not replayed", want)
		}
	}
}

func TestClientReportsUnreachableHub(t *testing.T) {
	c := hub.NewClient("http://127.0.0.1:1", "x")
	c.Timeout = 2 * time.Second
	if _, err := c.Services(ctx); app.ErrorCode(err) != app.EUNAVAILABLE {
		t.Fatalf("unreachable hub: %v, want %s", err, app.EUNAVAILABLE)
	}
}

// BenchmarkIssueTicketHTTP measures ticket issue through the hub API, commit included
// (synchronous=FULL), and reports p50/p95 latency.
func BenchmarkIssueTicketHTTP(b *testing.B) {
	h := hubtest.New(b)
	kiosk := h.Client(app.RoleKiosk)
	list, _ := kiosk.Services(ctx)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: list[i%len(list)].ID}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}
