// Package app holds servicehall's domain: the types every tier shares, the error codes,
// the service interfaces the hub implements (and its HTTP client implements again), and
// the rules that need no I/O: queue order, ticket states, day boundaries.
//
// It imports the standard library only, so every other package may depend on it.
package app

import (
	"context"
	"time"
	_ "time/tzdata" // halls run on machines without a zoneinfo database (Windows, slim images)
)

// DefaultTimeZone is where a hall is unless its rules say otherwise.
const DefaultTimeZone = "Asia/Shanghai"

// DefaultWindows is how many windows a new hall starts with, each serving every queue.
const DefaultWindows = 8

// Priority of a ticket in its queue.
type Priority string

const (
	PriorityNormal Priority = "normal"
	// PriorityGreen is the green channel (绿色通道): elderly, disabled, military.
	PriorityGreen Priority = "green"
)

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return p == PriorityNormal || p == PriorityGreen }

// Hall is one site with windows: a city service centre or a township office.
type Hall struct {
	Code     string `json:"code"` // e.g. TC01
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
}

// Location returns the hall's time zone, falling back to DefaultTimeZone.
func (h Hall) Location() *time.Location {
	return LoadLocation(h.TimeZone)
}

// LoadLocation loads a zone by name, falling back to DefaultTimeZone and then UTC.
func LoadLocation(name string) *time.Location {
	if name == "" {
		name = DefaultTimeZone
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	if loc, err := time.LoadLocation(DefaultTimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// Queue groups services under one ticket prefix.
type Queue struct {
	Code   string `json:"code"`   // e.g. "A"
	Prefix string `json:"prefix"` // letter printed before the ticket number
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// Service is one catalogue entry (事项) a citizen can come for.
type Service struct {
	ID           string `json:"id"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	NameEN       string `json:"name_en"`
	Department   string `json:"department"`
	DepartmentEN string `json:"department_en"`
	Queue        string `json:"queue"` // Queue.Code
}

// Window is a numbered service desk and the queues it serves, in order.
type Window struct {
	Number int      `json:"number"`
	Queues []string `json:"queues"`
	Paused bool     `json:"paused"`
}

// Serves reports the rank of queue q in the window's list, or -1.
func (w Window) Serves(q string) int {
	for i, c := range w.Queues {
		if c == q {
			return i
		}
	}
	return -1
}

// Role is what a terminal may do at the hub.
type Role string

const (
	RoleKiosk   Role = "kiosk"
	RoleCounter Role = "counter"
	RoleBoard   Role = "board"
	RoleAdmin   Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleKiosk, RoleCounter, RoleBoard, RoleAdmin:
		return true
	}
	return false
}

// Terminal is a GUI device enrolled at the hub.
type Terminal struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// Link is the state of the hall's connection to central.
type Link string

const (
	LinkUp           Link = "up"
	LinkDown         Link = "down"
	LinkSyncing      Link = "syncing"
	LinkUnconfigured Link = "unconfigured"
)

// Health is what the hub says about itself and its link.
type Health struct {
	Hall     string     `json:"hall"`
	HallName string     `json:"hall_name"`
	Link     Link       `json:"link"`
	Pending  int        `json:"pending"`
	LastSync *time.Time `json:"last_sync"`
	// LastError is the reason of the last failed sync attempt, if any.
	LastError string `json:"last_error,omitempty"`
	// Rate is records/s of the upload under way (or the last one); DrainTotal is how many
	// records that upload set out to move: with Pending they make a progress bar.
	Rate       float64 `json:"rate,omitempty"`
	DrainTotal int     `json:"drain_total,omitempty"`
	// ClockSkewMS is central's clock minus the hall machine's, in ms, as last seen.
	ClockSkewMS int64 `json:"clock_skew_ms,omitempty"`
}

// SyncStatus is what the sync worker reports.
type SyncStatus struct {
	Link       Link
	Pending    int
	LastSync   *time.Time
	LastError  string
	Rate       float64       // records/s of the upload under way or the last one
	DrainTotal int           // records the upload under way set out to move
	ClockSkew  time.Duration // central's clock minus this machine's, at the last answer
}

// ClockSkewTolerance is how far a hall's clock may be from central's before the hub
// corrects for it (day numbering, deadlines) and says so.
const ClockSkewTolerance = time.Minute

// IssueRequest asks for a ticket.
type IssueRequest struct {
	ServiceID string   `json:"service_id"`
	Priority  Priority `json:"priority"`
}

// Validate checks the request at the edge; it returns an *Error with code EINVALID.
func (r *IssueRequest) Validate() error {
	if r.ServiceID == "" {
		return Errorf(EINVALID, "service_id is required").WithField("service_id")
	}
	if r.Priority == "" {
		r.Priority = PriorityNormal
	}
	if !r.Priority.Valid() {
		return Errorf(EINVALID, "priority must be normal or green").WithField("priority")
	}
	return nil
}

// HallService is what a terminal can ask of its hall hub. The hub implements it over its
// store; app/hub's Client implements it again over HTTP, so the GUI has one code path.
type HallService interface {
	// Health returns the hall and link state. Never needs a token.
	Health(ctx context.Context) (Health, error)
	// Services lists the catalogue.
	Services(ctx context.Context) ([]Service, error)
	// IssueTicket takes a queue number. EINVALID for bad input, ENOTFOUND for an unknown service.
	IssueTicket(ctx context.Context, req IssueRequest) (Ticket, error)
	// CallNext calls the next ticket to a window, finishing the window's current one first.
	// It returns (nil, nil) when nobody waits. ENOTFOUND for an unknown window.
	CallNext(ctx context.Context, window int) (*Ticket, error)
	// FinishTicket marks a called or serving ticket done. ENOTFOUND, ECONFLICT.
	FinishTicket(ctx context.Context, id string) (Ticket, error)
	// Subscribe streams hall events until ctx ends. The channel closes when the stream
	// ends; callers reconnect by subscribing again.
	Subscribe(ctx context.Context) (<-chan Event, error)
}

// Event kinds on the hall's live stream.
const (
	EventTicketIssued   = "ticket.issued"
	EventTicketCalled   = "ticket.called"
	EventTicketFinished = "ticket.finished"
	EventSyncStatus     = "sync.status"
)

// Event is one message on the hall's live stream.
type Event struct {
	ID     int64   `json:"id"`
	Type   string  `json:"type"`
	Ticket *Ticket `json:"ticket,omitempty"`
	Health *Health `json:"health,omitempty"`
	// Window is set on window.paused / window.reopened.
	Window *Window `json:"window,omitempty"`
	// Application is set on application.changed, its applicant masked.
	Application *Application `json:"application,omitempty"`
	// Rating is set on rating.created (FollowUp marks the ones staff must follow up).
	Rating *Rating `json:"rating,omitempty"`
	// Request is set on request.created / request.changed: masked, without its text.
	Request *Request `json:"request,omitempty"`
}

// OutboxRecord is one change waiting to reach central: written in the same transaction as
// the change itself, deleted only after central acknowledged it.
type OutboxRecord struct {
	Seq       int64     `json:"seq"`
	RecordID  string    `json:"record_id"`
	Kind      string    `json:"kind"` // "ticket", …
	Version   int       `json:"version"`
	Payload   []byte    `json:"payload"` // the record as JSON
	CreatedAt time.Time `json:"created_at"`
}

// Record kinds that travel to central.
const (
	KindTicket = "ticket"
)

// PulledChange is one change from central's feed, as the hub applies it. Seq is central's
// order; the hub's cursor moves to the last applied seq in the same transaction.
type PulledChange struct {
	Seq     int64  `json:"seq"`
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Version int    `json:"version"`
	Payload []byte `json:"payload"`
}

// DeadLetter is a record central refused for good, kept for the hall administrator.
type DeadLetter struct {
	Seq      int64     `json:"seq"`
	RecordID string    `json:"record_id"`
	Kind     string    `json:"kind"`
	Version  int       `json:"version"`
	Reason   string    `json:"reason"`
	FailedAt time.Time `json:"failed_at"`
}

// Notice is a proactively disclosed government notice (主动公开) cached at the hall.
type Notice struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Department  string    `json:"department,omitempty"`
	PublishedAt time.Time `json:"published_at"`
}

// SyncView is what the hall administrator sees of sync: the link, the records central
// refused for good, and the conflicts kept for staff.
type SyncView struct {
	Health      Health       `json:"health"`
	DeadLetters []DeadLetter `json:"dead_letters"`
	Conflicts   int          `json:"conflicts"`
}

// SyncAdmin is the hall administrator's view of sync (hub.Hall and hub.Client implement it).
type SyncAdmin interface {
	// SyncView needs an admin terminal (EFORBIDDEN otherwise).
	SyncView(ctx context.Context) (SyncView, error)
	// SyncNow wakes the sync worker; ECONFLICT when no central is configured.
	SyncNow(ctx context.Context) error
}
