package app

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status at the hub and to one message key in the GUI.
const (
	EINVALID      = "invalid"      // bad input: 400/422
	ENOTFOUND     = "not_found"    // 404
	ECONFLICT     = "conflict"     // the record is not in a state that allows this: 409
	EUNAUTHORIZED = "unauthorized" // no or unknown token: 401
	EFORBIDDEN    = "forbidden"    // the terminal's role may not do this: 403
	ETOOLARGE     = "too_large"    // request body over the limit: 413
	EUNAVAILABLE  = "unavailable"  // the hub cannot be reached: the GUI shows it
	EINTERNAL     = "internal"     // 500
)

// Error is a domain error: a code for programs, a message for people (in English; the GUI
// translates by code), and the field at fault when there is one.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Fields lists every bad field of a validation failure (Field is the first of them).
	Fields []FieldError `json:"fields,omitempty"`
}

// FieldError is one problem with one input field: its path (applicant.id_number,
// fields.birth_date), a stable reason code the GUI translates by (ReasonIDChecksum…) and
// an English message.
type FieldError struct {
	Field   string `json:"field"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// WithField names the field at fault.
func (e *Error) WithField(f string) *Error { e.Field = f; return e }

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error in err's chain, EINTERNAL for any other error,
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of an *Error, or a generic one that leaks nothing.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
