package app

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// seedIndex indexes the shipped catalogue.
func seedIndex(tb testing.TB) *SearchIndex {
	tb.Helper()
	data, err := os.ReadFile("../assets/catalogue/catalogue.json")
	if err != nil {
		tb.Fatal(err)
	}
	cat, err := ParseCatalogue(data)
	if err != nil {
		tb.Fatal(err)
	}
	var details []ServiceDetail
	for _, s := range cat.Services {
		d := cat.Department(s.Department)
		details = append(details, ServiceDetail{ID: ServiceID(s.Code), CatalogueService: s, DepartmentName: d.Name, DepartmentNameEN: d.NameEN})
	}
	return NewSearchIndex(details)
}

func names(list []Service) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Name
	}
	return out
}

func TestSearchRanking(t *testing.T) {
	ix := seedIndex(t)
	if got := ix.Search(""); len(got) != ix.Len() || got[0].Code != "GA-001" {
		t.Fatalf("empty query: %d services", len(got))
	}
	cases := []struct {
		q     string
		first string // the service a citizen means
		all   []string
	}{
		{"hj", "开具户籍证明", nil},
		{"户籍", "开具户籍证明", nil},
		{"hukou", "户口迁入登记", []string{"死亡人员户口注销", "户口登记项目变更更正"}},
		{"hu kou", "户口迁入登记", nil},
		{"hkqr", "户口迁入登记", nil},
		{"hukqr", "户口迁入登记", nil},
		{"出生登记", "出生登记", nil},
		{"身份证", "居民身份证申领", []string{"居民身份证换领", "临时居民身份证申领"}},
		{"jmsfz", "居民身份证申领", nil},
		{"社保", "社会保障卡申领", []string{"社会保障卡挂失", "灵活就业人员参保登记"}},
		{"shebao", "社会保障卡申领", nil},
		{"sb", "社会保障卡申领", nil},
		{"yyzz", "营业执照遗失补领、换发", nil},
		{"公积金", "住房公积金个人住房贷款", []string{"租赁住房提取住房公积金"}},
		{"公安", "居民身份证申领", []string{"机动车注册登记"}},
		{"GA-010", "开具无犯罪记录证明", nil},
		{"passport", "普通护照签发", nil},
		{"ＨＪ", "开具户籍证明", nil},
		{"户口 迁入", "户口迁入登记", nil},
	}
	for _, c := range cases {
		got := names(ix.Search(c.q))
		if len(got) == 0 || got[0] != c.first {
			t.Errorf("%q: first %v, want %s", c.q, head(got), c.first)
			continue
		}
		for _, w := range c.all {
			if !contains(got, w) {
				t.Errorf("%q: %s missing from %v", c.q, w, got)
			}
		}
	}
	// Exact before prefix before substring.
	got := names(ix.Search("出生"))
	if got[0] != "出生登记" || got[1] != "出生医学证明补发" {
		t.Errorf("出生: %v", head(got))
	}
	if got := ix.Search("xyzzy不存在"); len(got) != 0 {
		t.Errorf("nonsense found %v", names(got))
	}
	if got := ix.Search("hj"); strings.Contains(strings.Join(names(got), ""), "社会") {
		t.Errorf("hj found %v", names(got))
	}
}

func head(s []string) []string {
	if len(s) > 5 {
		return s[:5]
	}
	return s
}

func contains(s []string, w string) bool {
	for _, x := range s {
		if x == w {
			return true
		}
	}
	return false
}

func TestSylMatchPathological(t *testing.T) {
	syl := strings.Fields(strings.Repeat("zhu ", 200))
	if at, _ := sylMatch(syl, strings.Repeat("zhu", 20)+"x"); at != -1 {
		t.Fatalf("matched at %d", at)
	}
}

var searchQueries = []string{"h", "hj", "hu", "huk", "hukou", "户", "户籍", "户口迁", "s", "sb", "she", "shebao", "社保", "社会保障卡",
	"y", "yyzz", "营业", "gjj", "公积金", "zfgjj", "jmsfz", "身份证", "公安", "不动产", "bdc", "dj", "deng ji", "passport",
	"税", "swj", "医保", "yibao", "结婚", "jh", "残疾", "cjrz", "护照", "tx", "出生", "csdj"}

// BenchmarkSearch reports the p99 latency of 1,000 queries, the kind a touch keyboard
// sends keystroke by keystroke, over the whole seed catalogue.
func BenchmarkSearch(b *testing.B) {
	ix := seedIndex(b)
	lat := make([]time.Duration, 0, 1000)
	for range b.N {
		lat = lat[:0]
		for i := range 1000 {
			q := searchQueries[i%len(searchQueries)]
			t0 := time.Now()
			ix.Search(q)
			lat = append(lat, time.Since(t0))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[989].Microseconds()), "p99-µs/query")
	b.ReportMetric(float64(lat[499].Microseconds()), "p50-µs/query")
}

// BenchmarkValidateApplication measures form validation throughput.
func BenchmarkValidateApplication(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		req := goodRequest()
		req.Fields = FormValues{"reason": "first", "birth_date": "2020-02-29", "company": "91350100M000100Y43", "area": "85.5"}
		if _, err := ValidateApplication(testForm, &req, testToday); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleSearchIndex_Search() {
	ix := NewSearchIndex([]ServiceDetail{
		{ID: "1", CatalogueService: CatalogueService{Code: "GA-008", Name: "开具户籍证明", Pinyin: "kai ju hu ji zheng ming"}},
		{ID: "2", CatalogueService: CatalogueService{Code: "RS-001", Name: "社会保障卡申领", Pinyin: "she hui bao zhang ka shen ling"}},
	})
	fmt.Println(names(ix.Search("hj")), names(ix.Search("社保")))
	// Output: [开具户籍证明] [社会保障卡申领]
}

func FuzzSearch(f *testing.F) {
	ix := seedIndex(f)
	for _, q := range []string{"hj", "户籍", "hu kou", "社保", "ＧＡ-001", strings.Repeat("zhu", 30), "\xff\xfe"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := ix.Search(q)
		if len(got) > ix.Len() {
			t.Fatalf("%q: %d results from %d services", q, len(got), ix.Len())
		}
		seen := map[string]bool{}
		for _, s := range got {
			if seen[s.ID] {
				t.Fatalf("%q: %s twice", q, s.Name)
			}
			seen[s.ID] = true
		}
	})
}
