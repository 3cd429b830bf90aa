package app

import (
	"fmt"
	"time"
)

// TicketStatus is a ticket's place in its life.
type TicketStatus string

const (
	TicketWaiting TicketStatus = "waiting"
	TicketCalled  TicketStatus = "called"
	TicketServing TicketStatus = "serving"
	TicketDone    TicketStatus = "done"
	TicketNoShow  TicketStatus = "no_show"
)

// ticketMoves lists the states each state may move to.
var ticketMoves = map[TicketStatus][]TicketStatus{
	TicketWaiting: {TicketCalled, TicketExpired},
	TicketCalled:  {TicketServing, TicketDone, TicketNoShow, TicketHeld, TicketWaiting},
	TicketServing: {TicketDone, TicketHeld, TicketWaiting},
	TicketHeld:    {TicketCalled, TicketDone, TicketWaiting},
	TicketNoShow:  {TicketWaiting, TicketCalled},
}

// CanMove reports whether a ticket may go from s to next.
func (s TicketStatus) CanMove(next TicketStatus) bool {
	for _, n := range ticketMoves[s] {
		if n == next {
			return true
		}
	}
	return false
}

// Open reports whether the ticket is still in the hall's hands (not done, not no-show).
func (s TicketStatus) Open() bool {
	return s == TicketWaiting || s == TicketCalled || s == TicketServing || s == TicketHeld
}

// Ticket is a queue number (号票) issued at the hall.
type Ticket struct {
	ID           string       `json:"id"`
	Number       string       `json:"number"` // A012
	ServiceID    string       `json:"service_id"`
	Queue        string       `json:"queue"`
	Priority     Priority     `json:"priority"`
	Status       TicketStatus `json:"status"`
	Window       int          `json:"window,omitempty"`
	Day          string       `json:"day"` // the hall's local date, 2006-01-02
	WaitingAhead int          `json:"waiting_ahead"`
	IssuedAt     time.Time    `json:"issued_at"`
	CalledAt     *time.Time   `json:"called_at,omitempty"`
	FinishedAt   *time.Time   `json:"finished_at,omitempty"`
	Version      int          `json:"version"`
	Hall         string       `json:"hall,omitempty"`
	// Queue fields (issue 3): recalls so far, the finish outcome, the window a transfer
	// directed it to, its booking, and the estimated wait when issued (minutes).
	Recalls          int     `json:"recalls,omitempty"`
	Outcome          Outcome `json:"outcome,omitempty"`
	ForWindow        int     `json:"for_window,omitempty"`
	BookingID        string  `json:"booking_id,omitempty"`
	EstimatedWaitMin int     `json:"estimated_wait_min,omitempty"`
}

// TicketNumber formats a queue prefix and a daily sequence: ("A", 12) → "A012".
// Past 999 the number grows a digit rather than wrap and repeat a number in one day.
func TicketNumber(prefix string, seq int) string {
	return fmt.Sprintf("%s%03d", prefix, seq)
}

// HallDay returns the hall-local calendar day of t ("2006-01-02"): daily numbering resets
// at the hall's local midnight, whatever the machine's own time zone.
func HallDay(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02")
}

// CallOrder reports whether waiting ticket a goes before b at a window: green channel
// first, then by the window's queue order, then oldest first (ID breaks ties: UUIDv7
// sorts by birth).
func CallOrder(w Window, a, b Ticket) bool {
	if (a.Priority == PriorityGreen) != (b.Priority == PriorityGreen) {
		return a.Priority == PriorityGreen
	}
	ra, rb := w.Serves(a.Queue), w.Serves(b.Queue)
	if ra != rb {
		return ra < rb
	}
	if !a.IssuedAt.Equal(b.IssuedAt) {
		return a.IssuedAt.Before(b.IssuedAt)
	}
	return a.ID < b.ID
}

// TicketQRPayload is what a ticket's QR code carries: scheme, hall, number and record ID,
// so a kiosk scanner or a clerk's scanner can find the ticket without typing.
func TicketQRPayload(hall string, t Ticket) string {
	return "SHT:" + hall + ":" + t.Number + ":" + t.ID
}
