package app

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// MaskFields returns a copy of form values with every ID-number and phone field masked
// (MaskID, MaskPhone): what screens, slips, logs and central see.
func MaskFields(form Form, v FormValues) FormValues {
	out := make(FormValues, len(v))
	for k, s := range v {
		out[k] = s
	}
	for _, f := range form.Fields {
		s, ok := out[f.Name]
		if !ok {
			continue
		}
		switch f.Type {
		case FieldIDNumber:
			out[f.Name] = MaskID(s)
		case FieldPhone:
			out[f.Name] = MaskPhone(s)
		}
	}
	return out
}

// Masked returns a copy of a with its applicant and personal form fields masked.
func (a Application) Masked(form Form) Application {
	a.Applicant = a.Applicant.Masked()
	a.Fields = MaskFields(form, a.Fields)
	a.Timeline = append([]Step(nil), a.Timeline...)
	a.Received = append([]int(nil), a.Received...)
	return a
}

// NewApplication starts an application from a validated request: status submitted, one
// timeline step, version 1. The caller gives it its tracking number.
func NewApplication(svc *ServiceDetail, req ApplicationRequest, now time.Time) Application {
	fields := req.Fields
	if fields == nil {
		fields = FormValues{}
	}
	return Application{
		Status: StatusSubmitted, ServiceID: svc.ID, ServiceCode: svc.Code, ServiceName: svc.Name,
		ServiceNameEN: svc.NameEN, Kind: svc.Kind, Applicant: req.Applicant, Fields: fields,
		SubmittedAt: now.UTC(),
		Timeline:    []Step{{Action: StepAction(StatusSubmitted), Status: StatusSubmitted, At: now.UTC(), Window: req.Window}},
		Version:     1,
	}
}

// Accept applies the counter's acceptance to a submitted application at now, counting
// terms in the hall's location loc on cal. It returns the materials still missing: when
// there are any, the application only gains a notice step (一次性告知) and stays
// submitted; otherwise it is accepted with its promised and legal dates, and an
// on-the-spot service is approved at once. ECONFLICT unless submitted; EINVALID (field
// "received") for an unknown or repeated material index.
func (a *Application) Accept(svc *ServiceDetail, req AcceptRequest, cal *Calendar, now time.Time, loc *time.Location) ([]Material, error) {
	if a.Status != StatusSubmitted {
		return nil, Errorf(ECONFLICT, "application %s is %s, only a submitted one can be accepted", a.TrackingNo, a.Status)
	}
	got := make(map[int]bool, len(req.Received))
	for _, i := range req.Received {
		if i < 0 || i >= len(svc.Materials) {
			return nil, Errorf(EINVALID, "material %d does not exist: the service has %d", i, len(svc.Materials)).WithField("received")
		}
		if got[i] {
			return nil, Errorf(EINVALID, "material %d is listed twice", i).WithField("received")
		}
		got[i] = true
	}
	if len(req.Note) > MaxFieldRunes*4 {
		return nil, Errorf(EINVALID, "the note is too long").WithField("note")
	}
	now = now.UTC()
	var missing []Material
	var names []string
	for i, m := range svc.Materials {
		if !got[i] {
			missing = append(missing, m)
			names = append(names, m.Name)
		}
	}
	if len(missing) > 0 {
		a.Timeline = append(a.Timeline, Step{Action: StepNotice, Status: a.Status, At: now, Window: req.Window, Note: req.Note, Missing: names})
		a.Version++
		return missing, nil
	}
	received := make([]int, 0, len(got))
	for i := range got {
		received = append(received, i)
	}
	sort.Ints(received)
	local := now.In(loc)
	a.Received = received
	a.Status = StatusAccepted
	a.AcceptedAt = &now
	a.PromisedDate = cal.AddWorkingDays(local, svc.PromisedDays).Format(DateLayout)
	a.LegalDate = cal.AddWorkingDays(local, svc.LegalDays).Format(DateLayout)
	a.Timeline = append(a.Timeline, Step{Action: StepAction(StatusAccepted), Status: StatusAccepted, At: now, Window: req.Window, Note: req.Note})
	if svc.Kind == KindOnTheSpot {
		a.PromisedDate = local.Format(DateLayout)
		a.Status = StatusApproved
		a.Timeline = append(a.Timeline, Step{Action: StepAction(StatusApproved), Status: StatusApproved, At: now, Window: req.Window, Note: "on the spot"})
	}
	a.Version++
	return nil, nil
}

// Advance moves a to req.To at now. EINVALID (field "to") for an unknown status;
// ECONFLICT for a move the machine does not allow, including to accepted (use Accept).
func (a *Application) Advance(req AdvanceRequest, now time.Time) error {
	if !req.To.Valid() {
		return Errorf(EINVALID, "unknown status %q", req.To).WithField("to")
	}
	if req.To == StatusAccepted {
		return Errorf(ECONFLICT, "accept an application with the materials received (accept), not by advancing it")
	}
	if !CanTransition(a.Status, req.To) {
		return Errorf(ECONFLICT, "application %s is %s and cannot become %s", a.TrackingNo, a.Status, req.To)
	}
	note := strings.TrimSpace(req.Note)
	if len(note) > MaxFieldRunes*4 {
		return Errorf(EINVALID, "the note is too long").WithField("note")
	}
	now = now.UTC()
	a.Status = req.To
	a.Timeline = append(a.Timeline, Step{Action: StepAction(req.To), Status: req.To, At: now, Window: req.Window, Note: note})
	a.Version++
	return nil
}

// String describes a for logs, with no personal data.
func (a Application) String() string {
	return fmt.Sprintf("%s %s %s v%d", a.TrackingNo, a.ServiceCode, a.Status, a.Version)
}

// MoveTo applies a decision made elsewhere (central's back office) that lies further along
// the machine than a's status, possibly past steps the hall never saw: DESIGN.md's
// monotonic merge. It records one step with the note. ECONFLICT when to does not follow.
func (a *Application) MoveTo(to ApplicationStatus, note string, now time.Time) error {
	if !to.Valid() {
		return Errorf(EINVALID, "unknown status %q", to)
	}
	if to == a.Status {
		return nil
	}
	a.Status = to
	a.Timeline = append(a.Timeline, Step{Action: StepAction(to), Status: to, At: now.UTC(), Note: strings.TrimSpace(note)})
	a.Version++
	return nil
}

// StatusURL is what a receipt's QR code carries: the link to central's public status page
// for the tracking number when the hall knows it (base such as
// "https://central.example/s/"), or the bare tracking number otherwise. Both scan back
// with TrackingFromStatusURL.
func StatusURL(base, trackingNo string) string {
	if base == "" {
		return trackingNo
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + trackingNo
}

// TrackingFromStatusURL returns the tracking number in a status page link
// (".../s/TC01-20261126-0001?lang=en"), or s unchanged when it is no such link.
func TrackingFromStatusURL(s string) string {
	i := strings.LastIndex(s, "/s/")
	if i < 0 || !strings.Contains(s[:i], "://") {
		return s
	}
	t := s[i+3:]
	if j := strings.IndexAny(t, "?#/"); j >= 0 {
		t = t[:j]
	}
	return t
}
