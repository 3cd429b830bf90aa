package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// KindRequest is the outbox kind of a request (咨询/投诉/求助/依申请公开): every change of
// a request writes one, in the same transaction as the change.
const KindRequest = "request"

// Events of requests on the hall's live stream. Event.Request carries the request with
// its contact masked and without its text or answer (every terminal hears the stream;
// staff read the whole request with Requests).
const (
	EventRequestCreated = "request.created"
	EventRequestChanged = "request.changed"
)

// RequestKind is what a citizen asks for.
type RequestKind string

const (
	// RequestConsultation is a consultation (咨询).
	RequestConsultation RequestKind = "consultation"
	// RequestComplaint is a complaint (投诉).
	RequestComplaint RequestKind = "complaint"
	// RequestHelp is a help request (求助).
	RequestHelp RequestKind = "help"
	// RequestDisclosure is an application for government information disclosure
	// (政府信息公开申请, 依申请公开): it carries Disclosure.
	RequestDisclosure RequestKind = "disclosure"
)

// RequestKinds lists the kinds in the order a screen offers them.
var RequestKinds = []RequestKind{RequestConsultation, RequestComplaint, RequestHelp, RequestDisclosure}

// Valid reports whether k is a known kind.
func (k RequestKind) Valid() bool {
	for _, v := range RequestKinds {
		if k == v {
			return true
		}
	}
	return false
}

// RequestStatus is where a request stands: received → answered → closed, or received →
// closed. Forward only; closed is final.
type RequestStatus string

const (
	// RequestReceived is registered and waiting for an answer (已登记).
	RequestReceived RequestStatus = "received"
	// RequestAnswered has its answer (已答复).
	RequestAnswered RequestStatus = "answered"
	// RequestClosed is done (已办结): final.
	RequestClosed RequestStatus = "closed"
)

// Valid reports whether s is a known status.
func (s RequestStatus) Valid() bool {
	return s == RequestReceived || s == RequestAnswered || s == RequestClosed
}

// DeliveryForm is how the information of a disclosure request reaches the applicant
// (获取信息的方式).
type DeliveryForm string

const (
	// DeliveryPickup: on paper, collected at the hall (自行领取).
	DeliveryPickup DeliveryForm = "pickup"
	// DeliveryMail: on paper by post (邮寄); needs Contact.Address.
	DeliveryMail DeliveryForm = "mail"
	// DeliveryEmail: electronically by e-mail (电子邮件); needs Contact.Email.
	DeliveryEmail DeliveryForm = "email"
	// DeliveryOnsite: read and copied at the hall (当场阅读、抄录).
	DeliveryOnsite DeliveryForm = "onsite"
)

// DeliveryForms lists the delivery forms in the order a screen offers them.
var DeliveryForms = []DeliveryForm{DeliveryPickup, DeliveryMail, DeliveryEmail, DeliveryOnsite}

// Valid reports whether d is a known delivery form.
func (d DeliveryForm) Valid() bool {
	for _, v := range DeliveryForms {
		if d == v {
			return true
		}
	}
	return false
}

// Disclosure is what a disclosure request (依申请公开) asks for.
type Disclosure struct {
	// Information describes the government information requested (所需信息的内容描述).
	Information string `json:"information"`
	// Purpose is what the applicant needs it for (用途), optional.
	Purpose  string       `json:"purpose,omitempty"`
	Delivery DeliveryForm `json:"delivery"`
}

// Contact is the person making a request. Over the API it is always masked (Masked); the
// hub stores it sealed like an applicant's data.
type Contact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	// Address is where information goes by post (disclosure with DeliveryMail).
	Address string `json:"address,omitempty"`
	// Email is where information goes electronically (disclosure with DeliveryEmail).
	Email string `json:"email,omitempty"`
}

// Masked returns a copy with every field masked.
func (c Contact) Masked() Contact {
	return Contact{Name: MaskName(c.Name), Phone: MaskPhone(c.Phone), Address: MaskAddress(c.Address), Email: MaskEmail(c.Email)}
}

// MaskAddress keeps the first six characters of an address (province, city: 四川省达州市)
// and masks the rest with four stars; a shorter one keeps its first character.
func MaskAddress(s string) string {
	r := []rune(s)
	switch {
	case len(r) == 0:
		return ""
	case len(r) <= 6:
		return string(r[:1]) + "****"
	}
	return string(r[:6]) + "****"
}

// MaskEmail keeps the first character of the local part and the domain: z***@example.cn.
func MaskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return MaskName(s)
	}
	first, _ := utf8.DecodeRuneInString(s)
	return string(first) + "***" + s[at:]
}

// ReasonEmail is the field-error reason of an e-mail address that is not one.
const ReasonEmail = "email"

// emailRe is a plain address check: something@domain.tld, no spaces.
var emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)

// ValidateEmail checks an e-mail address (at most 100 characters). It returns it trimmed.
func ValidateEmail(s string) (string, *FieldError) {
	n := strings.TrimSpace(normalizeWidth(s))
	if n == "" {
		return n, problem(ReasonRequired, "the e-mail address is required")
	}
	if len(n) > 100 || !emailRe.MatchString(n) {
		return n, problem(ReasonEmail, "write the e-mail address as name@example.cn")
	}
	return n, nil
}

// RequestSubmission is a new request: POST /api/v1/requests.
type RequestSubmission struct {
	Kind    RequestKind `json:"kind"`
	Subject string      `json:"subject"` // one line: 事由 / 标题
	Text    string      `json:"text"`    // the whole matter; optional for a disclosure request
	Contact Contact     `json:"contact"`
	// Disclosure is required for RequestDisclosure and refused for every other kind.
	Disclosure *Disclosure `json:"disclosure,omitempty"`
	// ServiceID names the service the request concerns, optional (the hub checks it).
	ServiceID string `json:"service_id,omitempty"`
	// Window is set when a counter registers the request for a citizen (0 at the kiosk).
	Window int `json:"window,omitempty"`
}

// Validate checks a submission at the edge and normalises it (texts trimmed, the phone
// as 11 digits). Bad input is an *Error with code EINVALID, Field the first bad field
// ("kind", "subject", "text", "contact.name", "contact.phone", "contact.address",
// "contact.email", "disclosure", "disclosure.information", "disclosure.purpose",
// "disclosure.delivery", "window") and Fields every one, each with its reason code.
func (s *RequestSubmission) Validate() error {
	var bad []FieldError
	add := func(field string, p *FieldError) {
		if p != nil {
			p.Field = field
			bad = append(bad, *p)
		}
	}
	if !s.Kind.Valid() {
		if s.Kind == "" {
			add("kind", problem(ReasonRequired, "choose consultation, complaint, help or disclosure"))
		} else {
			add("kind", problem(ReasonChoice, "%q is not a request kind", s.Kind))
		}
	}
	var p *FieldError
	s.Subject, p = ValidateText(s.Subject)
	add("subject", p)
	text, p := ValidateLongText(s.Text, MaxLongTextRunes)
	if p != nil && (p.Reason != ReasonRequired || s.Kind != RequestDisclosure) {
		add("text", p)
	}
	s.Text = text
	s.Contact.Name, p = ValidateName(s.Contact.Name)
	add("contact.name", p)
	s.Contact.Phone, p = ValidatePhone(s.Contact.Phone)
	add("contact.phone", p)
	s.Contact.Address, s.Contact.Email = strings.TrimSpace(s.Contact.Address), strings.TrimSpace(s.Contact.Email)
	if s.Window < 0 {
		add("window", problem(ReasonNumber, "window must not be negative"))
	}
	d := s.Disclosure
	switch {
	case s.Kind == RequestDisclosure && d == nil:
		add("disclosure.information", problem(ReasonRequired, "describe the information you ask for"))
	case s.Kind != RequestDisclosure && d != nil && s.Kind.Valid():
		add("disclosure", problem(ReasonUnknownField, "only a disclosure request carries disclosure details"))
	case d != nil:
		d.Information, p = ValidateLongText(d.Information, MaxLongTextRunes)
		if p != nil && p.Reason == ReasonRequired {
			p.Message = "describe the information you ask for"
		}
		add("disclosure.information", p)
		if d.Purpose, p = ValidateText(d.Purpose); p != nil && p.Reason != ReasonRequired {
			add("disclosure.purpose", p)
		}
		switch {
		case d.Delivery == "":
			add("disclosure.delivery", problem(ReasonRequired, "choose how the information reaches you"))
		case !d.Delivery.Valid():
			add("disclosure.delivery", problem(ReasonChoice, "%q is not a delivery form", d.Delivery))
		case d.Delivery == DeliveryMail:
			s.Contact.Address, p = ValidateText(s.Contact.Address)
			if p != nil && p.Reason == ReasonRequired {
				p.Message = "a postal address is needed to send the information by post"
			}
			add("contact.address", p)
		case d.Delivery == DeliveryEmail:
			s.Contact.Email, p = ValidateEmail(s.Contact.Email)
			add("contact.email", p)
		}
	}
	if s.Contact.Address != "" && !hasField(bad, "contact.address") {
		s.Contact.Address, p = ValidateText(s.Contact.Address)
		add("contact.address", p)
	}
	if s.Contact.Email != "" && !hasField(bad, "contact.email") {
		s.Contact.Email, p = ValidateEmail(s.Contact.Email)
		add("contact.email", p)
	}
	if len(bad) > 0 {
		return &Error{Code: EINVALID, Message: bad[0].Message, Field: bad[0].Field, Fields: bad}
	}
	return nil
}

// Request is one request as the hub returns it: always with its contact masked.
//
// Its tracking number is {hall}-R-{yyyymmdd}-{seq} (TC01-R-20261126-0007): the hall
// code, the letter R, the hall-local day and the day's own request sequence, zero-padded
// to 4 digits. The R part keeps it apart from an application's {hall}-{yyyymmdd}-{seq}
// (hall codes are letters and digits only), so neither ever collides with the other and
// a scanned number tells which kind of record to open; it is unique across the city
// without asking central, like an application's.
type Request struct {
	TrackingNo  string        `json:"tracking_no"`
	Hall        string        `json:"hall"`
	Kind        RequestKind   `json:"kind"`
	Status      RequestStatus `json:"status"`
	Subject     string        `json:"subject"`
	Text        string        `json:"text,omitempty"`
	Contact     Contact       `json:"contact"`
	Disclosure  *Disclosure   `json:"disclosure,omitempty"`
	ServiceID   string        `json:"service_id,omitempty"`
	Window      int           `json:"window,omitempty"`
	Terminal    string        `json:"terminal,omitempty"` // the terminal it was registered at
	SubmittedAt time.Time     `json:"submitted_at"`
	// Answer is the hall's reply (答复), with when and at which window it was given.
	Answer       string     `json:"answer,omitempty"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
	AnswerWindow int        `json:"answer_window,omitempty"`
	// CloseNote is what staff wrote when closing an answered request.
	CloseNote string     `json:"close_note,omitempty"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	Version   int        `json:"version"`
}

// Masked returns a copy with the contact masked.
func (r Request) Masked() Request {
	r.Contact = r.Contact.Masked()
	if r.Disclosure != nil {
		d := *r.Disclosure
		r.Disclosure = &d
	}
	return r
}

// Announced returns what the live stream carries of r: masked, without its text,
// disclosure details, answer or note.
func (r Request) Announced() Request {
	m := r.Masked()
	m.Text, m.Disclosure, m.Answer, m.CloseNote = "", nil, "", ""
	return m
}

// NewRequest makes the request a validated submission describes, received at now; the
// store gives it its tracking number.
func NewRequest(s RequestSubmission, now time.Time) Request {
	return Request{Kind: s.Kind, Status: RequestReceived, Subject: s.Subject, Text: s.Text, Contact: s.Contact,
		Disclosure: s.Disclosure, ServiceID: s.ServiceID, Window: s.Window, SubmittedAt: now.UTC(), Version: 1}
}

// RequestAnswer is staff's reply to a request: POST /api/v1/requests/{tracking_no}/answer.
// Without Close it answers a received request (the answer is required). With Close it
// closes the request: a received one needs the answer (why it is closed), an answered one
// takes an optional note.
type RequestAnswer struct {
	Answer string `json:"answer"`
	Close  bool   `json:"close,omitempty"`
	Window int    `json:"window,omitempty"`
}

// ApplyAnswer moves r forward by a. EINVALID (field "answer") for a missing or bad
// answer, ECONFLICT for a move the machine does not allow (answering twice, anything
// after closed). It bumps the version.
func (r *Request) ApplyAnswer(a RequestAnswer, now time.Time) error {
	switch {
	case r.Status == RequestClosed:
		return Errorf(ECONFLICT, "request %s is closed", r.TrackingNo)
	case !a.Close && r.Status != RequestReceived:
		return Errorf(ECONFLICT, "request %s is already answered", r.TrackingNo)
	}
	if a.Window < 0 {
		return fieldError("window", ReasonNumber, "window must not be negative")
	}
	text, p := ValidateLongText(a.Answer, MaxLongTextRunes)
	needText := !a.Close || r.Status == RequestReceived
	if p != nil && (p.Reason != ReasonRequired || needText) {
		if p.Reason == ReasonRequired {
			p.Message = "write the answer"
		}
		p.Field = "answer"
		return &Error{Code: EINVALID, Message: p.Message, Field: "answer", Fields: []FieldError{*p}}
	}
	now = now.UTC()
	switch {
	case r.Status == RequestReceived:
		r.Answer, r.AnsweredAt, r.AnswerWindow = text, &now, a.Window
		r.Status = RequestAnswered
		if a.Close {
			r.Status, r.ClosedAt = RequestClosed, &now
		}
	default: // closing an answered request
		r.Status, r.ClosedAt, r.CloseNote = RequestClosed, &now, text
	}
	r.Version++
	return nil
}

// RequestFilter selects requests for the staff list. Zero values select all.
type RequestFilter struct {
	Kind   RequestKind   `json:"kind,omitempty"`
	Status RequestStatus `json:"status,omitempty"`
	// Limit caps the answer (DefaultRequestLimit when 0); newest first.
	Limit int `json:"limit,omitempty"`
}

// DefaultRequestLimit is how many requests a list returns unless told otherwise.
const DefaultRequestLimit = 200

// Validate checks a filter at the edge.
func (f RequestFilter) Validate() error {
	if f.Kind != "" && !f.Kind.Valid() {
		return fieldError("kind", ReasonChoice, fmt.Sprintf("unknown request kind %q", f.Kind))
	}
	if f.Status != "" && !f.Status.Valid() {
		return fieldError("status", ReasonChoice, fmt.Sprintf("unknown request status %q", f.Status))
	}
	if f.Limit < 0 {
		return fieldError("limit", ReasonNumber, "limit must not be negative")
	}
	return nil
}

// requestTrackingRe matches a request's tracking number.
var requestTrackingRe = regexp.MustCompile(`^[A-Za-z0-9]{1,16}-R-[0-9]{8}-[0-9]{4,}$`)

// ValidRequestTrackingNo reports whether s looks like a request's tracking number
// {hall}-R-{yyyymmdd}-{seq}. No application's number matches it, and it matches no
// application's.
func ValidRequestTrackingNo(s string) bool { return requestTrackingRe.MatchString(s) }

// RequestTrackingNo formats a request's tracking number: hall code, R, the hall-local day
// and the day's request sequence zero-padded to 4 digits (TC01-R-20260105-0001).
func RequestTrackingNo(hall string, day time.Time, seq int) string {
	return fmt.Sprintf("%s-R-%s-%04d", hall, day.Format("20060102"), seq)
}

// RequestService is what terminals do with requests. The hub implements it over its
// store; app/hub's Client again over HTTP. Every request returned has its contact masked.
// Kiosks submit and read one by tracking number; counters and admins also list and answer.
type RequestService interface {
	// SubmitRequest validates and stores a request and gives it the next request tracking
	// number. EINVALID (fields as in RequestSubmission.Validate): nothing is stored and no
	// number taken. ENOTFOUND for an unknown ServiceID (field "service_id").
	SubmitRequest(ctx context.Context, s RequestSubmission) (Request, error)
	// Request returns one request by tracking number, masked. ENOTFOUND.
	Request(ctx context.Context, trackingNo string) (Request, error)
	// Requests lists the hall's requests, newest first (counter and admin only).
	Requests(ctx context.Context, f RequestFilter) ([]Request, error)
	// AnswerRequest answers or closes a request (see RequestAnswer). EINVALID, ENOTFOUND,
	// ECONFLICT.
	AnswerRequest(ctx context.Context, trackingNo string, a RequestAnswer) (Request, error)
}
