package app

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CatalogueVersion is the only catalogue file format ParseCatalogue accepts.
const CatalogueVersion = 1

// ServiceKind says how a service is finished.
type ServiceKind string

const (
	// KindOnTheSpot is an on-the-spot service (即办件): finished at the window.
	KindOnTheSpot ServiceKind = "on_the_spot"
	// KindPromised is a promised-term service (承诺件): decided in the back office within
	// its promised term.
	KindPromised ServiceKind = "promised"
)

// Valid reports whether k is a known kind.
func (k ServiceKind) Valid() bool { return k == KindOnTheSpot || k == KindPromised }

// Material forms: how a document is presented at the window.
const (
	MaterialOriginal        = "original"
	MaterialCopy            = "copy"
	MaterialOriginalAndCopy = "original_and_copy"
)

// Form field types. The applicant's own name, resident ID number and phone are collected
// separately and are never form fields.
const (
	FieldText     = "text"
	FieldIDNumber = "id_number" // a resident ID number (居民身份证号码)
	FieldPhone    = "phone"
	FieldDate     = "date" // 2006-01-02
	FieldChoice   = "choice"
	FieldUSCC     = "uscc" // a unified social credit code (统一社会信用代码)
	FieldAddress  = "address"
	FieldNumber   = "number"
)

// MaxFormFields is the most fields a service's form may have: a kiosk form stays one
// screen long.
const MaxFormFields = 5

// Catalogue is the city's catalogue of services (事项目录), as shipped in
// assets/catalogue/catalogue.json and as ParseCatalogue returns it.
type Catalogue struct {
	Version     int                `json:"version"`
	Queues      []CatalogueQueue   `json:"queues"`
	Departments []Department       `json:"departments"`
	Services    []CatalogueService `json:"services"`
}

// CatalogueQueue is a queue as the catalogue declares it: its code, the one capital letter
// printed before ticket numbers, and its names.
type CatalogueQueue struct {
	Code   string `json:"code"`
	Prefix string `json:"prefix"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// Department is a government department that owns services (公安局, 民政局…).
type Department struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// CatalogueService is one catalogue entry with its guide: kind, terms, fee, materials,
// legal basis, the windows that handle it and the form a citizen fills in.
type CatalogueService struct {
	Code   string `json:"code"` // unique and stable, e.g. GA-001; ServiceID derives the ID from it
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
	// Pinyin is the full pinyin of Name: lower case, no tones, one syllable per Han
	// character, separated by single spaces ("ju min shen fen zheng shen ling"); ü is
	// written v. Search derives initials from it ("jmsfzsl").
	Pinyin     string      `json:"pinyin"`
	Department string      `json:"department"` // Department.Code
	Queue      string      `json:"queue"`      // CatalogueQueue.Code
	Kind       ServiceKind `json:"kind"`
	// LegalDays is the legal term (法定时限) and PromisedDays the promised term (承诺时限),
	// both in working days; PromisedDays is 0 for on-the-spot services.
	LegalDays    int        `json:"legal_days"`
	PromisedDays int        `json:"promised_days"`
	FeeFen       int64      `json:"fee_fen"` // 0 = free
	Materials    []Material `json:"materials"`
	LegalBasis   string     `json:"legal_basis"`
	Windows      []int      `json:"windows"`
	Form         Form       `json:"form"`
}

// Initials returns the first letter of each pinyin syllable: "jmsfzsl" for 居民身份证申领.
func (s *CatalogueService) Initials() string {
	var b strings.Builder
	for _, syl := range strings.Fields(s.Pinyin) {
		b.WriteByte(syl[0])
	}
	return b.String()
}

// Material is one document a service requires (申请材料).
type Material struct {
	Name    string `json:"name"`
	NameEN  string `json:"name_en"`
	Form    string `json:"form"` // MaterialOriginal, MaterialCopy or MaterialOriginalAndCopy
	Count   int    `json:"count"`
	Notes   string `json:"notes"`
	NotesEN string `json:"notes_en"`
}

// Form is what a citizen fills in for a service, besides name, ID number and phone.
type Form struct {
	Fields []FormField `json:"fields"`
}

// FormField is one field of a service's form.
type FormField struct {
	Name     string        `json:"name"` // lower_snake_case, unique in its form
	Type     string        `json:"type"` // one of the Field… constants
	Label    string        `json:"label"`
	LabelEN  string        `json:"label_en"`
	Required bool          `json:"required"`
	Options  []FieldOption `json:"options,omitempty"` // choice fields only
}

// FieldOption is one choice of a choice field.
type FieldOption struct {
	Value   string `json:"value"`
	Label   string `json:"label"`
	LabelEN string `json:"label_en"`
}

// ParseCatalogue decodes a catalogue strictly (unknown fields and trailing data are
// refused) and validates it. Every problem is an *Error with code EINVALID whose message
// names the entry at fault and whose Field is its JSON path, e.g.
// services[3].department.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalogue
	if err := dec.Decode(&c); err != nil {
		return nil, Errorf(EINVALID, "catalogue is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, Errorf(EINVALID, "catalogue has data after its JSON object")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks the catalogue's rules: known version; unique queue codes with unique
// single-letter prefixes A–Z; unique department codes; unique service codes; every service
// naming a known department and queue, with a valid kind and terms (promised_days ≤
// legal_days, 0 for on-the-spot), a non-negative fee, at least one material with a known
// form and a positive count, at least one positive window, and a form of 1 to
// MaxFormFields fields of known types, choice fields with options. It returns an *Error
// with code EINVALID.
func (c *Catalogue) Validate() error {
	if c.Version != CatalogueVersion {
		return Errorf(EINVALID, "catalogue version %d is not supported (want %d)", c.Version, CatalogueVersion).WithField("version")
	}
	if len(c.Queues) == 0 {
		return Errorf(EINVALID, "catalogue has no queues").WithField("queues")
	}
	queues := make(map[string]bool, len(c.Queues))
	prefixes := make(map[string]string, len(c.Queues))
	for i, q := range c.Queues {
		at := fmt.Sprintf("queues[%d]", i)
		if q.Code == "" {
			return Errorf(EINVALID, "queue %d has no code", i).WithField(at + ".code")
		}
		if queues[q.Code] {
			return Errorf(EINVALID, "queue code %q is used twice", q.Code).WithField(at + ".code")
		}
		queues[q.Code] = true
		if len(q.Prefix) != 1 || q.Prefix[0] < 'A' || q.Prefix[0] > 'Z' {
			return Errorf(EINVALID, "queue %q: prefix %q is not a single capital letter A-Z", q.Code, q.Prefix).WithField(at + ".prefix")
		}
		if other, ok := prefixes[q.Prefix]; ok {
			return Errorf(EINVALID, "queue %q: prefix %q is already used by queue %q", q.Code, q.Prefix, other).WithField(at + ".prefix")
		}
		prefixes[q.Prefix] = q.Code
		if err := catalogueNames(q.Name, q.NameEN, at, "queue "+q.Code); err != nil {
			return err
		}
	}
	if len(c.Departments) == 0 {
		return Errorf(EINVALID, "catalogue has no departments").WithField("departments")
	}
	depts := make(map[string]bool, len(c.Departments))
	for i, d := range c.Departments {
		at := fmt.Sprintf("departments[%d]", i)
		if d.Code == "" {
			return Errorf(EINVALID, "department %d has no code", i).WithField(at + ".code")
		}
		if depts[d.Code] {
			return Errorf(EINVALID, "department code %q is used twice", d.Code).WithField(at + ".code")
		}
		depts[d.Code] = true
		if err := catalogueNames(d.Name, d.NameEN, at, "department "+d.Code); err != nil {
			return err
		}
	}
	if len(c.Services) == 0 {
		return Errorf(EINVALID, "catalogue has no services").WithField("services")
	}
	codes := make(map[string]bool, len(c.Services))
	for i := range c.Services {
		s := &c.Services[i]
		at := fmt.Sprintf("services[%d]", i)
		if s.Code == "" {
			return Errorf(EINVALID, "service %d has no code", i).WithField(at + ".code")
		}
		if codes[s.Code] {
			return Errorf(EINVALID, "service code %q is used twice", s.Code).WithField(at + ".code")
		}
		codes[s.Code] = true
		if err := s.validate(at, queues, depts); err != nil {
			return err
		}
	}
	return nil
}

func (s *CatalogueService) validate(at string, queues, depts map[string]bool) error {
	who := fmt.Sprintf("service %q", s.Code)
	if err := catalogueNames(s.Name, s.NameEN, at, who); err != nil {
		return err
	}
	if !cataloguePinyin(s.Pinyin) {
		return Errorf(EINVALID, "%s: pinyin %q must be lower-case syllables a-z separated by single spaces", who, s.Pinyin).WithField(at + ".pinyin")
	}
	if !depts[s.Department] {
		return Errorf(EINVALID, "%s: unknown department %q", who, s.Department).WithField(at + ".department")
	}
	if !queues[s.Queue] {
		return Errorf(EINVALID, "%s: unknown queue %q", who, s.Queue).WithField(at + ".queue")
	}
	switch s.Kind {
	case KindOnTheSpot:
		if s.PromisedDays != 0 {
			return Errorf(EINVALID, "%s: an on-the-spot service has promised_days 0, not %d", who, s.PromisedDays).WithField(at + ".promised_days")
		}
	case KindPromised:
		if s.PromisedDays < 1 {
			return Errorf(EINVALID, "%s: a promised service needs promised_days of at least 1", who).WithField(at + ".promised_days")
		}
	default:
		return Errorf(EINVALID, "%s: unknown kind %q (want on_the_spot or promised)", who, s.Kind).WithField(at + ".kind")
	}
	if s.LegalDays < 0 {
		return Errorf(EINVALID, "%s: legal_days %d is negative", who, s.LegalDays).WithField(at + ".legal_days")
	}
	if s.PromisedDays > s.LegalDays {
		return Errorf(EINVALID, "%s: promised_days %d exceeds legal_days %d", who, s.PromisedDays, s.LegalDays).WithField(at + ".promised_days")
	}
	if s.FeeFen < 0 {
		return Errorf(EINVALID, "%s: fee_fen %d is negative", who, s.FeeFen).WithField(at + ".fee_fen")
	}
	if len(s.Materials) == 0 {
		return Errorf(EINVALID, "%s: no materials", who).WithField(at + ".materials")
	}
	for j, m := range s.Materials {
		mat := fmt.Sprintf("%s.materials[%d]", at, j)
		if err := catalogueNames(m.Name, m.NameEN, mat, who+" material"); err != nil {
			return err
		}
		switch m.Form {
		case MaterialOriginal, MaterialCopy, MaterialOriginalAndCopy:
		default:
			return Errorf(EINVALID, "%s: material %q has unknown form %q (want original, copy or original_and_copy)", who, m.Name, m.Form).WithField(mat + ".form")
		}
		if m.Count < 1 {
			return Errorf(EINVALID, "%s: material %q has count %d, want at least 1", who, m.Name, m.Count).WithField(mat + ".count")
		}
	}
	if len(s.Windows) == 0 {
		return Errorf(EINVALID, "%s: no windows", who).WithField(at + ".windows")
	}
	seen := make(map[int]bool, len(s.Windows))
	for j, w := range s.Windows {
		if w < 1 {
			return Errorf(EINVALID, "%s: window %d is not a positive number", who, w).WithField(fmt.Sprintf("%s.windows[%d]", at, j))
		}
		if seen[w] {
			return Errorf(EINVALID, "%s: window %d is listed twice", who, w).WithField(fmt.Sprintf("%s.windows[%d]", at, j))
		}
		seen[w] = true
	}
	return s.Form.validate(at+".form", who)
}

func (f *Form) validate(at, who string) error {
	if len(f.Fields) == 0 || len(f.Fields) > MaxFormFields {
		return Errorf(EINVALID, "%s: form has %d fields, want 1 to %d", who, len(f.Fields), MaxFormFields).WithField(at + ".fields")
	}
	seen := make(map[string]bool, len(f.Fields))
	for i, fd := range f.Fields {
		fat := fmt.Sprintf("%s.fields[%d]", at, i)
		if !catalogueFieldName(fd.Name) {
			return Errorf(EINVALID, "%s: form field name %q must be lower_snake_case", who, fd.Name).WithField(fat + ".name")
		}
		if seen[fd.Name] {
			return Errorf(EINVALID, "%s: form field %q is used twice", who, fd.Name).WithField(fat + ".name")
		}
		seen[fd.Name] = true
		if fd.Label == "" || fd.LabelEN == "" {
			return Errorf(EINVALID, "%s: form field %q needs label and label_en", who, fd.Name).WithField(fat + ".label")
		}
		switch fd.Type {
		case FieldText, FieldIDNumber, FieldPhone, FieldDate, FieldUSCC, FieldAddress, FieldNumber:
			if len(fd.Options) > 0 {
				return Errorf(EINVALID, "%s: form field %q of type %s cannot have options", who, fd.Name, fd.Type).WithField(fat + ".options")
			}
		case FieldChoice:
			if len(fd.Options) == 0 {
				return Errorf(EINVALID, "%s: choice field %q has no options", who, fd.Name).WithField(fat + ".options")
			}
			values := make(map[string]bool, len(fd.Options))
			for j, o := range fd.Options {
				oat := fmt.Sprintf("%s.options[%d]", fat, j)
				if o.Value == "" {
					return Errorf(EINVALID, "%s: choice field %q has an option without a value", who, fd.Name).WithField(oat + ".value")
				}
				if values[o.Value] {
					return Errorf(EINVALID, "%s: choice field %q has option %q twice", who, fd.Name, o.Value).WithField(oat + ".value")
				}
				values[o.Value] = true
				if o.Label == "" || o.LabelEN == "" {
					return Errorf(EINVALID, "%s: option %q of field %q needs label and label_en", who, o.Value, fd.Name).WithField(oat + ".label")
				}
			}
		default:
			return Errorf(EINVALID, "%s: form field %q has unknown type %q", who, fd.Name, fd.Type).WithField(fat + ".type")
		}
	}
	return nil
}

// catalogueNames checks that an entry has both its Chinese and its English name.
func catalogueNames(zh, en, at, who string) error {
	if strings.TrimSpace(zh) == "" {
		return Errorf(EINVALID, "%s has no name", who).WithField(at + ".name")
	}
	if strings.TrimSpace(en) == "" {
		return Errorf(EINVALID, "%s has no name_en", who).WithField(at + ".name_en")
	}
	return nil
}

// cataloguePinyin reports whether p is one or more syllables of a-z joined by single spaces.
func cataloguePinyin(p string) bool {
	if p == "" {
		return false
	}
	for _, syl := range strings.Split(p, " ") {
		if syl == "" {
			return false
		}
		for i := 0; i < len(syl); i++ {
			if syl[i] < 'a' || syl[i] > 'z' {
				return false
			}
		}
	}
	return true
}

// catalogueFieldName reports whether n is lower_snake_case: a-z first, then a-z, 0-9 or _.
func catalogueFieldName(n string) bool {
	if n == "" || n[0] < 'a' || n[0] > 'z' {
		return false
	}
	for i := 1; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Service returns the service with the given code, or nil.
func (c *Catalogue) Service(code string) *CatalogueService {
	for i := range c.Services {
		if c.Services[i].Code == code {
			return &c.Services[i]
		}
	}
	return nil
}

// Department returns the department with the given code, or nil.
func (c *Catalogue) Department(code string) *Department {
	for i := range c.Departments {
		if c.Departments[i].Code == code {
			return &c.Departments[i]
		}
	}
	return nil
}

// catalogueNamespace is the namespace UUID of seed service IDs. It was drawn at random once
// and must never change: every hall and central derive the same IDs from it.
var catalogueNamespace = [16]byte{
	0x6f, 0x1c, 0x2b, 0x9e, 0x4d, 0x57, 0x4a, 0x83, 0x9b, 0x21, 0x0e, 0x5c, 0x7d, 0x38, 0xa4, 0xf2,
}

// ServiceID returns the ID of the seed service with the given catalogue code: a
// name-based UUID (version 5: SHA-1 of a fixed namespace UUID and the code), formatted
// 8-4-4-4-12 in lower case.
//
// Records are otherwise identified by UUIDv7 made where the record is born. A seed
// service is born in the city's catalogue, not in any hall, and every hall loads that
// catalogue on its own, offline: a random ID made at load time would differ from hall to
// hall and from central. Deriving the ID from the catalogue code gives the one city-wide
// ID without asking anyone, so tickets and applications that name a service agree
// everywhere. The code must therefore never be reused for a different service.
func ServiceID(code string) string {
	return uuidV5(catalogueNamespace, code)
}

// uuidV5 is RFC 9562's name-based UUID with SHA-1.
func uuidV5(ns [16]byte, name string) string {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // variant 10
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}
