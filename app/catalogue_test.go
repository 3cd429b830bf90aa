package app

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// shippedCataloguePath is the seed catalogue; app must not import assets, so tests read it.
const shippedCataloguePath = "../assets/catalogue/catalogue.json"

func readShippedCatalogue(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(shippedCataloguePath)
	if err != nil {
		t.Fatalf("read the shipped catalogue: %v", err)
	}
	return data
}

func TestShippedCatalogue(t *testing.T) {
	c, err := ParseCatalogue(readShippedCatalogue(t))
	if err != nil {
		t.Fatalf("the shipped catalogue is refused: %v", err)
	}
	if n := len(c.Services); n < 64 {
		t.Errorf("%d services, want at least 64", n)
	}
	if n := len(c.Departments); n < 11 {
		t.Errorf("%d departments, want at least 11", n)
	}
	if n := len(c.Queues); n < 6 || n > 9 {
		t.Errorf("%d queues, want 6 to 9", n)
	}
	first := c.Services[0]
	if first.Name != "居民身份证申领" || first.Queue != "A" {
		t.Errorf("first service is %s in queue %s, want 居民身份证申领 in queue A", first.Name, first.Queue)
	}

	// The departments a city hall cannot do without.
	for _, want := range []string{"公安局", "市场监督管理局", "人力资源和社会保障局", "不动产登记中心", "住房公积金管理中心",
		"民政局", "税务局", "医疗保障局", "卫生健康委员会", "交通运输局"} {
		if !slices.ContainsFunc(c.Departments, func(d Department) bool { return d.Name == want }) {
			t.Errorf("no department %s", want)
		}
	}
	if !slices.ContainsFunc(c.Departments, func(d Department) bool { return d.Name == "残疾人联合会" || d.Name == "退役军人事务局" }) {
		t.Error("neither 残疾人联合会 nor 退役军人事务局 is a department")
	}

	perDept := map[string]int{}
	perQueue := map[string]int{}
	ids := map[string]string{}
	free := 0
	for _, s := range c.Services {
		perDept[s.Department]++
		perQueue[s.Queue]++
		if s.FeeFen == 0 {
			free++
		}
		for _, w := range s.Windows {
			if w < 1 || w > DefaultWindows {
				t.Errorf("%s: window %d is outside 1-%d", s.Code, w, DefaultWindows)
			}
		}
		// One pinyin syllable per Han character of the name, so initials line up.
		han := 0
		for _, r := range s.Name {
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
		if syl := len(strings.Fields(s.Pinyin)); syl != han {
			t.Errorf("%s %s: %d pinyin syllables for %d characters (%q)", s.Code, s.Name, syl, han, s.Pinyin)
		}
		// English text must be English.
		en := []string{s.NameEN}
		for _, m := range s.Materials {
			en = append(en, m.NameEN, m.NotesEN)
			if (m.Notes == "") != (m.NotesEN == "") {
				t.Errorf("%s: material %s has notes in one language only", s.Code, m.Name)
			}
		}
		for _, f := range s.Form.Fields {
			en = append(en, f.LabelEN)
			for _, o := range f.Options {
				en = append(en, o.LabelEN)
			}
		}
		for _, e := range en {
			if strings.ContainsFunc(e, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("%s: English text %q contains Chinese", s.Code, e)
			}
		}
		if s.LegalBasis == "" {
			t.Errorf("%s: no legal basis", s.Code)
		}
		id := ServiceID(s.Code)
		if other, dup := ids[id]; dup {
			t.Errorf("%s and %s share the ID %s", s.Code, other, id)
		}
		ids[id] = s.Code
	}
	for _, d := range c.Departments {
		if perDept[d.Code] == 0 {
			t.Errorf("department %s has no service", d.Code)
		}
	}
	for _, q := range c.Queues {
		if perQueue[q.Code] == 0 {
			t.Errorf("queue %s has no service", q.Code)
		}
	}
	if free*2 < len(c.Services) {
		t.Errorf("only %d of %d services are free; most should be", free, len(c.Services))
	}

	// Search by pinyin initials must find household-registration (户籍) services.
	found := false
	for _, s := range c.Services {
		if strings.Contains(s.Initials(), "hj") && strings.Contains(s.Name, "户籍") {
			found = true
		}
	}
	if !found {
		t.Error("no service named …户籍… whose initials contain hj")
	}
}

// TestShippedCatalogueKeys checks the file uses exactly the documented keys, so that later
// code (and other programs) reading the JSON find every key present.
func TestShippedCatalogueKeys(t *testing.T) {
	var raw struct {
		Version     int              `json:"version"`
		Queues      []map[string]any `json:"queues"`
		Departments []map[string]any `json:"departments"`
		Services    []map[string]any `json:"services"`
	}
	if err := json.Unmarshal(readShippedCatalogue(t), &raw); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) string {
		var k []string
		for key := range m {
			k = append(k, key)
		}
		slices.Sort(k)
		return strings.Join(k, ",")
	}
	want := map[string]string{
		"queue":      "code,name,name_en,prefix",
		"department": "code,name,name_en",
		"service":    "code,department,fee_fen,form,kind,legal_basis,legal_days,materials,name,name_en,pinyin,promised_days,queue,windows",
		"material":   "count,form,name,name_en,notes,notes_en",
	}
	for _, q := range raw.Queues {
		if got := keys(q); got != want["queue"] {
			t.Errorf("queue %v has keys %s, want %s", q["code"], got, want["queue"])
		}
	}
	for _, d := range raw.Departments {
		if got := keys(d); got != want["department"] {
			t.Errorf("department %v has keys %s, want %s", d["code"], got, want["department"])
		}
	}
	for _, s := range raw.Services {
		if got := keys(s); got != want["service"] {
			t.Errorf("service %v has keys %s, want %s", s["code"], got, want["service"])
		}
		for _, m := range s["materials"].([]any) {
			if got := keys(m.(map[string]any)); got != want["material"] {
				t.Errorf("service %v: material has keys %s, want %s", s["code"], got, want["material"])
			}
		}
		for _, f := range s["form"].(map[string]any)["fields"].([]any) {
			fk := keys(f.(map[string]any))
			if fk != "label,label_en,name,required,type" && fk != "label,label_en,name,options,required,type" {
				t.Errorf("service %v: form field has keys %s", s["code"], fk)
			}
		}
	}
}

// validCatalogue returns a small catalogue that passes; each bad case breaks one thing.
func validCatalogue() *Catalogue {
	return &Catalogue{
		Version: 1,
		Queues: []CatalogueQueue{
			{Code: "A", Prefix: "A", Name: "户籍证照", NameEN: "Household & ID"},
			{Code: "B", Prefix: "B", Name: "出入境", NameEN: "Exit & Entry"},
		},
		Departments: []Department{{Code: "gaj", Name: "公安局", NameEN: "Public Security Bureau"}},
		Services: []CatalogueService{{
			Code: "GA-001", Name: "居民身份证申领", NameEN: "Resident ID card application",
			Pinyin: "ju min shen fen zheng shen ling", Department: "gaj", Queue: "A",
			Kind: KindPromised, LegalDays: 60, PromisedDays: 20, FeeFen: 2000,
			Materials:  []Material{{Name: "居民户口簿", NameEN: "Household register", Form: MaterialOriginal, Count: 1}},
			LegalBasis: "《中华人民共和国居民身份证法》第八条",
			Windows:    []int{1, 2},
			Form: Form{Fields: []FormField{{
				Name: "reason", Type: FieldChoice, Label: "申领原因", LabelEN: "Reason", Required: true,
				Options: []FieldOption{{Value: "first", Label: "首次申领", LabelEN: "First application"}},
			}}},
		}},
	}
}

func marshalCatalogue(t *testing.T, c *Catalogue) []byte {
	t.Helper()
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseCatalogueRefuses(t *testing.T) {
	svc := func(f func(s *CatalogueService)) func(*Catalogue) {
		return func(c *Catalogue) { f(&c.Services[0]) }
	}
	field := func(f func(f *FormField)) func(*Catalogue) {
		return func(c *Catalogue) { f(&c.Services[0].Form.Fields[0]) }
	}
	tests := []struct {
		name   string
		change func(*Catalogue)
		raw    string // used instead of the changed catalogue when set
		msg    string // part of the message
		field  string // the JSON path at fault, when there is one
	}{
		{name: "valid"},
		{name: "not JSON", raw: `{"version":1,`, msg: "not valid JSON"},
		{name: "unknown field", raw: `{"version":1,"queues":[],"departments":[],"services":[],"colour":"red"}`, msg: `unknown field "colour"`},
		{name: "trailing data", raw: `{"version":1} {}`, msg: "data after"},
		{name: "version", change: func(c *Catalogue) { c.Version = 2 }, msg: "version 2", field: "version"},
		{name: "no services", change: func(c *Catalogue) { c.Services = nil }, msg: "no services", field: "services"},
		{name: "duplicate service code", change: func(c *Catalogue) {
			s := c.Services[0]
			c.Services = append(c.Services, s)
		}, msg: `service code "GA-001" is used twice`, field: "services[1].code"},
		{name: "duplicate queue code", change: func(c *Catalogue) { c.Queues[1].Code = "A" }, msg: `queue code "A" is used twice`, field: "queues[1].code"},
		{name: "duplicate department", change: func(c *Catalogue) { c.Departments = append(c.Departments, c.Departments[0]) }, msg: `department code "gaj" is used twice`, field: "departments[1].code"},
		{name: "lower-case prefix", change: func(c *Catalogue) { c.Queues[1].Prefix = "b" }, msg: `prefix "b" is not a single capital letter`, field: "queues[1].prefix"},
		{name: "two-letter prefix", change: func(c *Catalogue) { c.Queues[1].Prefix = "BB" }, msg: `prefix "BB"`, field: "queues[1].prefix"},
		{name: "duplicate prefix", change: func(c *Catalogue) { c.Queues[1].Prefix = "A" }, msg: `prefix "A" is already used by queue "A"`, field: "queues[1].prefix"},
		{name: "unknown department", change: svc(func(s *CatalogueService) { s.Department = "xyz" }), msg: `service "GA-001": unknown department "xyz"`, field: "services[0].department"},
		{name: "unknown queue", change: svc(func(s *CatalogueService) { s.Queue = "Z" }), msg: `unknown queue "Z"`, field: "services[0].queue"},
		{name: "unknown kind", change: svc(func(s *CatalogueService) { s.Kind = "someday" }), msg: `unknown kind "someday"`, field: "services[0].kind"},
		{name: "promised over legal", change: svc(func(s *CatalogueService) { s.PromisedDays = 61 }), msg: "promised_days 61 exceeds legal_days 60", field: "services[0].promised_days"},
		{name: "on the spot with promised days", change: svc(func(s *CatalogueService) { s.Kind = KindOnTheSpot }), msg: "on-the-spot service has promised_days 0, not 20", field: "services[0].promised_days"},
		{name: "promised without days", change: svc(func(s *CatalogueService) { s.PromisedDays = 0 }), msg: "promised_days of at least 1", field: "services[0].promised_days"},
		{name: "negative fee", change: svc(func(s *CatalogueService) { s.FeeFen = -1 }), msg: "fee_fen -1 is negative", field: "services[0].fee_fen"},
		{name: "no name_en", change: svc(func(s *CatalogueService) { s.NameEN = " " }), msg: "has no name_en", field: "services[0].name_en"},
		{name: "upper-case pinyin", change: svc(func(s *CatalogueService) { s.Pinyin = "Ju Min" }), msg: "pinyin", field: "services[0].pinyin"},
		{name: "double space pinyin", change: svc(func(s *CatalogueService) { s.Pinyin = "ju  min" }), msg: "pinyin", field: "services[0].pinyin"},
		{name: "no materials", change: svc(func(s *CatalogueService) { s.Materials = nil }), msg: "no materials", field: "services[0].materials"},
		{name: "zero count", change: svc(func(s *CatalogueService) { s.Materials[0].Count = 0 }), msg: `material "居民户口簿" has count 0`, field: "services[0].materials[0].count"},
		{name: "material form", change: svc(func(s *CatalogueService) { s.Materials[0].Form = "scan" }), msg: `unknown form "scan"`, field: "services[0].materials[0].form"},
		{name: "no windows", change: svc(func(s *CatalogueService) { s.Windows = nil }), msg: "no windows", field: "services[0].windows"},
		{name: "window zero", change: svc(func(s *CatalogueService) { s.Windows = []int{1, 0} }), msg: "window 0", field: "services[0].windows[1]"},
		{name: "no form fields", change: svc(func(s *CatalogueService) { s.Form.Fields = nil }), msg: "form has 0 fields, want 1 to 5", field: "services[0].form.fields"},
		{name: "six form fields", change: svc(func(s *CatalogueService) {
			for i := range 5 {
				s.Form.Fields = append(s.Form.Fields, FormField{Name: "f" + string(rune('a'+i)), Type: FieldText, Label: "x", LabelEN: "x"})
			}
		}), msg: "form has 6 fields", field: "services[0].form.fields"},
		{name: "unknown field type", change: field(func(f *FormField) { f.Type = "colour"; f.Options = nil }), msg: `form field "reason" has unknown type "colour"`, field: "services[0].form.fields[0].type"},
		{name: "choice without options", change: field(func(f *FormField) { f.Options = nil }), msg: `choice field "reason" has no options`, field: "services[0].form.fields[0].options"},
		{name: "options on text", change: field(func(f *FormField) { f.Type = FieldText }), msg: "cannot have options", field: "services[0].form.fields[0].options"},
		{name: "duplicate option", change: field(func(f *FormField) { f.Options = append(f.Options, f.Options[0]) }), msg: `option "first" twice`, field: "services[0].form.fields[0].options[1].value"},
		{name: "bad field name", change: field(func(f *FormField) { f.Name = "Reason" }), msg: "lower_snake_case", field: "services[0].form.fields[0].name"},
		{name: "duplicate field name", change: svc(func(s *CatalogueService) { s.Form.Fields = append(s.Form.Fields, s.Form.Fields[0]) }), msg: `form field "reason" is used twice`, field: "services[0].form.fields[1].name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.raw)
			if tt.raw == "" {
				c := validCatalogue()
				if tt.change != nil {
					tt.change(c)
				}
				data = marshalCatalogue(t, c)
			}
			c, err := ParseCatalogue(data)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if c.Service("GA-001") == nil || c.Department("gaj") == nil || c.Service("nope") != nil {
					t.Error("lookups by code do not work")
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted; want an error containing %q", tt.msg)
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("code %q, want %q (%v)", ErrorCode(err), EINVALID, err)
			}
			if !strings.Contains(ErrorMessage(err), tt.msg) {
				t.Errorf("message %q does not contain %q", ErrorMessage(err), tt.msg)
			}
			if e := err.(*Error); tt.field != "" && e.Field != tt.field {
				t.Errorf("field %q, want %q", e.Field, tt.field)
			}
		})
	}
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestServiceID(t *testing.T) {
	// Expected values come from an independent implementation (Python's uuid.uuid5 with
	// the namespace 6f1c2b9e-4d57-4a83-9b21-0e5c7d38a4f2). If these change, every hall's
	// seed services change ID: never update them to make a test pass.
	golden := map[string]string{
		"GA-001": "5db87291-6d9b-5501-af90-b95e7eb2e741",
		"GA-002": "22d81c3a-fe5a-5b2f-85eb-7495388d02d4",
		"SJ-001": "ac68bd4f-dcf3-5df7-a8f4-d9c583e45549",
	}
	for code, want := range golden {
		if got := ServiceID(code); got != want {
			t.Errorf("ServiceID(%q) = %s, want %s", code, got, want)
		}
		if ServiceID(code) != ServiceID(code) {
			t.Errorf("ServiceID(%q) is not stable", code)
		}
	}
	seen := map[string]string{}
	for _, code := range []string{"", "GA-001", "GA-0010", "ga-001", "GA-001 ", "SJ-001", "居民身份证申领"} {
		id := ServiceID(code)
		if !uuidPattern.MatchString(id) {
			t.Errorf("ServiceID(%q) = %q is not a lower-case version-5 UUID", code, id)
		}
		if other, dup := seen[id]; dup {
			t.Errorf("ServiceID(%q) = ServiceID(%q) = %s", code, other, id)
		}
		seen[id] = code
	}
	// The algorithm itself, on RFC 9562's DNS namespace and Python's documented example.
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got, want := uuidV5(dns, "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d"; got != want {
		t.Errorf("uuidV5(DNS, python.org) = %s, want %s", got, want)
	}
}

func FuzzParseCatalogue(f *testing.F) {
	// The shipped catalogue, cut to a few services: a 150 KB seed makes the fuzzer crawl.
	shipped, err := ParseCatalogue(readShippedCatalogue(f))
	if err != nil {
		f.Fatal(err)
	}
	shipped.Services = shipped.Services[:3]
	small, err := json.Marshal(shipped)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	valid, err := json.Marshal(validCatalogue())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"version":1,"queues":[{"code":"A","prefix":"A"}]}`))
	f.Add([]byte(`{"version":1,"services":[{"form":{"fields":[{"type":"choice"}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalogue(data)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error code %q, want %q: %v", ErrorCode(err), EINVALID, err)
			}
			return
		}
		// What is accepted survives a round trip and keeps its invariants.
		again, err := ParseCatalogue(marshalCatalogue(t, c))
		if err != nil {
			t.Fatalf("accepted catalogue refused after a round trip: %v", err)
		}
		if len(again.Services) != len(c.Services) || len(c.Services) == 0 {
			t.Fatalf("round trip changed the services: %d → %d", len(c.Services), len(again.Services))
		}
		for _, s := range c.Services {
			if s.PromisedDays > s.LegalDays || s.FeeFen < 0 || len(s.Form.Fields) == 0 || !uuidPattern.MatchString(ServiceID(s.Code)) {
				t.Fatalf("accepted an invalid service %+v", s)
			}
		}
	})
}
