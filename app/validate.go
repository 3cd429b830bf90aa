package app

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Reason codes of field errors: stable, so the GUI translates by them (locale keys
// apply.reason.<code>).
const (
	ReasonRequired     = "required"      // the field is empty
	ReasonTooLong      = "too_long"      // over MaxFieldRunes
	ReasonText         = "text"          // control characters or invalid UTF-8
	ReasonName         = "name"          // a person's name with digits or symbols
	ReasonIDLength     = "id_length"     // not 18 characters
	ReasonIDChars      = "id_chars"      // not 17 digits and a digit or X
	ReasonIDArea       = "id_area"       // the first two digits are no province
	ReasonIDBirthdate  = "id_birthdate"  // the birth date does not exist or is in the future
	ReasonIDChecksum   = "id_checksum"   // the check character is wrong
	ReasonIDLegacy15   = "id_legacy15"   // a 15-digit first-generation number
	ReasonUSCCLength   = "uscc_length"   // not 18 characters
	ReasonUSCCChars    = "uscc_chars"    // a character outside the code's alphabet (no I O S V Z)
	ReasonUSCCArea     = "uscc_area"     // characters 3–8 are not an area code
	ReasonUSCCChecksum = "uscc_checksum" // the check character is wrong: a warning only
	ReasonPhone        = "phone"         // not a mainland mobile number
	ReasonDate         = "date"          // not a date that exists, written 2006-01-02
	ReasonNumber       = "number"        // not a number
	ReasonChoice       = "choice"        // not one of the field's options
	ReasonUnknownField = "unknown_field" // the service's form has no such field
	ReasonTooMany      = "too_many"      // more form values than any form has fields
)

// MaxFieldRunes caps any one text value.
const MaxFieldRunes = 200

// MaxNameRunes caps a person's name.
const MaxNameRunes = 50

// problem returns a *FieldError without its field path; callers set it.
func problem(reason, format string, args ...any) *FieldError {
	return &FieldError{Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// normalizeWidth turns full-width ASCII (０–９, Ａ–Ｚ, ａ–ｚ, the ideographic space) into
// ASCII, so what a Chinese input method types validates like what a keypad types.
func normalizeWidth(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// stripSpaces removes spaces, tabs and hyphens people type to group digits.
func stripSpaces(s string) string {
	if !strings.ContainsAny(s, " \t-") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\t' && c != '-' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// provinces are the first two digits of real province-level area codes (GB/T 2260), with
// 81–83 for Hong Kong, Macao and Taiwan residents' residence permits.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// IDCheckChar returns the ISO 7064 MOD 11-2 check character of the first 17 digits of a
// resident ID number; it panics unless s17 is 17 ASCII digits.
func IDCheckChar(s17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s17[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// NormalizeIDNumber trims, drops spaces, turns full-width characters into ASCII and a
// lower-case x into X. It does not validate.
func NormalizeIDNumber(s string) string {
	return strings.ToUpper(stripSpaces(strings.TrimSpace(normalizeWidth(s))))
}

// ValidateIDNumber checks a resident ID number (GB 11643-1999) for the day today: 18
// characters, a real province code, a birth date that exists and is not after today, and
// the ISO 7064 MOD 11-2 check character. It returns the normalised number (upper-case X,
// ASCII digits) or the problem. A 15-digit first-generation number is refused with
// ReasonIDLegacy15.
func ValidateIDNumber(s string, today time.Time) (string, *FieldError) {
	n := NormalizeIDNumber(s)
	if n == "" {
		return n, problem(ReasonRequired, "the ID number is required")
	}
	if len(n) == 15 && allDigits(n) {
		return n, problem(ReasonIDLegacy15, "15-digit ID numbers (first-generation cards, before 1999) are no longer accepted: please give the 18-digit number on your current ID card")
	}
	if len(n) != 18 {
		return n, problem(ReasonIDLength, "an ID number has 18 characters, this one has %d", utf8.RuneCountInString(n))
	}
	if !allDigits(n[:17]) || !(isDigit(n[17]) || n[17] == 'X') {
		return n, problem(ReasonIDChars, "an ID number is 17 digits followed by a digit or X")
	}
	if !provinces[n[:2]] {
		return n, problem(ReasonIDArea, "the ID number's first two digits %s are not a province code", n[:2])
	}
	y, m, d := atoi(n[6:10]), atoi(n[10:12]), atoi(n[12:14])
	if !dateExists(y, m, d) || y < 1800 {
		return n, problem(ReasonIDBirthdate, "the birth date in the ID number (%s) does not exist", n[6:14])
	}
	ty, tm, td := today.Date()
	if y*10000+m*100+d > ty*10000+int(tm)*100+td {
		return n, problem(ReasonIDBirthdate, "the birth date in the ID number (%s) is in the future", n[6:14])
	}
	if want := IDCheckChar(n[:17]); n[17] != want {
		return n, problem(ReasonIDChecksum, "the ID number's check character is wrong: please check every digit")
	}
	return n, nil
}

// usccAlphabet is GB 32100-2015's code alphabet: digits and capitals without I O S V Z;
// a character's value is its index.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCCheckChar returns the check character of the first 17 characters of a unified
// social credit code; it returns 0 when one of them is outside the alphabet.
func USCCCheckChar(s17 string) byte {
	if len(s17) < 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, s17[i])
		if v < 0 {
			return 0
		}
		sum += v * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31]
}

// NormalizeUSCC trims, drops spaces, turns full-width characters into ASCII and upper-cases.
func NormalizeUSCC(s string) string {
	return strings.ToUpper(stripSpaces(strings.TrimSpace(normalizeWidth(s))))
}

// ValidateUSCC checks a unified social credit code (GB 32100-2015): 18 characters of the
// alphabet without I O S V Z, an area code in characters 3–8, and the check character.
// A code whose only fault is its check character is not refused: warn says so (reason
// ReasonUSCCChecksum) and problem is nil. It returns the normalised code.
func ValidateUSCC(s string) (code string, warn, bad *FieldError) {
	n := NormalizeUSCC(s)
	if n == "" {
		return n, nil, problem(ReasonRequired, "the credit code is required")
	}
	if len(n) != 18 {
		return n, nil, problem(ReasonUSCCLength, "a unified social credit code has 18 characters, this one has %d", utf8.RuneCountInString(n))
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(usccAlphabet, n[i]) < 0 {
			return n, nil, problem(ReasonUSCCChars, "character %d (%q) cannot appear in a credit code: only digits and capital letters without I, O, S, V, Z", i+1, n[i])
		}
	}
	if !allDigits(n[2:8]) {
		return n, nil, problem(ReasonUSCCArea, "characters 3 to 8 of a credit code are the registering area's 6-digit code")
	}
	if n[17] != USCCCheckChar(n[:17]) {
		return n, problem(ReasonUSCCChecksum, "the credit code's check character does not match: please check it against the business licence"), nil
	}
	return n, nil, nil
}

// NormalizePhone drops spaces and hyphens, full-width digits and a +86 / 0086 prefix.
func NormalizePhone(s string) string {
	n := stripSpaces(strings.TrimSpace(normalizeWidth(s)))
	for _, p := range []string{"+86", "0086"} {
		if strings.HasPrefix(n, p) && len(n) == len(p)+11 {
			return n[len(p):]
		}
	}
	if strings.HasPrefix(n, "86") && len(n) == 13 {
		return n[2:]
	}
	return n
}

// ValidatePhone checks a mainland mobile number: 11 digits, 1 then 3–9. It returns the
// normalised number.
func ValidatePhone(s string) (string, *FieldError) {
	n := NormalizePhone(s)
	if n == "" {
		return n, problem(ReasonRequired, "the phone number is required")
	}
	if len(n) != 11 || !allDigits(n) || n[0] != '1' || n[1] < '3' {
		return n, problem(ReasonPhone, "a mainland mobile number has 11 digits and starts with 13 to 19")
	}
	return n, nil
}

// ValidateDate checks a date written 2006-01-02 that exists, in the years 1900–2100. It
// returns the normalised date.
func ValidateDate(s string) (string, *FieldError) {
	n := strings.TrimSpace(normalizeWidth(s))
	if n == "" {
		return n, problem(ReasonRequired, "the date is required")
	}
	if len(n) != 10 || n[4] != '-' || n[7] != '-' || !allDigits(n[:4]) || !allDigits(n[5:7]) || !allDigits(n[8:]) {
		return n, problem(ReasonDate, "write the date as year-month-day, e.g. 2026-01-05")
	}
	y, m, d := atoi(n[:4]), atoi(n[5:7]), atoi(n[8:])
	if y < 1900 || y > 2100 || !dateExists(y, m, d) {
		return n, problem(ReasonDate, "%s is not a date that exists", n)
	}
	return n, nil
}

// ValidateNumber checks a non-negative decimal number (digits, at most one point, at
// most 15 digits). It returns the normalised number.
func ValidateNumber(s string) (string, *FieldError) {
	n := strings.TrimSpace(normalizeWidth(s))
	if n == "" {
		return n, problem(ReasonRequired, "the number is required")
	}
	digits, points := 0, 0
	for i := 0; i < len(n); i++ {
		switch c := n[i]; {
		case isDigit(c):
			digits++
		case c == '.' && i > 0 && i < len(n)-1:
			points++
		default:
			return n, problem(ReasonNumber, "write a number with digits only, e.g. 3 or 85.5")
		}
	}
	if points > 1 || digits > 15 {
		return n, problem(ReasonNumber, "write a number with digits only, e.g. 3 or 85.5")
	}
	return n, nil
}

// ValidateText checks free text: valid UTF-8 without control characters, at most
// MaxFieldRunes characters. It returns it trimmed.
func ValidateText(s string) (string, *FieldError) {
	n := strings.TrimSpace(s)
	if n == "" {
		return n, problem(ReasonRequired, "this field is required")
	}
	if !utf8.ValidString(n) {
		return n, problem(ReasonText, "the text has characters that cannot be read")
	}
	for _, r := range n {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return n, problem(ReasonText, "the text has characters that cannot be read")
		}
	}
	if utf8.RuneCountInString(n) > MaxFieldRunes {
		return n, problem(ReasonTooLong, "at most %d characters", MaxFieldRunes)
	}
	return n, nil
}

// ValidateName checks a person's name: text of at most MaxNameRunes characters without
// digits or symbols other than the middle dot of transliterated names (·).
func ValidateName(s string) (string, *FieldError) {
	n, p := ValidateText(s)
	if p != nil {
		if p.Reason == ReasonRequired {
			p.Message = "the name is required"
		}
		return n, p
	}
	if utf8.RuneCountInString(n) > MaxNameRunes {
		return n, problem(ReasonTooLong, "a name has at most %d characters", MaxNameRunes)
	}
	for _, r := range n {
		if !(unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == '·' || r == '•' || r == '.' || r == ' ') {
			return n, problem(ReasonName, "a name has letters only (and · between parts of a transliterated name)")
		}
	}
	return n, nil
}

// ValidateChoice checks that v is the value of one of the options.
func ValidateChoice(v string, options []FieldOption) (string, *FieldError) {
	n := strings.TrimSpace(v)
	if n == "" {
		return n, problem(ReasonRequired, "choose one")
	}
	for _, o := range options {
		if o.Value == n {
			return n, nil
		}
	}
	return n, problem(ReasonChoice, "choose one of the options")
}

// ValidateField checks one form value against its field for the day today and returns
// it normalised, a warning that does not refuse it, or the problem (Field unset). An
// empty value is a problem only for a required field.
func ValidateField(f FormField, v string, today time.Time) (norm string, warn, bad *FieldError) {
	if strings.TrimSpace(v) == "" {
		if f.Required {
			return "", nil, problem(ReasonRequired, "%s is required", fieldLabel(f))
		}
		return "", nil, nil
	}
	switch f.Type {
	case FieldIDNumber:
		norm, bad = ValidateIDNumber(v, today)
	case FieldPhone:
		norm, bad = ValidatePhone(v)
	case FieldDate:
		norm, bad = ValidateDate(v)
	case FieldChoice:
		norm, bad = ValidateChoice(v, f.Options)
	case FieldUSCC:
		norm, warn, bad = ValidateUSCC(v)
	case FieldNumber:
		norm, bad = ValidateNumber(v)
	default: // text, address
		norm, bad = ValidateText(v)
	}
	return norm, warn, bad
}

func fieldLabel(f FormField) string {
	if f.LabelEN != "" {
		return f.LabelEN
	}
	return f.Name
}

// ValidateApplication checks a pre-application against its service's form for the day
// today, the same way at the kiosk, the counter and the hub: the applicant's name, ID
// number and phone, every form field (required ones present, values valid for their
// type, no unknown names). It normalises req in place (ID number upper-case X, ASCII
// digits, trimmed text). It returns the warnings (a credit code failing only its check
// character) and, when anything is wrong, an *Error with code EINVALID whose Field is the
// first bad field and whose Fields list every one, applicant fields first and form fields
// in form order.
func ValidateApplication(form Form, req *ApplicationRequest, today time.Time) (warnings []FieldError, err error) {
	var bad []FieldError
	add := func(field string, p *FieldError) {
		if p != nil {
			p.Field = field
			bad = append(bad, *p)
		}
	}
	var p *FieldError
	req.Applicant.Name, p = ValidateName(req.Applicant.Name)
	add("applicant.name", p)
	req.Applicant.IDNumber, p = ValidateIDNumber(req.Applicant.IDNumber, today)
	add("applicant.id_number", p)
	req.Applicant.Phone, p = ValidatePhone(req.Applicant.Phone)
	add("applicant.phone", p)

	if req.Fields == nil {
		req.Fields = FormValues{}
	}
	known := make(map[string]bool, len(form.Fields))
	for _, f := range form.Fields {
		known[f.Name] = true
		v, warn, p := ValidateField(f, req.Fields[f.Name], today)
		if warn != nil {
			warn.Field = "fields." + f.Name
			warnings = append(warnings, *warn)
		}
		add("fields."+f.Name, p)
		if p == nil && v != "" {
			req.Fields[f.Name] = v
		} else if p == nil {
			delete(req.Fields, f.Name)
		}
	}
	if len(req.Fields) > MaxFormValues {
		add("fields", problem(ReasonTooMany, "at most %d form values", MaxFormValues))
	} else {
		for _, name := range req.Fields.Names() {
			if !known[name] {
				add("fields."+name, problem(ReasonUnknownField, "this service's form has no field %q", name))
			}
		}
	}
	if len(bad) > 0 {
		return warnings, &Error{Code: EINVALID, Message: bad[0].Message, Field: bad[0].Field, Fields: bad}
	}
	return warnings, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// atoi converts ASCII digits (already checked) to an int.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// dateExists reports whether y-m-d is a real Gregorian date.
func dateExists(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
