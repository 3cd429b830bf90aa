package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"
)

// MaxFormValues caps how many values a submitted form may carry.
const MaxFormValues = 32

// MaxFormValueBytes caps one submitted value before validation.
const MaxFormValueBytes = 1024

// FormValues are a form's values by field name, as text. Over JSON a value may be a
// string, a number (kept as written, e.g. 85.5) or null (empty); anything else is
// refused by UnmarshalJSON.
type FormValues map[string]string

// Names returns the field names, sorted.
func (v FormValues) Names() []string {
	out := make([]string, 0, len(v))
	for k := range v {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// UnmarshalJSON decodes {"name": "text" | number | null, …}. Duplicate names, nested
// objects or arrays, booleans, more than MaxFormValues values or a value over
// MaxFormValueBytes are an *Error with code EINVALID and Field "fields" (or
// "fields.<name>").
func (v *FormValues) UnmarshalJSON(data []byte) error {
	out, err := DecodeFormValues(data)
	if err != nil {
		return err
	}
	*v = out
	return nil
}

// DecodeFormValues is the form decoder behind FormValues.UnmarshalJSON.
func DecodeFormValues(data []byte) (FormValues, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, Errorf(EINVALID, "fields is not valid JSON").WithField("fields")
	}
	if tok == nil {
		return FormValues{}, nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, Errorf(EINVALID, "fields must be an object of name: value").WithField("fields")
	}
	out := FormValues{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, Errorf(EINVALID, "fields is not valid JSON").WithField("fields")
		}
		name, _ := kt.(string)
		if _, dup := out[name]; dup {
			return nil, Errorf(EINVALID, "field %q is given twice", name).WithField("fields." + name)
		}
		if len(out) >= MaxFormValues {
			return nil, Errorf(EINVALID, "at most %d form values", MaxFormValues).WithField("fields")
		}
		vt, err := dec.Token()
		if err != nil {
			return nil, Errorf(EINVALID, "fields is not valid JSON").WithField("fields")
		}
		var s string
		switch x := vt.(type) {
		case string:
			s = x
		case json.Number:
			if _, err := strconv.ParseFloat(x.String(), 64); err != nil && !errors.Is(err, strconv.ErrRange) {
				return nil, Errorf(EINVALID, "field %q is not a number", name).WithField("fields." + name)
			}
			s = x.String()
		case nil:
			s = ""
		default:
			return nil, Errorf(EINVALID, "field %q must be text or a number", name).WithField("fields." + name)
		}
		if len(s) > MaxFormValueBytes {
			return nil, Errorf(EINVALID, "field %q is over %d bytes", name, MaxFormValueBytes).WithField("fields." + name)
		}
		out[name] = s
	}
	if _, err := dec.Token(); err != nil {
		return nil, Errorf(EINVALID, "fields is not valid JSON").WithField("fields")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, Errorf(EINVALID, "fields has data after its object").WithField("fields")
	}
	return out, nil
}
