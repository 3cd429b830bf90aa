package app

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Outcome is how a ticket's visit ended at the window.
type Outcome string

const (
	// OutcomeOnTheSpot: done on the spot (当场办结).
	OutcomeOnTheSpot Outcome = "on_the_spot"
	// OutcomeAccepted: accepted for processing (受理).
	OutcomeAccepted Outcome = "accepted"
	// OutcomeReferred: referred elsewhere (转办/引导).
	OutcomeReferred Outcome = "referred"
	// OutcomeWithdrawn: the citizen withdrew (撤回).
	OutcomeWithdrawn Outcome = "withdrawn"
)

// Outcomes lists the outcomes in the order a clerk is offered them.
var Outcomes = []Outcome{OutcomeOnTheSpot, OutcomeAccepted, OutcomeReferred, OutcomeWithdrawn}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes, o) }

// Fields named by queue errors, so a screen can show the precise message (the code stays
// ECONFLICT or EINVALID).
const (
	// FieldDailyCap: today's numbers of the queue are all given out (ECONFLICT).
	FieldDailyCap = "daily_cap"
	// FieldIssuingHours: the queue is not issuing now (ECONFLICT).
	FieldIssuingHours = "issuing_hours"
	// FieldRecallLimit: the ticket was recalled as often as the hall allows (ECONFLICT).
	FieldRecallLimit = "recall_limit"
	// FieldRecalls: a no-show needs the hall's recalls first (ECONFLICT).
	FieldRecalls = "recalls"
	// FieldTooEarly: a booking checked in before the hall's check-in window (ECONFLICT).
	FieldTooEarly = "too_early"
	// FieldTooLate: a booking checked in after the hall's check-in window (ECONFLICT).
	FieldTooLate = "too_late"
)

// Defaults of a new hall's rules.
const (
	DefaultRecallLimit  = 3
	DefaultBookingEarly = 30 // minutes before the booked time a check-in is accepted
	DefaultBookingLate  = 15 // minutes after the booked time a check-in is accepted
	// DefaultServiceTime is assumed for a queue that has served nobody yet today.
	DefaultServiceTime = 5 * time.Minute
	// RecentServiceSample is how many recent service times the wait estimate averages.
	RecentServiceSample = 20
)

// QueueRules are one queue's issuing rules.
type QueueRules struct {
	Queue string `json:"queue"`
	// Opens and Closes ("08:30", "17:00", hall-local) bound issuing; empty means all day.
	Opens  string `json:"opens,omitempty"`
	Closes string `json:"closes,omitempty"`
	// DailyCap is how many numbers the queue gives out per day; 0 means no cap.
	DailyCap int `json:"daily_cap,omitempty"`
}

// HallRules are the hall's queueing rules: data in the store, edited by an admin terminal.
type HallRules struct {
	// TimeZone is the hall's zone (IANA name): day boundaries and issuing hours use it.
	TimeZone string `json:"time_zone"`
	// RecallLimit is how many recalls a called ticket gets; after them it may be marked a
	// no-show, and further recalls are refused.
	RecallLimit int `json:"recall_limit"`
	// KeepOvernight keeps waiting tickets at local midnight; false closes them ("expired").
	KeepOvernight bool `json:"keep_overnight"`
	// BookingEarly and BookingLate are the minutes before and after a booked time a
	// check-in is accepted.
	BookingEarly int          `json:"booking_early_min"`
	BookingLate  int          `json:"booking_late_min"`
	Queues       []QueueRules `json:"queues"`
}

// DefaultHallRules are a new hall's rules: always issuing, no cap, 3 recalls, cleared at
// midnight, check-in from 30 minutes before to 15 after the booked time.
func DefaultHallRules() HallRules {
	return HallRules{TimeZone: DefaultTimeZone, RecallLimit: DefaultRecallLimit,
		BookingEarly: DefaultBookingEarly, BookingLate: DefaultBookingLate, Queues: []QueueRules{}}
}

// ParseClock parses "HH:MM" into minutes after midnight.
func ParseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a time of day (HH:MM)", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Validate checks the rules; it returns an *Error with code EINVALID naming the field.
func (r *HallRules) Validate() error {
	if r.TimeZone == "" {
		r.TimeZone = DefaultTimeZone
	}
	if _, err := time.LoadLocation(r.TimeZone); err != nil {
		return Errorf(EINVALID, "unknown time zone %q", r.TimeZone).WithField("time_zone")
	}
	if r.RecallLimit < 0 || r.RecallLimit > 20 {
		return Errorf(EINVALID, "recall_limit must be 0–20").WithField("recall_limit")
	}
	if r.BookingEarly < 0 || r.BookingLate < 0 || r.BookingEarly > 24*60 || r.BookingLate > 24*60 {
		return Errorf(EINVALID, "booking check-in minutes must be 0–1440").WithField("booking_early_min")
	}
	seen := map[string]bool{}
	if r.Queues == nil {
		r.Queues = []QueueRules{}
	}
	for i, q := range r.Queues {
		f := fmt.Sprintf("queues[%d]", i)
		if q.Queue == "" || seen[q.Queue] {
			return Errorf(EINVALID, "each queue rule needs a distinct queue code").WithField(f + ".queue")
		}
		seen[q.Queue] = true
		if q.DailyCap < 0 {
			return Errorf(EINVALID, "daily_cap must not be negative").WithField(f + ".daily_cap")
		}
		if (q.Opens == "") != (q.Closes == "") {
			return Errorf(EINVALID, "give both opens and closes, or neither").WithField(f + ".opens")
		}
		if q.Opens != "" {
			o, err := ParseClock(q.Opens)
			if err != nil {
				return Errorf(EINVALID, "%v", err).WithField(f + ".opens")
			}
			c, err := ParseClock(q.Closes)
			if err != nil {
				return Errorf(EINVALID, "%v", err).WithField(f + ".closes")
			}
			if c <= o {
				return Errorf(EINVALID, "closes must be after opens").WithField(f + ".closes")
			}
		}
	}
	return nil
}

// For returns queue q's rules (zero rules, meaning no limits, when none are set).
func (r HallRules) For(q string) QueueRules {
	for _, x := range r.Queues {
		if x.Queue == q {
			return x
		}
	}
	return QueueRules{Queue: q}
}

// Issuing reports whether the queue gives out numbers at t (hall-local clock in loc).
func (q QueueRules) Issuing(t time.Time, loc *time.Location) bool {
	if q.Opens == "" {
		return true
	}
	o, err1 := ParseClock(q.Opens)
	c, err2 := ParseClock(q.Closes)
	if err1 != nil || err2 != nil {
		return true
	}
	lt := t.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	return m >= o && m < c
}

// TicketHeld and TicketExpired extend the ticket states (see ticket.go).
const (
	// TicketHeld is parked at its window (the citizen fetches a document) and resumes later.
	TicketHeld TicketStatus = "held"
	// TicketExpired was still waiting when the hall's day ended and the rules clear queues.
	TicketExpired TicketStatus = "expired"
)

// TransferRequest moves a ticket to another queue or to one window; it keeps its place
// in time (its original issue or booked time).
type TransferRequest struct {
	Queue  string `json:"queue,omitempty"`
	Window int    `json:"window,omitempty"`
}

// Validate checks that exactly one target is given.
func (r TransferRequest) Validate() error {
	if (r.Queue == "") == (r.Window == 0) {
		return Errorf(EINVALID, "give a queue or a window to transfer to").WithField("queue")
	}
	if r.Window < 0 {
		return Errorf(EINVALID, "window must be positive").WithField("window")
	}
	return nil
}

// CallRequest calls a specific ticket, by record ID or by today's number ("A012").
type CallRequest struct {
	Ticket string `json:"ticket"`
}

// FinishRequest finishes a ticket with an outcome (on the spot when empty).
type FinishRequest struct {
	Outcome Outcome `json:"outcome"`
}

// PriorityRequest sets a ticket's priority: the clerk confirms or withdraws the green channel.
type PriorityRequest struct {
	Priority Priority `json:"priority"`
}

// PauseRequest pauses (true) or reopens (false) a window.
type PauseRequest struct {
	Paused bool `json:"paused"`
}

// PrintFailure is a kiosk's report that a ticket's slip did not print.
type PrintFailure struct {
	Reason string `json:"reason"`
}

// Booking is an appointment (预约) for a service at a time. The ID number is kept only as a
// salted hash; IDMasked is what screens show.
type Booking struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"`
	ServiceID string    `json:"service_id"`
	BookedAt  time.Time `json:"booked_at"`
	Day       string    `json:"day"`
	IDMasked  string    `json:"id_masked,omitempty"`
	TicketID  string    `json:"ticket_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// BookingRequest creates a booking (admin API now; central later).
type BookingRequest struct {
	ServiceID string    `json:"service_id"`
	BookedAt  time.Time `json:"booked_at"`
	// Code is the booking code the citizen holds; the hub makes one when empty.
	Code string `json:"code,omitempty"`
	// IDNumber is the citizen's 18-character resident ID number (optional).
	IDNumber string `json:"id_number,omitempty"`
}

// Validate checks the request; EINVALID naming the field.
func (r *BookingRequest) Validate() error {
	if r.ServiceID == "" {
		return Errorf(EINVALID, "service_id is required").WithField("service_id")
	}
	if r.BookedAt.IsZero() {
		return Errorf(EINVALID, "booked_at is required").WithField("booked_at")
	}
	r.Code = strings.TrimSpace(r.Code)
	if len(r.Code) > 32 {
		return Errorf(EINVALID, "code is too long").WithField("code")
	}
	r.IDNumber = NormalizeIDNumber(r.IDNumber)
	if r.IDNumber != "" && !validIDNumber(r.IDNumber) {
		return Errorf(EINVALID, "not a valid resident ID number").WithField("id_number")
	}
	return nil
}

// CheckInRequest finds today's booking by its code or the citizen's ID number.
type CheckInRequest struct {
	Code     string `json:"code,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
}

// Validate checks that one key is given and that an ID number passes its check digit.
func (r *CheckInRequest) Validate() error {
	r.Code = strings.TrimSpace(r.Code)
	r.IDNumber = NormalizeIDNumber(r.IDNumber)
	if r.Code == "" && r.IDNumber == "" {
		return Errorf(EINVALID, "give a booking code or an ID number").WithField("code")
	}
	if r.IDNumber != "" && !validIDNumber(r.IDNumber) {
		return Errorf(EINVALID, "not a valid resident ID number").WithField("id_number")
	}
	return nil
}

// validIDNumber checks a resident ID number with ValidateIDNumber (GB 11643: form,
// province, birth date, MOD 11-2 check character).
func validIDNumber(s string) bool {
	_, bad := ValidateIDNumber(s, time.Now())
	return bad == nil
}

// QueueStatus is one queue's state now: who waits, how many windows serve it, and the
// estimated wait of a number taken now.
type QueueStatus struct {
	Queue       string `json:"queue"`
	Prefix      string `json:"prefix"`
	Name        string `json:"name"`
	NameEN      string `json:"name_en"`
	Waiting     int    `json:"waiting"`
	OpenWindows int    `json:"open_windows"`
	// EstimatedMinutes is the estimated wait of a number taken now, in whole minutes.
	EstimatedMinutes int `json:"estimated_min"`
	// Issuing is false outside the queue's hours or when its daily cap is reached.
	Issuing bool `json:"issuing"`
}

// EstimateWait estimates how long someone with ahead people before them waits, from the
// queue's recent service times and the open windows serving it: ahead × mean service time
// ÷ open windows. With no recent times it assumes DefaultServiceTime; with no open window
// it assumes one (someone will open).
func EstimateWait(ahead int, recent []time.Duration, open int) time.Duration {
	if ahead <= 0 {
		return 0
	}
	mean := DefaultServiceTime
	if len(recent) > 0 {
		var sum time.Duration
		for _, d := range recent {
			sum += d
		}
		mean = sum / time.Duration(len(recent))
	}
	if open < 1 {
		open = 1
	}
	return time.Duration(ahead) * mean / time.Duration(open)
}

// WaitMinutes rounds an estimate up to whole minutes (a wait under a minute says 1).
func WaitMinutes(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Minutes()))
}

// Figures are one day's counts and times for a queue, a window or the whole hall.
type Figures struct {
	Issued int `json:"issued"`
	Served int `json:"served"`
	NoShow int `json:"no_show"`
	// Times in seconds: wait is issue → first call, service is first call → finish.
	AvgWaitSec    float64 `json:"avg_wait_s"`
	P90WaitSec    float64 `json:"p90_wait_s"`
	AvgServiceSec float64 `json:"avg_service_s"`
	P90ServiceSec float64 `json:"p90_service_s"`
}

// QueueFigures are a queue's figures.
type QueueFigures struct {
	Queue string `json:"queue"`
	Figures
}

// WindowFigures are a window's figures.
type WindowFigures struct {
	Window int `json:"window"`
	Figures
}

// DayStats are the hall's figures for one hall-local day.
type DayStats struct {
	Day     string          `json:"day"`
	Total   Figures         `json:"total"`
	Queues  []QueueFigures  `json:"queues"`
	Windows []WindowFigures `json:"windows"`
}

// FigureTimes fills the time figures from samples in seconds.
func (f *Figures) FigureTimes(waits, services []float64) {
	f.AvgWaitSec, f.P90WaitSec = Mean(waits), Percentile(waits, 90)
	f.AvgServiceSec, f.P90ServiceSec = Mean(services), Percentile(services, 90)
}

// Mean is the arithmetic mean of xs (0 for none).
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Percentile is the p-th percentile of xs by the nearest-rank method (0 for none).
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	return s[rank-1]
}

// Queue event kinds, beside those in app.go.
const (
	EventTicketRecalled    = "ticket.recalled"
	EventTicketNoShow      = "ticket.no_show"
	EventTicketTransferred = "ticket.transferred"
	EventTicketReturned    = "ticket.returned"
	EventTicketHeld        = "ticket.held"
	EventTicketResumed     = "ticket.resumed"
	EventTicketPriority    = "ticket.priority"
	EventTicketExpired     = "ticket.expired"
	EventPrintFailed       = "ticket.print_failed"
	EventWindowPaused      = "window.paused"
	EventWindowReopened    = "window.reopened"
	EventRulesChanged      = "rules.changed"
)

// QueueService is every calling action, rule and figure of the hall's queue beyond
// HallService. The hub implements it over its store; app/hub's Client over HTTP.
// Unless said otherwise: ENOTFOUND for an unknown ticket or window, ECONFLICT when the
// ticket is not in a state that allows the action.
type QueueService interface {
	// CallTicket calls one ticket (by ID or today's number) to window, out of order,
	// finishing the window's current ticket first. ECONFLICT for a paused window.
	CallTicket(ctx context.Context, window int, req CallRequest) (Ticket, error)
	// Recall calls a called ticket again; ECONFLICT (FieldRecallLimit) past the limit.
	Recall(ctx context.Context, id string) (Ticket, error)
	// NoShow marks a called ticket a no-show; ECONFLICT (FieldRecalls) before the hall's recalls.
	NoShow(ctx context.Context, id string) (Ticket, error)
	// Transfer puts a ticket back to waiting in another queue or for one window, keeping its time.
	Transfer(ctx context.Context, id string, req TransferRequest) (Ticket, error)
	// ReturnToQueue puts a called, held or no-show ticket back to waiting at its old place.
	ReturnToQueue(ctx context.Context, id string) (Ticket, error)
	// Hold parks the ticket at its window; Resume makes it the window's current ticket again.
	Hold(ctx context.Context, id string) (Ticket, error)
	Resume(ctx context.Context, id string) (Ticket, error)
	// SetPriority confirms or withdraws the green channel of a ticket.
	SetPriority(ctx context.Context, id string, p Priority) (Ticket, error)
	// PauseWindow pauses (no calls) or reopens a window.
	PauseWindow(ctx context.Context, window int, paused bool) (Window, error)
	// FinishWith finishes a called, serving or held ticket with an outcome.
	FinishWith(ctx context.Context, id string, outcome Outcome) (Ticket, error)
	// QueueStatus lists every queue's waiting count and estimated wait.
	QueueStatus(ctx context.Context) ([]QueueStatus, error)
	// RecentCalls lists today's latest calls, newest first (a board catching up).
	RecentCalls(ctx context.Context, limit int) ([]Ticket, error)
	// StatsToday returns today's figures per queue and window.
	StatsToday(ctx context.Context) (DayStats, error)
	// Rules returns the hall's rules; SetRules replaces them (admin only).
	Rules(ctx context.Context) (HallRules, error)
	SetRules(ctx context.Context, r HallRules) (HallRules, error)
	// AddBooking creates a booking (admin only).
	AddBooking(ctx context.Context, req BookingRequest) (Booking, error)
	// CheckIn issues the ticket of today's booking found by code or ID number, placed by
	// its booked time. ENOTFOUND; ECONFLICT with FieldTooEarly / FieldTooLate, or when
	// already checked in.
	CheckIn(ctx context.Context, req CheckInRequest) (Ticket, error)
	// PrintFailed records that a ticket's slip did not print (the ticket stays valid).
	PrintFailed(ctx context.Context, id string, reason string) error
}
