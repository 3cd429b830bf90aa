package app

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var testToday = time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)

// withCheck appends the MOD 11-2 check character to 17 digits.
func withCheck(s17 string) string { return s17 + string(IDCheckChar(s17)) }

func TestValidateIDNumberPublishedExamples(t *testing.T) {
	// The examples printed in GB 11643-1999 itself.
	for _, id := range []string{"11010519491231002X", "440524188001010014"} {
		got, p := ValidateIDNumber(id, testToday)
		if p != nil || got != id {
			t.Errorf("%s: got %q, %v; want it valid", id, got, p)
		}
	}
}

func TestValidateIDNumberNormalises(t *testing.T) {
	for in, want := range map[string]string{
		"11010519491231002x":     "11010519491231002X",
		" 110105 19491231 002X ": "11010519491231002X",
		"１１０１０５１９４９１２３１００２ｘ": "11010519491231002X",
		"１１０１０５１９４９１２３１００２Ｘ": "11010519491231002X",
	} {
		got, p := ValidateIDNumber(in, testToday)
		if p != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, p, want)
		}
	}
}

func TestValidateIDNumberRefusals(t *testing.T) {
	future := withCheck("51170220270101123")
	cases := []struct{ in, reason string }{
		{"", ReasonRequired},
		{"511702880512123", ReasonIDLegacy15},
		{"5117021988051210", ReasonIDLength},
		{"5117021988051210123", ReasonIDLength},
		{"51170219880512ABCD", ReasonIDChars},
		{"1101051949123100Y2", ReasonIDChars},
		{withCheck("99010519491231002"), ReasonIDArea},
		{withCheck("00010519491231002"), ReasonIDArea},
		{withCheck("51170219880230123"), ReasonIDBirthdate}, // 30 February
		{withCheck("51170219890229123"), ReasonIDBirthdate}, // 1989 is no leap year
		{withCheck("51170217991231123"), ReasonIDBirthdate}, // before 1800
		{future, ReasonIDBirthdate},
		{"110105194912310020", ReasonIDChecksum},
		{"440524188001010015", ReasonIDChecksum},
	}
	for _, c := range cases {
		_, p := ValidateIDNumber(c.in, testToday)
		if p == nil || p.Reason != c.reason || p.Message == "" {
			t.Errorf("%q: got %+v, want reason %s", c.in, p, c.reason)
		}
	}
	// A leap day that exists passes.
	if _, p := ValidateIDNumber(withCheck("51170220000229123"), testToday); p != nil {
		t.Errorf("2000-02-29: %v", p)
	}
	_, p := ValidateIDNumber("511702880512123", testToday)
	if !strings.Contains(p.Message, "18-digit") {
		t.Errorf("the 15-digit refusal does not say why: %q", p.Message)
	}
}

func TestValidateUSCC(t *testing.T) {
	// Published codes: GB 32100-2015's example and registered companies' licences.
	for _, c := range []string{"91350100M000100Y43", "914403001922038216", "9144030071526726XG", "91330100716105852F"} {
		got, warn, bad := ValidateUSCC(c)
		if warn != nil || bad != nil || got != c {
			t.Errorf("%s: %q warn %v bad %v; want valid", c, got, warn, bad)
		}
	}
	if got, _, bad := ValidateUSCC(" 91350100m000100y43 "); bad != nil || got != "91350100M000100Y43" {
		t.Errorf("lower case: %q %v", got, bad)
	}
	// Only the check character wrong: a warning, not a refusal.
	got, warn, bad := ValidateUSCC("91350100M000100Y44")
	if bad != nil || warn == nil || warn.Reason != ReasonUSCCChecksum || got != "91350100M000100Y44" {
		t.Errorf("check char only: warn %v bad %v", warn, bad)
	}
	for in, reason := range map[string]string{
		"":                    ReasonRequired,
		"91350100M000100Y4":   ReasonUSCCLength,
		"91350100M000100Y433": ReasonUSCCLength,
		"91350100M0001OOY43":  ReasonUSCCChars, // O is not in the alphabet
		"91350100I000100Y43":  ReasonUSCCChars,
		"913501S0M000100Y43":  ReasonUSCCChars,
		"91ABCDEFM000100Y43":  ReasonUSCCArea,
	} {
		_, _, bad := ValidateUSCC(in)
		if bad == nil || bad.Reason != reason {
			t.Errorf("%q: %+v, want %s", in, bad, reason)
		}
	}
}

func TestValidatePhoneDateNumber(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "13812345678", "+86 138-1234-5678": "13812345678",
		"008619912345678": "19912345678", "１３８１２３４５６７８": "13812345678"} {
		if got, p := ValidatePhone(in); p != nil || got != want {
			t.Errorf("phone %q: %q %v", in, got, p)
		}
	}
	for _, in := range []string{"12812345678", "1381234567", "138123456789", "0838-1234567", "1381234567a"} {
		if _, p := ValidatePhone(in); p == nil || p.Reason != ReasonPhone {
			t.Errorf("phone %q accepted: %v", in, p)
		}
	}
	for _, in := range []string{"2026-01-05", "2024-02-29"} {
		if _, p := ValidateDate(in); p != nil {
			t.Errorf("date %q: %v", in, p)
		}
	}
	for _, in := range []string{"2026-02-29", "2026-13-01", "2026-04-31", "2026-1-5", "26-01-05", "1899-12-31", "2026/01/05"} {
		if _, p := ValidateDate(in); p == nil || p.Reason != ReasonDate {
			t.Errorf("date %q accepted: %v", in, p)
		}
	}
	for _, in := range []string{"3", "85.5", "１２"} {
		if _, p := ValidateNumber(in); p != nil {
			t.Errorf("number %q: %v", in, p)
		}
	}
	for _, in := range []string{"-3", "1.2.3", ".5", "5.", "1e9", "三", "1234567890123456"} {
		if _, p := ValidateNumber(in); p == nil || p.Reason != ReasonNumber {
			t.Errorf("number %q accepted: %v", in, p)
		}
	}
	if _, p := ValidateName("张三1"); p == nil || p.Reason != ReasonName {
		t.Errorf("name with a digit accepted")
	}
	if _, p := ValidateName("买买提·艾力"); p != nil {
		t.Errorf("name with a middle dot: %v", p)
	}
	if _, p := ValidateText("a\x00b"); p == nil || p.Reason != ReasonText {
		t.Errorf("control character accepted")
	}
	if _, p := ValidateText(strings.Repeat("字", MaxFieldRunes+1)); p == nil || p.Reason != ReasonTooLong {
		t.Errorf("over-long text accepted")
	}
}

var testForm = Form{Fields: []FormField{
	{Name: "reason", Type: FieldChoice, LabelEN: "Reason", Required: true, Options: []FieldOption{{Value: "first"}, {Value: "lost"}}},
	{Name: "birth_date", Type: FieldDate, LabelEN: "Birth date", Required: true},
	{Name: "company", Type: FieldUSCC, LabelEN: "Company"},
	{Name: "guardian_phone", Type: FieldPhone},
	{Name: "area", Type: FieldNumber},
}}

func goodRequest() ApplicationRequest {
	return ApplicationRequest{ServiceID: "s", Applicant: Applicant{Name: " 张三 ", IDNumber: "11010519491231002x", Phone: "138 1234 5678"},
		Fields: FormValues{"reason": "first", "birth_date": "2020-02-29", "company": "91350100M000100Y44", "area": "85.5"}}
}

func TestValidateApplication(t *testing.T) {
	req := goodRequest()
	warnings, err := ValidateApplication(testForm, &req, testToday)
	if err != nil {
		t.Fatalf("valid request refused: %v", err)
	}
	if req.Applicant.IDNumber != "11010519491231002X" || req.Applicant.Phone != "13812345678" || req.Applicant.Name != "张三" {
		t.Errorf("not normalised: %+v", req.Applicant)
	}
	if len(warnings) != 1 || warnings[0].Field != "fields.company" || warnings[0].Reason != ReasonUSCCChecksum {
		t.Errorf("warnings %+v", warnings)
	}

	bad := ApplicationRequest{Applicant: Applicant{Name: "张三", IDNumber: "110105194912310020", Phone: "12345"},
		Fields: FormValues{"birth_date": "2026-02-30", "reason": "other", "colour": "red"}}
	_, err = ValidateApplication(testForm, &bad, testToday)
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
	if e.Field != "applicant.id_number" {
		t.Errorf("first bad field %q, want applicant.id_number", e.Field)
	}
	want := []string{"applicant.id_number:id_checksum", "applicant.phone:phone", "fields.reason:choice", "fields.birth_date:date", "fields.colour:unknown_field"}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Field+":"+f.Reason)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("fields\n got %v\nwant %v", got, want)
	}

	missing := ApplicationRequest{Applicant: Applicant{Name: "张三", IDNumber: "11010519491231002X", Phone: "13812345678"}}
	_, err = ValidateApplication(testForm, &missing, testToday)
	if !errors.As(err, &e) || len(e.Fields) != 2 || e.Fields[0].Reason != ReasonRequired || e.Fields[0].Field != "fields.reason" {
		t.Errorf("required fields: %v", err)
	}
}

func TestDecodeFormValues(t *testing.T) {
	v, err := DecodeFormValues([]byte(`{"a":"x","n":85.5,"z":null}`))
	if err != nil || v["a"] != "x" || v["n"] != "85.5" || v["z"] != "" {
		t.Fatalf("got %v, %v", v, err)
	}
	for _, in := range []string{`{"a":{"b":1}}`, `{"a":[1]}`, `{"a":true}`, `{"a":"x","a":"y"}`, `[1]`, `{"a":"x"} 1`, `{"a":`,
		`{"a":"` + strings.Repeat("x", MaxFormValueBytes+1) + `"}`} {
		if _, err := DecodeFormValues([]byte(in)); ErrorCode(err) != EINVALID {
			t.Errorf("%.40s: %v, want EINVALID", in, err)
		}
	}
}

func parseDate(s string) (time.Time, error) { return time.Parse(DateLayout, s) }
