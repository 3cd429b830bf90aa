// Package wire is the sync protocol between a hall hub and the city's central API: the
// request and response types of push (hall → central) and the version rules. The OpenAPI
// document beside it (openapi.yaml) describes the same thing for other implementations.
//
// It imports the standard library only, so central and hub agree on one definition.
package wire

import (
	"encoding/json"
	"time"
)

// ProtocolVersion is the version this code speaks. Every message carries it; a receiver
// accepts any version up to its own and ignores fields it does not know, so an older hub
// keeps working against a newer central.
const ProtocolVersion = 1

// Paths of the sync API on central.
const (
	PathHealth = "/api/v1/health"
	PathPush   = "/api/v1/sync/push"
	PathPull   = "/api/v1/sync/pull"  // ?after=SEQ&limit=N
	PathEnrol  = "/api/v1/sync/enrol" // enrolment code → credential
)

// Record is one hall record on the wire: its ID (born in the hall, never renumbered), its
// kind, and the version the hall gave it; central keeps the highest version of each ID.
type Record struct {
	ID        string          `json:"id"`
	Kind      string          `json:"kind"`
	Version   int             `json:"version"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt time.Time       `json:"created_at"`
}

// PushRequest carries a batch of records from one hall. The hall is known from the
// credential; Hall is repeated so central can refuse a batch sent with the wrong one.
type PushRequest struct {
	Protocol int       `json:"protocol"`
	Hall     string    `json:"hall"`
	SentAt   time.Time `json:"sent_at"` // the hall's clock: reported, never obeyed
	Records  []Record  `json:"records"`
}

// Push result statuses, one per record.
const (
	Stored    = "stored"    // new, or a newer version of a known record
	Duplicate = "duplicate" // central already had this version (or a later one)
	Rejected  = "rejected"  // central will never take it; Reason says why
)

// PushResult is central's answer for one record.
type PushResult struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
}

// PushResponse answers a PushRequest, one result per record, in order.
type PushResponse struct {
	Protocol   int          `json:"protocol"`
	Results    []PushResult `json:"results"`
	ServerTime time.Time    `json:"server_time"`
}

// Health is what central says on PathHealth.
type Health struct {
	Protocol   int       `json:"protocol"`
	Status     string    `json:"status"`
	ServerTime time.Time `json:"server_time"`
}

// Error is central's error body: {"error":{"code","message"}}.
type Error struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// MaxBatch is the most records central takes in one push.
const MaxBatch = 1000

// EnrolRequest exchanges a one-time enrolment code for the hall's long-lived credential.
type EnrolRequest struct {
	Protocol int    `json:"protocol"`
	Hall     string `json:"hall"`
	Code     string `json:"code"`
}

// EnrolResponse carries the credential: the hub keeps it in its database and presents it
// as a bearer token from then on.
type EnrolResponse struct {
	Protocol   int    `json:"protocol"`
	Hall       string `json:"hall"`
	Credential string `json:"credential"`
}

// Change kinds central sends to halls. A hall stores kinds it does not know as they are,
// so an older hub keeps pulling from a newer central.
const (
	KindService           = "service"            // a catalogue entry (payload: the catalogue JSON of one service)
	KindNotice            = "notice"             // a proactively disclosed notice (主动公开)
	KindBooking           = "booking"            // an appointment for this hall
	KindApplicationStatus = "application_status" // a back-office decision on an application
)

// Change is one entry of central's feed: seq is central's order, never a hall clock.
type Change struct {
	Seq     int64           `json:"seq"`
	Kind    string          `json:"kind"`
	ID      string          `json:"id"`
	Version int             `json:"version"`
	Payload json.RawMessage `json:"payload"`
}

// PullResponse is one page of central's feed after the hall's cursor.
type PullResponse struct {
	Protocol int      `json:"protocol"`
	Changes  []Change `json:"changes"`
	// Next is the cursor to ask with next time: the seq of the last change in this page
	// (or the request's cursor when the page is empty).
	Next int64 `json:"next"`
	// More says another page is waiting.
	More       bool      `json:"more"`
	ServerTime time.Time `json:"server_time"`
}

// MaxPullPage is the most changes central returns in one page.
const MaxPullPage = 500

// Notice is the payload of a KindNotice change.
type Notice struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Department  string    `json:"department,omitempty"`
	PublishedAt time.Time `json:"published_at"`
}

// ApplicationStatus is the payload of a KindApplicationStatus change.
type ApplicationStatus struct {
	TrackingNo string    `json:"tracking_no"`
	Status     string    `json:"status"`
	Note       string    `json:"note,omitempty"`
	At         time.Time `json:"at"`
}
