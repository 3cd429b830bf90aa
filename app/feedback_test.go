package app_test

import (
	"strings"
	"testing"
	"time"

	"servicehall/app"
)

func fieldsOf(err error) string {
	e, ok := err.(*app.Error)
	if !ok {
		return ""
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+"/"+f.Reason)
	}
	return strings.Join(out, " ")
}

func TestRatingSubmissionValidate(t *testing.T) {
	all := func(l app.RatingLevel) app.RatingScores {
		return app.RatingScores{Overall: l, Efficiency: l, Quality: l, Attitude: l}
	}
	for _, c := range []struct {
		name string
		in   app.RatingSubmission
		want string // the bad fields, "" when valid
	}{
		{"all very satisfied", app.RatingSubmission{Scores: all(5)}, ""},
		{"basic needs no reason", app.RatingSubmission{Scores: all(3)}, ""},
		{"dissatisfied needs a reason", app.RatingSubmission{Scores: all(2)}, "reasons/rating_reason"},
		{"one bad aspect needs a reason", app.RatingSubmission{Scores: app.RatingScores{Overall: 4, Efficiency: 4, Quality: 4, Attitude: 1}}, "reasons/rating_reason"},
		{"bad with a reason", app.RatingSubmission{Scores: all(1), Reasons: []string{"attitude"}}, ""},
		{"unknown reason", app.RatingSubmission{Scores: all(1), Reasons: []string{"rude"}}, "reasons/rating_reason"},
		{"other needs text", app.RatingSubmission{Scores: all(2), Reasons: []string{"other"}}, "text/required"},
		{"other with text", app.RatingSubmission{Scores: all(2), Reasons: []string{"other"}, Text: "空调太冷"}, ""},
		{"unscored aspects", app.RatingSubmission{Scores: app.RatingScores{Overall: 5}}, "scores.efficiency/required scores.quality/required scores.attitude/required"},
		{"out of range", app.RatingSubmission{Scores: app.RatingScores{Overall: 0, Efficiency: -1, Quality: 6, Attitude: 5}}, "scores.overall/required scores.efficiency/rating_level scores.quality/rating_level"},
		{"control characters", app.RatingSubmission{Scores: all(5), Text: "好\x00"}, "text/text"},
		{"too long", app.RatingSubmission{Scores: all(5), Text: strings.Repeat("好", app.MaxLongTextRunes+1)}, "text/too_long"},
	} {
		err := c.in.Validate()
		if got := fieldsOf(err); got != c.want || (c.want == "") != (err == nil) {
			t.Errorf("%s: %q (%v), want %q", c.name, got, err, c.want)
		}
	}
	s := app.RatingSubmission{Scores: all(1), Reasons: []string{"other", " long_wait ", "long_wait"}, Text: " 太慢\r\n了 "}
	if err := s.Validate(); err != nil || strings.Join(s.Reasons, ",") != "long_wait,other" || s.Text != "太慢\n了" {
		t.Fatalf("normalised %+v %v", s, err)
	}
	if r := app.NewRating(app.RatingOfTicket, "t1", s, time.Now()); !r.FollowUp || r.TicketID != "t1" || r.Version != 1 {
		t.Fatalf("NewRating %+v", r)
	}
}

func TestRequestSubmissionValidate(t *testing.T) {
	contact := app.Contact{Name: "张三", Phone: "+86 139-1234-5678"}
	for _, c := range []struct {
		name string
		in   app.RequestSubmission
		want string
	}{
		{"consultation", app.RequestSubmission{Kind: app.RequestConsultation, Subject: "咨询", Text: "怎么办", Contact: contact}, ""},
		{"no kind", app.RequestSubmission{Subject: "咨询", Text: "怎么办", Contact: contact}, "kind/required"},
		{"bad kind", app.RequestSubmission{Kind: "praise", Subject: "咨询", Text: "怎么办", Contact: contact}, "kind/choice"},
		{"empty", app.RequestSubmission{Kind: app.RequestHelp}, "subject/required text/required contact.name/required contact.phone/required"},
		{"landline", app.RequestSubmission{Kind: app.RequestHelp, Subject: "求助", Text: "x", Contact: app.Contact{Name: "张三", Phone: "0818-2123456"}}, "contact.phone/phone"},
		{"disclosure without details", app.RequestSubmission{Kind: app.RequestDisclosure, Subject: "公开", Contact: contact}, "disclosure.information/required"},
		{"disclosure pickup", app.RequestSubmission{Kind: app.RequestDisclosure, Subject: "公开", Contact: contact,
			Disclosure: &app.Disclosure{Information: "预算", Delivery: app.DeliveryPickup}}, ""},
		{"disclosure no delivery", app.RequestSubmission{Kind: app.RequestDisclosure, Subject: "公开", Contact: contact,
			Disclosure: &app.Disclosure{Information: "预算"}}, "disclosure.delivery/required"},
		{"disclosure by mail needs an address", app.RequestSubmission{Kind: app.RequestDisclosure, Subject: "公开", Contact: contact,
			Disclosure: &app.Disclosure{Information: "预算", Delivery: app.DeliveryMail}}, "contact.address/required"},
		{"disclosure by e-mail, bad address", app.RequestSubmission{Kind: app.RequestDisclosure, Subject: "公开",
			Contact: app.Contact{Name: "张三", Phone: "13912345678", Email: "zhang at example"}, Disclosure: &app.Disclosure{Information: "预算", Delivery: app.DeliveryEmail}}, "contact.email/email"},
		{"details on a complaint", app.RequestSubmission{Kind: app.RequestComplaint, Subject: "投诉", Text: "x", Contact: contact,
			Disclosure: &app.Disclosure{Information: "预算", Delivery: app.DeliveryPickup}}, "disclosure/unknown_field"},
	} {
		err := c.in.Validate()
		if got := fieldsOf(err); got != c.want || (c.want == "") != (err == nil) {
			t.Errorf("%s: %q (%v), want %q", c.name, got, err, c.want)
		}
	}
	s := app.RequestSubmission{Kind: app.RequestHelp, Subject: " 求助 ", Text: "x", Contact: contact}
	if err := s.Validate(); err != nil || s.Contact.Phone != "13912345678" || s.Subject != "求助" {
		t.Fatalf("normalised %+v %v", s, err)
	}
}

func TestRequestAnswerMachine(t *testing.T) {
	now := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)
	r := app.Request{TrackingNo: "TC01-R-20260105-0001", Status: app.RequestReceived, Version: 1}
	if err := r.ApplyAnswer(app.RequestAnswer{Close: true}, now); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("closing a received request without a word: %v", err)
	}
	if err := r.ApplyAnswer(app.RequestAnswer{Answer: "已答复"}, now); err != nil || r.Status != app.RequestAnswered || r.Version != 2 {
		t.Fatalf("answer: %+v %v", r, err)
	}
	if err := r.ApplyAnswer(app.RequestAnswer{Answer: "again"}, now); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("answer twice: %v", err)
	}
	if err := r.ApplyAnswer(app.RequestAnswer{Close: true}, now); err != nil || r.Status != app.RequestClosed || r.Version != 3 || r.Answer != "已答复" {
		t.Fatalf("close: %+v %v", r, err)
	}
	if err := r.ApplyAnswer(app.RequestAnswer{Close: true, Answer: "x"}, now); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("after closed: %v", err)
	}
}

func TestRequestTrackingNumbersNeverCollide(t *testing.T) {
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	req, appl := app.RequestTrackingNo("TC01", day, 7), app.TrackingNo("TC01", day, 7)
	if req != "TC01-R-20261126-0007" || !app.ValidRequestTrackingNo(req) || app.ValidTrackingNo(req) {
		t.Fatalf("request number %q", req)
	}
	if app.ValidRequestTrackingNo(appl) {
		t.Fatalf("application number %q passes as a request's", appl)
	}
	// A hall code cannot contain "-R": hall codes are letters and digits only.
	if app.ValidRequestTrackingNo("TC01-R-2026112-0007") || app.ValidRequestTrackingNo("TC-01-R-20261126-0007") {
		t.Fatal("malformed request numbers accepted")
	}
}

func TestContactMasked(t *testing.T) {
	m := app.Contact{Name: "欧阳娜娜", Phone: "13987654321", Address: "四川省达州市通川区朝阳东路1号", Email: "ouyang@example.cn"}.Masked()
	if m.Name != "欧***" || m.Phone != "139****4321" || m.Address != "四川省达州市****" || m.Email != "o***@example.cn" {
		t.Fatalf("masked %+v", m)
	}
	if got := app.NoticeWords(" 预算　道路，ＡＢ "); strings.Join(got, "|") != "预算|道路|AB" {
		t.Fatalf("notice words %q", got)
	}
}
