// Package uitest helps test servicehall's screens: an in-memory hall that implements
// app.HallService with fault switches, a wrapper that holds requests in flight, a
// deadline helper that waits for a screen's state without sleeping, and a PNG writer for
// screenshots. Only tests import it.
package uitest

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"servicehall/app"
)

// WaitTimeout is how long WaitFor waits before failing the test.
const WaitTimeout = 5 * time.Second

// WaitFor waits until cond holds, checking it on the UI goroutine (fyne.DoAndWait), and
// fails the test naming what when WaitTimeout passes first.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(WaitTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		var ok bool
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		select {
		case <-deadline.C:
			t.Fatalf("timed out after %v waiting for %s", WaitTimeout, what)
		case <-tick.C:
		}
	}
}

// WritePNG lays w out again (see Relayout) and captures its canvas to dir/name.
func WritePNG(t testing.TB, w fyne.Window, dir, name string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var img image.Image
	fyne.DoAndWait(func() {
		Relayout(w)
		img = w.Canvas().Capture()
	})
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// Services is the small catalogue a fake Hall starts with.
var Services = []app.Service{
	{ID: "svc-id-card", Code: "110001", Name: "居民身份证办理", NameEN: "Resident ID card", Department: "市公安局", DepartmentEN: "Public Security Bureau", Queue: "A"},
	{ID: "svc-hukou", Code: "110002", Name: "户口迁移", NameEN: "Household registration transfer", Department: "市公安局", DepartmentEN: "Public Security Bureau", Queue: "A"},
	{ID: "svc-social-card", Code: "120001", Name: "社会保障卡业务", NameEN: "Social security card", Department: "市人社局", DepartmentEN: "Human Resources and Social Security Bureau", Queue: "B"},
	{ID: "svc-licence", Code: "130001", Name: "营业执照办理", NameEN: "Business licence", Department: "市市场监管局", DepartmentEN: "Market Regulation Administration", Queue: "C"},
	{ID: "svc-estate", Code: "140001", Name: "不动产登记", NameEN: "Real estate registration", Department: "市自然资源局", DepartmentEN: "Natural Resources Bureau", Queue: "D"},
	{ID: "svc-fund", Code: "150001", Name: "住房公积金提取", NameEN: "Housing fund withdrawal", Department: "市公积金中心", DepartmentEN: "Housing Provident Fund Centre", Queue: "E"},
}

// Hall is an in-memory hall for screen tests: a queue per service prefix, every window
// serving every queue, and a live event stream. Its zero value is not usable: use NewHall.
// It is safe for concurrent use.
type Hall struct {
	mu       sync.Mutex
	code     string
	health   app.Health
	services []app.Service
	tickets  []*app.Ticket
	seq      map[string]int
	subs     map[chan app.Event]struct{}
	nextID   int64
	backlog  []app.Event

	// Unreachable makes every method fail with app.EUNAVAILABLE, as a client does when
	// the hub is down.
	Unreachable atomic.Bool
	// RefuseStreams makes Subscribe fail with app.EUNAVAILABLE while the rest works.
	RefuseStreams atomic.Bool
	// Subscriptions counts successful Subscribe and SubscribeAfter calls.
	Subscriptions atomic.Int32
	// Refused counts subscriptions refused (Unreachable or RefuseStreams).
	Refused atomic.Int32
	// Issued counts tickets issued.
	Issued atomic.Int32
}

var _ app.HallService = (*Hall)(nil)

// NewHall returns a hall TC01 named 测试市政务服务中心 with Services, link up.
func NewHall() *Hall {
	last := time.Date(2026, 11, 26, 1, 30, 0, 0, time.UTC) // 09:30 in Asia/Shanghai
	return &Hall{
		code:     "TC01",
		health:   app.Health{Hall: "TC01", HallName: "测试市政务服务中心", Link: app.LinkUp, LastSync: &last},
		services: slices.Clone(Services),
		seq:      map[string]int{},
		subs:     map[chan app.Event]struct{}{},
	}
}

// HallCode returns the hall's code.
func (h *Hall) HallCode() string { return h.code }

// SetHealth changes what Health returns and publishes a sync.status event.
func (h *Hall) SetHealth(hl app.Health) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.health = hl
	h.publish(app.Event{Type: app.EventSyncStatus, Health: &hl})
}

// EndStreams closes every live stream, as a dropped connection does.
func (h *Hall) EndStreams() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		delete(h.subs, ch)
		close(ch)
	}
}

func (h *Hall) down() error {
	if h.Unreachable.Load() {
		return app.Errorf(app.EUNAVAILABLE, "hub unreachable")
	}
	return nil
}

// Health returns the hall and link state.
func (h *Hall) Health(ctx context.Context) (app.Health, error) {
	if err := h.down(); err != nil {
		return app.Health{}, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.health, nil
}

// Services lists the catalogue.
func (h *Hall) Services(ctx context.Context) ([]app.Service, error) {
	if err := h.down(); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.services), nil
}

// IssueTicket takes a queue number.
func (h *Hall) IssueTicket(ctx context.Context, req app.IssueRequest) (app.Ticket, error) {
	if err := h.down(); err != nil {
		return app.Ticket{}, err
	}
	if err := req.Validate(); err != nil {
		return app.Ticket{}, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	i := slices.IndexFunc(h.services, func(s app.Service) bool { return s.ID == req.ServiceID })
	if i < 0 {
		return app.Ticket{}, app.Errorf(app.ENOTFOUND, "service %q not found", req.ServiceID)
	}
	s := h.services[i]
	h.seq[s.Queue]++
	now := time.Now()
	t := &app.Ticket{
		ID:        fmt.Sprintf("t-%04d", len(h.tickets)+1),
		Number:    app.TicketNumber(s.Queue, h.seq[s.Queue]),
		ServiceID: s.ID,
		Queue:     s.Queue,
		Priority:  req.Priority,
		Status:    app.TicketWaiting,
		Day:       app.HallDay(now, app.LoadLocation("")),
		IssuedAt:  now,
		Version:   1,
		Hall:      h.code,
	}
	for _, o := range h.tickets {
		if o.Status == app.TicketWaiting && o.Queue == t.Queue && (t.Priority == app.PriorityNormal || o.Priority == app.PriorityGreen) {
			t.WaitingAhead++
		}
	}
	h.tickets = append(h.tickets, t)
	h.Issued.Add(1)
	h.publishTicket(app.EventTicketIssued, t)
	return *t, nil
}

// CallNext calls the next ticket to window, finishing its current one first.
func (h *Hall) CallNext(ctx context.Context, window int) (*app.Ticket, error) {
	if err := h.down(); err != nil {
		return nil, err
	}
	if window < 1 || window > app.DefaultWindows {
		return nil, app.Errorf(app.ENOTFOUND, "window %d not found", window)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	for _, t := range h.tickets {
		if t.Window == window && (t.Status == app.TicketCalled || t.Status == app.TicketServing) {
			t.Status, t.FinishedAt = app.TicketDone, &now
			t.Version++
			h.publishTicket(app.EventTicketFinished, t)
		}
	}
	w := app.Window{Number: window, Queues: []string{"A", "B", "C", "D", "E"}}
	var next *app.Ticket
	for _, t := range h.tickets {
		if t.Status == app.TicketWaiting && (next == nil || app.CallOrder(w, *t, *next)) {
			next = t
		}
	}
	if next == nil {
		return nil, nil
	}
	next.Status, next.Window, next.CalledAt = app.TicketCalled, window, &now
	next.Version++
	h.publishTicket(app.EventTicketCalled, next)
	c := *next
	return &c, nil
}

// FinishTicket marks a called or serving ticket done.
func (h *Hall) FinishTicket(ctx context.Context, id string) (app.Ticket, error) {
	if err := h.down(); err != nil {
		return app.Ticket{}, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	i := slices.IndexFunc(h.tickets, func(t *app.Ticket) bool { return t.ID == id })
	if i < 0 {
		return app.Ticket{}, app.Errorf(app.ENOTFOUND, "ticket %q not found", id)
	}
	t := h.tickets[i]
	if !t.Status.CanMove(app.TicketDone) {
		return app.Ticket{}, app.Errorf(app.ECONFLICT, "ticket %s is %s", t.Number, t.Status)
	}
	now := time.Now()
	t.Status, t.FinishedAt = app.TicketDone, &now
	t.Version++
	h.publishTicket(app.EventTicketFinished, t)
	return *t, nil
}

// Subscribe streams hall events until ctx ends or EndStreams.
func (h *Hall) Subscribe(ctx context.Context) (<-chan app.Event, error) {
	return h.SubscribeAfter(ctx, -1)
}

// SubscribeAfter is Subscribe that first replays the remembered events after lastID
// (lastID < 0: none), like app/hub's Client.
func (h *Hall) SubscribeAfter(ctx context.Context, lastID int64) (<-chan app.Event, error) {
	if err := h.down(); err != nil {
		h.Refused.Add(1)
		return nil, err
	}
	if h.RefuseStreams.Load() {
		h.Refused.Add(1)
		return nil, app.Errorf(app.EUNAVAILABLE, "event stream refused")
	}
	ch := make(chan app.Event, 64)
	h.mu.Lock()
	if lastID >= 0 {
		for _, e := range h.backlog {
			if e.ID > lastID && len(ch) < cap(ch) {
				ch <- e
			}
		}
	}
	h.subs[ch] = struct{}{}
	h.mu.Unlock()
	h.Subscriptions.Add(1)
	go func() {
		<-ctx.Done()
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[ch]; ok {
			delete(h.subs, ch)
			close(ch)
		}
	}()
	return ch, nil
}

// Waiting counts waiting tickets.
func (h *Hall) Waiting() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, t := range h.tickets {
		if t.Status == app.TicketWaiting {
			n++
		}
	}
	return n
}

func (h *Hall) publishTicket(kind string, t *app.Ticket) {
	c := *t
	h.publish(app.Event{Type: kind, Ticket: &c})
}

// publish runs with h.mu held; a subscriber that falls behind is dropped.
func (h *Hall) publish(e app.Event) {
	h.nextID++
	e.ID = h.nextID
	h.backlog = append(h.backlog, e)
	if len(h.backlog) > 64 {
		h.backlog = h.backlog[len(h.backlog)-64:]
	}
	for ch := range h.subs {
		select {
		case ch <- e:
		default:
			delete(h.subs, ch)
			close(ch)
		}
	}
}

// Held wraps a HallService and holds every IssueTicket until Release, so a test can act
// while a request is in flight. It counts the IssueTicket calls that reached it.
type Held struct {
	app.HallService
	release chan struct{}
	once    sync.Once
	// Issues counts IssueTicket calls.
	Issues atomic.Int32
	// Waiting counts IssueTicket calls being held now.
	Waiting atomic.Int32
}

// Hold wraps svc.
func Hold(svc app.HallService) *Held {
	return &Held{HallService: svc, release: make(chan struct{})}
}

// Release lets every held and later request through.
func (h *Held) Release() { h.once.Do(func() { close(h.release) }) }

// IssueTicket waits for Release (or ctx) and then asks the wrapped service.
func (h *Held) IssueTicket(ctx context.Context, req app.IssueRequest) (app.Ticket, error) {
	h.Issues.Add(1)
	h.Waiting.Add(1)
	select {
	case <-h.release:
	case <-ctx.Done():
	}
	h.Waiting.Add(-1)
	return h.HallService.IssueTicket(ctx, req)
}

// Relayout lays out every container and widget in w again, top down, as Fyne's real
// drivers do before each frame when a text changed its size. The test driver does not, so
// a capture taken after texts changed would show stale positions.
func Relayout(w fyne.Window) {
	relayout(w.Content())
}

func relayout(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *fyne.Container:
		if x.Layout != nil {
			x.Layout.Layout(x.Objects, x.Size())
		}
		for _, c := range x.Objects {
			relayout(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		r.Layout(x.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	}
}
