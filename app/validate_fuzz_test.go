package app

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func FuzzValidateIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "11010519491231002x", "511702880512123", "51170219880230123X", "１１０１０５１９４９１２３１００２ｘ", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, p := ValidateIDNumber(s, testToday)
		if p != nil {
			if p.Reason == "" || p.Message == "" {
				t.Fatalf("%q: problem without reason or message: %+v", s, p)
			}
			return
		}
		if len(n) != 18 || IDCheckChar(n[:17]) != n[17] || !provinces[n[:2]] {
			t.Fatalf("%q accepted as %q", s, n)
		}
		if again, p := ValidateIDNumber(n, testToday); p != nil || again != n {
			t.Fatalf("normalised %q does not validate to itself: %q %v", n, again, p)
		}
	})
}

func FuzzValidateUSCC(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350100M000100Y44", "91350100m000100y43", "9135O100M000100Y43", "", "ＡＢ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, warn, bad := ValidateUSCC(s)
		if warn != nil && bad != nil {
			t.Fatalf("%q: both a warning and a refusal", s)
		}
		if bad != nil {
			return
		}
		if len(n) != 18 {
			t.Fatalf("%q accepted as %q", s, n)
		}
		if (warn == nil) != (USCCCheckChar(n[:17]) == n[17]) {
			t.Fatalf("%q: warning %v disagrees with the check character", s, warn)
		}
	})
}

func FuzzValidatePhone(f *testing.F) {
	for _, s := range []string{"13812345678", "+8613812345678", "12345", "１３８１２３４５６７８", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, p := ValidatePhone(s)
		if p == nil && (len(n) != 11 || n[0] != '1' || !allDigits(n)) {
			t.Fatalf("%q accepted as %q", s, n)
		}
	})
}

func FuzzValidateDate(f *testing.F) {
	for _, s := range []string{"2026-01-05", "2026-02-29", "2024-02-29", "9999-99-99", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, p := ValidateDate(s)
		if p == nil {
			if _, err := parseDate(n); err != nil {
				t.Fatalf("%q accepted but time.Parse says %v", s, err)
			}
		}
	})
}

func FuzzValidateNumberText(f *testing.F) {
	for _, s := range []string{"3", "85.5", "1.2.3", "a\x00", "张三·李"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, p := ValidateNumber(s); p == nil && n == "" {
			t.Fatalf("%q: empty number accepted", s)
		}
		if n, p := ValidateText(s); p == nil && (!utf8.ValidString(n) || utf8.RuneCountInString(n) > MaxFieldRunes) {
			t.Fatalf("%q: bad text accepted", s)
		}
		_, _ = ValidateName(s)
	})
}

// FuzzDecodeFormValues drives the form decoder and the whole application validator with
// arbitrary request bodies: never a panic, and what passes is normalised and complete.
func FuzzDecodeFormValues(f *testing.F) {
	for _, s := range []string{
		`{"service_id":"s","applicant":{"name":"张三","id_number":"11010519491231002x","phone":"13812345678"},"fields":{"reason":"first","birth_date":"2020-01-01","area":85.5}}`,
		`{"fields":{"a":{"b":1}}}`, `{"fields":{"a":"x","a":"y"}}`, `{"fields":null}`, `{"fields":[1]}`, `{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req ApplicationRequest
		if err := json.Unmarshal(body, &req); err != nil {
			return
		}
		if len(req.Fields) > MaxFormValues {
			t.Fatalf("%d values decoded", len(req.Fields))
		}
		if _, err := ValidateApplication(testForm, &req, testToday); err != nil {
			if e, ok := err.(*Error); !ok || e.Code != EINVALID || len(e.Fields) == 0 || e.Field != e.Fields[0].Field {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		if len(req.Applicant.IDNumber) != 18 || req.Fields["reason"] == "" || req.Fields["birth_date"] == "" {
			t.Fatalf("accepted incomplete %+v", req)
		}
	})
}
