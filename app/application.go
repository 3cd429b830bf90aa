package app

import (
	"context"
	"fmt"
	"regexp"
	"time"
)

// KindApplication is the outbox kind of an application record: every change of an
// application writes one, in the same transaction as the change.
const KindApplication = "application"

// EventApplicationChanged is published on the hall's live stream whenever an application
// is stored or changes; Event.Application carries it, masked.
const EventApplicationChanged = "application.changed"

// ApplicationStatus is where an application stands. The machine is forward-only:
//
//	submitted → accepted → in_review → approved | rejected → delivered
//	submitted | accepted | in_review → withdrawn
//
// accepted may also go straight to approved or rejected (an on-the-spot service, 即办件,
// is accepted and approved in the same step).
type ApplicationStatus string

const (
	// StatusSubmitted is a pre-application (预申请) made at the kiosk or started at the
	// counter, not yet accepted.
	StatusSubmitted ApplicationStatus = "submitted"
	// StatusAccepted is accepted at the window (受理) with every material received; the
	// promised term runs from here.
	StatusAccepted ApplicationStatus = "accepted"
	// StatusInReview is being decided in the back office (审查).
	StatusInReview ApplicationStatus = "in_review"
	// StatusApproved is decided in the applicant's favour (办结, 准予).
	StatusApproved ApplicationStatus = "approved"
	// StatusRejected is refused (不予许可).
	StatusRejected ApplicationStatus = "rejected"
	// StatusDelivered is the result handed over (送达): final.
	StatusDelivered ApplicationStatus = "delivered"
	// StatusWithdrawn is withdrawn by the applicant (撤回): final.
	StatusWithdrawn ApplicationStatus = "withdrawn"
)

// ApplicationStatuses lists every status in machine order.
var ApplicationStatuses = []ApplicationStatus{StatusSubmitted, StatusAccepted, StatusInReview, StatusApproved, StatusRejected, StatusDelivered, StatusWithdrawn}

// Valid reports whether s is a known status.
func (s ApplicationStatus) Valid() bool {
	for _, k := range ApplicationStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// Final reports whether nothing can follow s.
func (s ApplicationStatus) Final() bool { return s == StatusDelivered || s == StatusWithdrawn }

// Decided reports whether the application has its decision (approved or rejected, or
// delivered after it): its deadline no longer runs.
func (s ApplicationStatus) Decided() bool {
	return s == StatusApproved || s == StatusRejected || s == StatusDelivered
}

var transitions = map[ApplicationStatus][]ApplicationStatus{
	StatusSubmitted: {StatusAccepted, StatusWithdrawn},
	StatusAccepted:  {StatusInReview, StatusApproved, StatusRejected, StatusWithdrawn},
	StatusInReview:  {StatusApproved, StatusRejected, StatusWithdrawn},
	StatusApproved:  {StatusDelivered},
	StatusRejected:  {StatusDelivered},
}

// CanTransition reports whether the machine allows from → to.
func CanTransition(from, to ApplicationStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// NextStatuses lists what may follow s, in machine order (none for a final status).
func NextStatuses(s ApplicationStatus) []ApplicationStatus {
	return append([]ApplicationStatus(nil), transitions[s]...)
}

// DeadlineState says how an accepted application stands against its promised date.
type DeadlineState string

const (
	// DeadlineNone: not yet accepted, or decided, or withdrawn: no deadline runs.
	DeadlineNone DeadlineState = ""
	// DeadlineOnTime: more than DueSoonWorkingDays working days left.
	DeadlineOnTime DeadlineState = "on_time"
	// DeadlineDueSoon: due today or within DueSoonWorkingDays working days.
	DeadlineDueSoon DeadlineState = "due_soon"
	// DeadlineOverdue: the promised date has passed.
	DeadlineOverdue DeadlineState = "overdue"
)

// DueSoonWorkingDays is the window in which an application counts as due soon.
const DueSoonWorkingDays = 2

// DateLayout is how dates travel: promised dates, date form fields.
const DateLayout = "2006-01-02"

// StepAction is what happened in one timeline step: a status the application entered, or
// StepNotice for a one-time notice (一次性告知) of missing materials, which changes no status.
type StepAction string

// StepNotice is the timeline action of a one-time notice.
const StepNotice StepAction = "notice"

// Step is one entry of an application's timeline, oldest first.
type Step struct {
	Action StepAction        `json:"action"` // a status name, or "notice"
	Status ApplicationStatus `json:"status"` // the status after the step
	At     time.Time         `json:"at"`
	Window int               `json:"window,omitempty"` // the counter window, when one did it
	Note   string            `json:"note,omitempty"`
	// Missing names the materials a one-time notice listed (notice steps only).
	Missing []string `json:"missing,omitempty"`
}

// Applicant is the person applying. Over the API the ID number and phone are always
// masked (MaskID, MaskPhone) and the name too (MaskName); the hub stores the ID number and
// phone encrypted.
type Applicant struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
}

// Masked returns a copy with every personal field masked.
func (a Applicant) Masked() Applicant {
	return Applicant{Name: MaskName(a.Name), IDNumber: MaskID(a.IDNumber), Phone: MaskPhone(a.Phone)}
}

// ApplicationRequest is a pre-application (预申请): POST /api/v1/applications.
type ApplicationRequest struct {
	ServiceID string    `json:"service_id"`
	Applicant Applicant `json:"applicant"`
	// Fields holds the service's form values by field name. Over JSON a value may be a
	// string or a number; FormValues.UnmarshalJSON decodes both to text.
	Fields FormValues `json:"fields"`
	// Window is set when a counter starts the application itself (0 at the kiosk).
	Window int `json:"window,omitempty"`
}

// AcceptRequest is the counter's acceptance (受理): which of the service's materials the
// citizen brought.
type AcceptRequest struct {
	// Received holds the indices (0-based, into ServiceDetail.Materials) of the materials
	// received. Unknown or repeated indices are EINVALID.
	Received []int  `json:"received"`
	Window   int    `json:"window,omitempty"`
	Note     string `json:"note,omitempty"`
}

// AcceptResult is what acceptance did. When Missing is not empty nothing was accepted: the
// application stays submitted, a notice step records the missing items, and the counter
// prints a one-time notice (一次性告知书) listing every one of them. Otherwise the
// application is accepted with its PromisedDate (on-the-spot services: approved at once).
type AcceptResult struct {
	Application Application `json:"application"`
	Missing     []Material  `json:"missing,omitempty"`
}

// Complete reports whether every material was received and the application accepted.
func (r AcceptResult) Complete() bool { return len(r.Missing) == 0 }

// AdvanceRequest moves an application forward: POST /api/v1/applications/{no}/advance.
type AdvanceRequest struct {
	To     ApplicationStatus `json:"to"`
	Window int               `json:"window,omitempty"`
	Note   string            `json:"note,omitempty"`
}

// ApplicationFilter selects applications for the counter's list. Zero values select all.
type ApplicationFilter struct {
	Status    ApplicationStatus `json:"status,omitempty"`
	ServiceID string            `json:"service_id,omitempty"`
	// Deadline selects by deadline state; Overdue is shorthand for Deadline = overdue.
	Deadline DeadlineState `json:"deadline,omitempty"`
	Overdue  bool          `json:"overdue,omitempty"`
	// Limit caps the answer (DefaultApplicationLimit when 0); newest first.
	Limit int `json:"limit,omitempty"`
}

// DefaultApplicationLimit is how many applications a list returns unless told otherwise.
const DefaultApplicationLimit = 200

// Application is one application (办件) as the hub returns it: always with the applicant
// masked.
type Application struct {
	TrackingNo    string            `json:"tracking_no"` // {hall}-{yyyymmdd}-{seq}
	Status        ApplicationStatus `json:"status"`
	ServiceID     string            `json:"service_id"`
	ServiceCode   string            `json:"service_code"`
	ServiceName   string            `json:"service_name"`
	ServiceNameEN string            `json:"service_name_en"`
	Kind          ServiceKind       `json:"kind"`
	Applicant     Applicant         `json:"applicant"`
	Fields        FormValues        `json:"fields"`
	// Received lists the indices of the materials received at acceptance.
	Received    []int      `json:"received,omitempty"`
	SubmittedAt time.Time  `json:"submitted_at"`
	AcceptedAt  *time.Time `json:"accepted_at,omitempty"`
	// PromisedDate is the promised completion date (承诺办结日期), 2006-01-02, counted on the
	// working-day calendar from acceptance; LegalDate likewise for the legal term. Empty
	// before acceptance.
	PromisedDate string `json:"promised_date,omitempty"`
	LegalDate    string `json:"legal_date,omitempty"`
	// Deadline and DaysLeft (working days until PromisedDate; negative when late) are
	// computed when the application is read, for the hall's today.
	Deadline DeadlineState `json:"deadline,omitempty"`
	DaysLeft int           `json:"days_left,omitempty"`
	Timeline []Step        `json:"timeline"`
	// Warnings are problems that did not stop the application, such as a credit code
	// that fails only its check character. Returned by submission only.
	Warnings []FieldError `json:"warnings,omitempty"`
	Version  int          `json:"version"`
}

// trackingRe matches a tracking number.
var trackingRe = regexp.MustCompile(`^[A-Za-z0-9]{1,16}-[0-9]{8}-[0-9]{4,}$`)

// ValidTrackingNo reports whether s looks like a tracking number {hall}-{yyyymmdd}-{seq}.
func ValidTrackingNo(s string) bool { return trackingRe.MatchString(s) }

// TrackingNo formats a tracking number: hall code, the hall-local day, and the day's
// sequence zero-padded to 4 digits (TC01-20260105-0001).
func TrackingNo(hall string, day time.Time, seq int) string {
	return fmt.Sprintf("%s-%s-%04d", hall, day.Format("20060102"), seq)
}

// DeadlineOf computes the deadline state and the working days left of an application with
// the given status and promised date (2006-01-02) for the day today, on cal.
func DeadlineOf(cal *Calendar, status ApplicationStatus, promised string, today time.Time) (DeadlineState, int) {
	if promised == "" || (status != StatusAccepted && status != StatusInReview) {
		return DeadlineNone, 0
	}
	due, err := time.ParseInLocation(DateLayout, promised, today.Location())
	if err != nil {
		return DeadlineNone, 0
	}
	left := cal.WorkingDaysBetween(today, due)
	y1, m1, d1 := today.Date()
	y2, m2, d2 := due.Date()
	todayDate := time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)
	dueDate := time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC)
	switch {
	case todayDate.After(dueDate):
		return DeadlineOverdue, left
	case left <= DueSoonWorkingDays:
		return DeadlineDueSoon, left
	}
	return DeadlineOnTime, left
}

// ServiceDetail is a service's whole guide entry (办事指南): GET /api/v1/services/{id}.
// It is the catalogue entry (code, names, pinyin, department code, queue, kind, terms,
// fee, materials, legal basis, windows, form) with the service's ID and its department's
// names.
type ServiceDetail struct {
	ID string `json:"id"`
	CatalogueService
	DepartmentName   string `json:"department_name"`
	DepartmentNameEN string `json:"department_name_en"`
}

// GuideService is the service guide a terminal reads: the hub implements it over its
// catalogue, app/hub's Client again over HTTP.
type GuideService interface {
	// SearchServices finds services by Chinese text, full pinyin ("hukou"), pinyin initials
	// ("hj"), department or keyword ("社保"), best match first. An empty q lists the
	// whole catalogue in its order.
	SearchServices(ctx context.Context, q string) ([]Service, error)
	// Service returns a service's whole guide entry. ENOTFOUND for an unknown ID.
	Service(ctx context.Context, id string) (ServiceDetail, error)
}

// ApplicationService is what terminals do with applications. The hub implements it over
// its store; app/hub's Client again over HTTP. Every application returned has its
// applicant masked. Kiosks may submit and read by tracking number; counters and admins
// do everything.
type ApplicationService interface {
	// SubmitApplication validates and stores a pre-application and gives it the next
	// tracking number. Invalid input is an *Error with code EINVALID whose Field is the
	// first bad field (e.g. "applicant.id_number", "fields.birth_date") and whose Fields
	// list every one; nothing is stored and no number is taken. ENOTFOUND for an unknown
	// service. Warnings come back in Application.Warnings.
	SubmitApplication(ctx context.Context, req ApplicationRequest) (Application, error)
	// Application returns one application with its timeline. ENOTFOUND.
	Application(ctx context.Context, trackingNo string) (Application, error)
	// Applications lists the hall's applications, newest first, with deadline states.
	Applications(ctx context.Context, f ApplicationFilter) ([]Application, error)
	// AcceptApplication accepts a submitted application at the counter (see
	// AcceptResult). ECONFLICT unless it is submitted; EINVALID for bad indices.
	AcceptApplication(ctx context.Context, trackingNo string, req AcceptRequest) (AcceptResult, error)
	// AdvanceApplication moves an application forward along the machine. ECONFLICT for a
	// move the machine does not allow; EINVALID for an unknown status.
	AdvanceApplication(ctx context.Context, trackingNo string, req AdvanceRequest) (Application, error)
	// WithdrawApplication withdraws it (撤回). ECONFLICT once decided.
	WithdrawApplication(ctx context.Context, trackingNo string, reason string) (Application, error)
}
