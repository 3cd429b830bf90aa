package app

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// KindRating is the outbox kind of a rating (好差评): one row when it is stored, in the
// same transaction.
const KindRating = "rating"

// EventRatingCreated is published on the hall's live stream when a rating is stored;
// Event.Rating carries it. A rating with FollowUp set (不满意 or worse) is the one a staff
// screen must show at once.
const EventRatingCreated = "rating.created"

// RatingLevel is one of the five national levels of the government-service rating system
// (政务服务“好差评”): 非常满意 5, 满意 4, 基本满意 3, 不满意 2, 非常不满意 1. 0 means not
// scored.
type RatingLevel int

const (
	// LevelVeryDissatisfied is 非常不满意.
	LevelVeryDissatisfied RatingLevel = 1
	// LevelDissatisfied is 不满意: this or worse asks for a reason and flags the rating
	// for follow-up.
	LevelDissatisfied RatingLevel = 2
	// LevelBasic is 基本满意.
	LevelBasic RatingLevel = 3
	// LevelSatisfied is 满意.
	LevelSatisfied RatingLevel = 4
	// LevelVerySatisfied is 非常满意.
	LevelVerySatisfied RatingLevel = 5
)

// RatingLevels lists the levels best first, the order a rating screen shows them in.
var RatingLevels = []RatingLevel{LevelVerySatisfied, LevelSatisfied, LevelBasic, LevelDissatisfied, LevelVeryDissatisfied}

// Valid reports whether l is one of the five levels.
func (l RatingLevel) Valid() bool { return l >= LevelVeryDissatisfied && l <= LevelVerySatisfied }

// Bad reports whether l is 不满意 or worse (差评).
func (l RatingLevel) Bad() bool { return l.Valid() && l <= LevelDissatisfied }

// Code is the level's stable name, for locale keys (rating.level.<code>) and logs.
func (l RatingLevel) Code() string {
	switch l {
	case LevelVerySatisfied:
		return "very_satisfied"
	case LevelSatisfied:
		return "satisfied"
	case LevelBasic:
		return "basic"
	case LevelDissatisfied:
		return "dissatisfied"
	case LevelVeryDissatisfied:
		return "very_dissatisfied"
	}
	return ""
}

// RatingAspect names one scored aspect of a rating.
type RatingAspect string

// The four aspects a citizen scores.
const (
	AspectOverall    RatingAspect = "overall"    // 总体评价
	AspectEfficiency RatingAspect = "efficiency" // 办事效率
	AspectQuality    RatingAspect = "quality"    // 服务质量
	AspectAttitude   RatingAspect = "attitude"   // 服务态度
)

// RatingAspects lists the aspects in the order a screen asks them.
var RatingAspects = []RatingAspect{AspectOverall, AspectEfficiency, AspectQuality, AspectAttitude}

// RatingScores holds one level per aspect; every aspect must be scored.
type RatingScores struct {
	Overall    RatingLevel `json:"overall"`
	Efficiency RatingLevel `json:"efficiency"`
	Quality    RatingLevel `json:"quality"`
	Attitude   RatingLevel `json:"attitude"`
}

// Of returns the level given to aspect a (0 for an unknown aspect).
func (s RatingScores) Of(a RatingAspect) RatingLevel {
	switch a {
	case AspectOverall:
		return s.Overall
	case AspectEfficiency:
		return s.Efficiency
	case AspectQuality:
		return s.Quality
	case AspectAttitude:
		return s.Attitude
	}
	return 0
}

// Set gives aspect a the level l (an unknown aspect is ignored).
func (s *RatingScores) Set(a RatingAspect, l RatingLevel) {
	switch a {
	case AspectOverall:
		s.Overall = l
	case AspectEfficiency:
		s.Efficiency = l
	case AspectQuality:
		s.Quality = l
	case AspectAttitude:
		s.Attitude = l
	}
}

// Lowest returns the lowest level scored (0 when none is).
func (s RatingScores) Lowest() RatingLevel {
	var low RatingLevel
	for _, a := range RatingAspects {
		if l := s.Of(a); l.Valid() && (low == 0 || l < low) {
			low = l
		}
	}
	return low
}

// Bad reports whether any aspect is scored 不满意 or worse: such a rating needs a reason
// and is flagged for follow-up (a citizen content overall but unhappy with the attitude
// has something to say too).
func (s RatingScores) Bad() bool { return s.Lowest().Bad() }

// Reason codes for a bad rating (差评原因), chosen from a fixed list; the GUI translates
// them (locale keys rating.reason.<code>).
const (
	RatingReasonGuideUnclear   = "guide_unclear"  // 办事指南不清楚、不准确
	RatingReasonMaterials      = "materials"      // 材料繁琐、重复提交
	RatingReasonLongWait       = "long_wait"      // 排队等候时间长
	RatingReasonSlow           = "slow"           // 办理时间长、超时限
	RatingReasonRepeatVisits   = "repeat_visits"  // 多次跑腿
	RatingReasonAttitude       = "attitude"       // 服务态度差
	RatingReasonUnprofessional = "unprofessional" // 业务不熟练、解释不清
	RatingReasonFees           = "fees"           // 收费不合理
	RatingReasonSystem         = "system"         // 系统、设备故障
	RatingReasonOther          = "other"          // 其他: needs the text
)

// RatingReasons lists every reason code in the order a screen offers them.
var RatingReasons = []string{
	RatingReasonLongWait, RatingReasonSlow, RatingReasonAttitude, RatingReasonUnprofessional,
	RatingReasonRepeatVisits, RatingReasonMaterials, RatingReasonGuideUnclear, RatingReasonFees,
	RatingReasonSystem, RatingReasonOther,
}

// Reason codes of rating field errors.
const (
	// ReasonRatingLevel: a score that is not one of the five levels (1–5).
	ReasonRatingLevel = "rating_level"
	// ReasonRatingReason: a bad rating without a reason, or a reason not in RatingReasons.
	ReasonRatingReason = "rating_reason"
)

// MaxLongTextRunes caps the free text of a rating comment, a request or an answer.
const MaxLongTextRunes = 1000

// RatingSubject says what a rating is about.
type RatingSubject string

const (
	// RatingOfTicket rates the service a finished queue ticket received at its window.
	RatingOfTicket RatingSubject = "ticket"
	// RatingOfApplication rates the handling of an application (办件).
	RatingOfApplication RatingSubject = "application"
)

// RatingSubmission is what a citizen gives: the four scores, the reasons (required when
// any score is 不满意 or worse) and an optional comment. POST /api/v1/ratings/tickets/{id}
// and /api/v1/ratings/applications/{tracking_no}.
type RatingSubmission struct {
	Scores  RatingScores `json:"scores"`
	Reasons []string     `json:"reasons,omitempty"`
	Text    string       `json:"text,omitempty"`
}

// Validate checks a submission at the edge and normalises it (reasons deduplicated in
// RatingReasons order, text trimmed). Bad input is an *Error with code EINVALID, Field
// the first bad field ("scores.overall", "reasons", "text") and Fields every one.
func (s *RatingSubmission) Validate() error {
	var bad []FieldError
	add := func(field string, p *FieldError) {
		if p != nil {
			p.Field = field
			bad = append(bad, *p)
		}
	}
	for _, a := range RatingAspects {
		switch l := s.Scores.Of(a); {
		case l == 0:
			add("scores."+string(a), problem(ReasonRequired, "score %s from 1 (very dissatisfied) to 5 (very satisfied)", a))
		case !l.Valid():
			add("scores."+string(a), problem(ReasonRatingLevel, "%d is not a rating level: 1 (very dissatisfied) to 5 (very satisfied)", l))
		}
	}
	chosen := map[string]bool{}
	for _, r := range s.Reasons {
		r = strings.TrimSpace(r)
		if !knownReason(r) {
			add("reasons", problem(ReasonRatingReason, "%q is not a rating reason", r))
			continue
		}
		chosen[r] = true
	}
	s.Reasons = nil
	for _, r := range RatingReasons {
		if chosen[r] {
			s.Reasons = append(s.Reasons, r)
		}
	}
	if s.Scores.Bad() && len(s.Reasons) == 0 && !hasField(bad, "reasons") {
		add("reasons", problem(ReasonRatingReason, "a rating of dissatisfied or worse needs a reason: choose at least one"))
	}
	text, p := ValidateLongText(s.Text, MaxLongTextRunes)
	if p != nil && p.Reason != ReasonRequired {
		add("text", p)
	} else if p != nil && chosen[RatingReasonOther] {
		p.Message = "tell us what went wrong when the reason is \"other\""
		add("text", p)
	}
	s.Text = text
	if len(bad) > 0 {
		return &Error{Code: EINVALID, Message: bad[0].Message, Field: bad[0].Field, Fields: bad}
	}
	return nil
}

func knownReason(r string) bool {
	for _, k := range RatingReasons {
		if r == k {
			return true
		}
	}
	return false
}

func hasField(list []FieldError, field string) bool {
	for _, f := range list {
		if f.Field == field {
			return true
		}
	}
	return false
}

// ValidateLongText checks free text that may run over several lines (a comment, a
// complaint, an answer): valid UTF-8, no control characters but line breaks and tabs, at
// most max characters. It returns it trimmed, with CRLF turned into LF; an empty text is
// ReasonRequired (callers with optional text ignore that).
func ValidateLongText(s string, max int) (string, *FieldError) {
	n := strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if n == "" {
		return n, problem(ReasonRequired, "this field is required")
	}
	if !utf8.ValidString(n) {
		return n, problem(ReasonText, "the text has characters that cannot be read")
	}
	for _, r := range n {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || r == utf8.RuneError {
			return n, problem(ReasonText, "the text has characters that cannot be read")
		}
	}
	if utf8.RuneCountInString(n) > max {
		return n, problem(ReasonTooLong, "at most %d characters", max)
	}
	return n, nil
}

// Rating is one stored rating (好差评). It holds nothing personal. FollowUp is set when
// any score is 不满意 or worse: the hall must follow it up (差评整改).
type Rating struct {
	ID      string        `json:"id"` // UUIDv7, born in the hall
	Hall    string        `json:"hall"`
	Subject RatingSubject `json:"subject"`
	// TicketID and TicketNumber name the rated ticket (subject ticket); TrackingNo the
	// rated application (subject application).
	TicketID     string `json:"ticket_id,omitempty"`
	TicketNumber string `json:"ticket_number,omitempty"`
	TrackingNo   string `json:"tracking_no,omitempty"`
	ServiceID    string `json:"service_id,omitempty"`
	// Window is the window that served the ticket (0 when unknown).
	Window   int          `json:"window,omitempty"`
	Scores   RatingScores `json:"scores"`
	Reasons  []string     `json:"reasons,omitempty"`
	Text     string       `json:"text,omitempty"`
	FollowUp bool         `json:"follow_up"`
	// Terminal is the name of the terminal the citizen rated at (a kiosk, a window's pad).
	Terminal string    `json:"terminal,omitempty"`
	RatedAt  time.Time `json:"rated_at"`
	Version  int       `json:"version"`
}

// NewRating makes the rating a validated submission describes, for subject and ref (a
// ticket ID or a tracking number), rated at now; the store fills in the ticket's or
// application's details and the ID.
func NewRating(subject RatingSubject, ref string, s RatingSubmission, now time.Time) Rating {
	r := Rating{Subject: subject, Scores: s.Scores, Reasons: s.Reasons, Text: s.Text,
		FollowUp: s.Scores.Bad(), RatedAt: now.UTC(), Version: 1}
	if subject == RatingOfTicket {
		r.TicketID = ref
	} else {
		r.TrackingNo = ref
	}
	return r
}

// RatingFilter selects ratings for the staff list. Zero values select all.
type RatingFilter struct {
	// FollowUp selects only ratings flagged for follow-up.
	FollowUp bool `json:"follow_up,omitempty"`
	// Window selects one window's ratings.
	Window int `json:"window,omitempty"`
	// Limit caps the answer (DefaultRatingLimit when 0); newest first.
	Limit int `json:"limit,omitempty"`
}

// DefaultRatingLimit is how many ratings a list returns unless told otherwise.
const DefaultRatingLimit = 200

// Validate checks a filter at the edge.
func (f RatingFilter) Validate() error {
	if f.Window < 0 {
		return fieldError("window", ReasonNumber, "window must not be negative")
	}
	if f.Limit < 0 {
		return fieldError("limit", ReasonNumber, "limit must not be negative")
	}
	return nil
}

// fieldError is an EINVALID *Error for one field.
func fieldError(field, reason, msg string) *Error {
	return &Error{Code: EINVALID, Message: msg, Field: field, Fields: []FieldError{{Field: field, Reason: reason, Message: msg}}}
}

// RatingService is the rating system (好差评) at the hall. The hub implements it over its
// store; app/hub's Client again over HTTP. Kiosks (and a window's rating pad, which holds
// a kiosk token) rate; counters and admins also list.
type RatingService interface {
	// RateTicket rates the service a finished ticket received. EINVALID (fields as in
	// RatingSubmission.Validate), ENOTFOUND for an unknown ticket, ECONFLICT when the
	// ticket is not finished (done) or already rated: one rating per ticket.
	RateTicket(ctx context.Context, ticketID string, s RatingSubmission) (Rating, error)
	// RateApplication rates the handling of an application. EINVALID, ENOTFOUND for an
	// unknown tracking number, ECONFLICT when it is already rated: one per application.
	RateApplication(ctx context.Context, trackingNo string, s RatingSubmission) (Rating, error)
	// Ratings lists the hall's ratings, newest first (counter and admin only).
	Ratings(ctx context.Context, f RatingFilter) ([]Rating, error)
}

// String is the rating's one-line summary for logs: no personal data in it.
func (r Rating) String() string {
	ref := r.TicketNumber
	if r.Subject == RatingOfApplication {
		ref = r.TrackingNo
	}
	return fmt.Sprintf("rating %s of %s %s: overall %d, follow-up %t", r.ID, r.Subject, ref, r.Scores.Overall, r.FollowUp)
}
