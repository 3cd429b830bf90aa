package ime

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func dict(t testing.TB) *Dict {
	t.Helper()
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func texts(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out
}

func index(cs []Candidate, text string) int {
	return slices.Index(texts(cs), text)
}

func TestZhangMostFrequentFirst(t *testing.T) {
	cs := dict(t).Lookup("zhang")
	if len(cs) == 0 || cs[0].Text != "张" {
		t.Fatalf("zhang → %v, want 张 first", texts(cs[:min(10, len(cs))]))
	}
	zhang, zhang2, zhang3 := index(cs, "张"), index(cs, "章"), index(cs, "彰")
	if !(zhang < zhang2 && zhang2 < zhang3 && zhang3 < 20) {
		t.Errorf("张 %d 章 %d 彰 %d: want in that order on the first pages", zhang, zhang2, zhang3)
	}
	for _, c := range cs[:30] {
		if c.Len != 5 {
			t.Errorf("%s consumes %d of zhang", c.Text, c.Len)
		}
	}
	// Upper case is the same pinyin.
	if got := texts(dict(t).Lookup("ZHANG")[:3]); !slices.Equal(got, texts(cs[:3])) {
		t.Errorf("ZHANG → %v", got)
	}
}

func TestPhrases(t *testing.T) {
	d := dict(t)
	for in, want := range map[string]string{
		"beijing":      "北京",
		"zhangsan":     "张三",
		"bj":           "北京", // initials only
		"beij":         "北京", // a partial last syllable
		"xi'an":        "西安",
		"shenfenzheng": "身份证",
	} {
		cs := d.Lookup(in)
		i := index(cs, want)
		if i < 0 || i > 5 {
			t.Errorf("%s → %v: want %s on the first page", in, texts(cs[:min(8, len(cs))]), want)
			continue
		}
		if cs[i].Len != len(in) {
			t.Errorf("%s → %s consumes %d bytes, want all %d", in, want, cs[i].Len, len(in))
		}
	}
	if cs := d.Lookup("beijing"); cs[0].Text != "北京" {
		t.Errorf("beijing → %s first", cs[0].Text)
	}
}

func TestPartialSyllable(t *testing.T) {
	d := dict(t)
	cs := d.Lookup("zh")
	if len(cs) < 100 {
		t.Fatalf("zh → only %d candidates", len(cs))
	}
	for _, c := range cs[:50] {
		if utf8.RuneCountInString(c.Text) != 1 || c.Len != 2 {
			t.Errorf("zh → %q (len %d): want single characters of zh* syllables", c.Text, c.Len)
			continue
		}
		ok := false
		for _, r := range d.Readings(c.Text) {
			ok = ok || strings.HasPrefix(r, "zh") && !strings.Contains(r, "'")
		}
		if !ok {
			t.Errorf("zh → %s read %v", c.Text, d.Readings(c.Text))
		}
	}
	for _, want := range []string{"中", "这", "张"} {
		if i := index(cs, want); i < 0 || i > 12 {
			t.Errorf("zh: %s at %d", want, i)
		}
	}
	// Each keystroke of zhang has candidates, and the full syllable wins at the end.
	for i := 1; i <= len("zhang"); i++ {
		if len(d.Lookup("zhang"[:i])) == 0 {
			t.Errorf("no candidates for %q", "zhang"[:i])
		}
	}
}

func TestSegmentation(t *testing.T) {
	d := dict(t)
	xian := d.Lookup("xian")
	if n := utf8.RuneCountInString(xian[0].Text); n != 1 {
		t.Errorf("xian → %s first, want a single character (先, 现…)", xian[0].Text)
	}
	if i := index(xian, "先"); i < 0 || i > 5 {
		t.Errorf("xian: 先 at %d", i)
	}
	xiAn := d.Lookup("xi'an")
	if xiAn[0].Text != "西安" {
		t.Errorf("xi'an → %v", texts(xiAn[:5]))
	}
	if i := index(xiAn, "先"); i >= 0 {
		t.Errorf("xi'an offers 先 (at %d): the apostrophe must split the syllables", i)
	}
	// fangan is fang'an (方案) or fan'gan (反感): both offered.
	fangan := d.Lookup("fangan")
	for _, w := range []string{"方案", "反感"} {
		if i := index(fangan, w); i < 0 || i > 3 {
			t.Errorf("fangan: %s at %d", w, i)
		}
	}
	// A tail: zhangsanfeng offers 张三 consuming zhangsan.
	cs := d.Lookup("zhangsanfengxyz")
	i := index(cs, "张三")
	if i < 0 || cs[i].Len != len("zhangsan") {
		t.Fatalf("zhangsanfengxyz → %v", cs[:min(5, len(cs))])
	}
}

func TestRareAndNonBMP(t *testing.T) {
	d := dict(t)
	cs := d.Lookup("ji")
	i := index(cs, "𠮷")
	if i < 0 {
		t.Fatal("𠮷 (U+20BB7) is not reachable from ji")
	}
	if j := index(cs, "吉"); j < 0 || i != j+1 {
		t.Errorf("𠮷 at %d, 吉 at %d: want 𠮷 right after 吉", i, j)
	}
	// Rare name characters from the Unihan readings: 䶮 (yan, U+4DAE, a name character of
	// note), 堃 (kun), 喆 (zhe), 玥 (yue).
	for in, want := range map[string]string{"yan": "䶮", "kun": "堃", "zhe": "喆", "yue": "玥"} {
		if index(d.Lookup(in), want) < 0 {
			t.Errorf("%s: %s not offered", in, want)
		}
	}
	nonBMP := 0
	for _, c := range cs {
		if r, _ := utf8.DecodeRuneInString(c.Text); r > 0xFFFF {
			nonBMP++
		}
	}
	if nonBMP < 20 {
		t.Errorf("ji offers %d characters outside the BMP", nonBMP)
	}
}

func TestComposer(t *testing.T) {
	c := NewComposer(dict(t), 6)
	for _, k := range "zhang" {
		c.Type(string(k))
	}
	if c.Input() != "zhang" || len(c.Page()) != 6 || c.Page()[0].Text != "张" {
		t.Fatalf("input %q page %v", c.Input(), c.Page())
	}
	// Paging: the second page follows the first, without overlap, and back again.
	first := texts(c.Page())
	if c.HasPrev() || !c.NextPage() {
		t.Fatal("paging")
	}
	second := texts(c.Page())
	if !slices.Equal(second, texts(c.Candidates()[6:12])) {
		t.Errorf("second page %v", second)
	}
	c.PrevPage()
	if !slices.Equal(texts(c.Page()), first) {
		t.Error("back to the first page")
	}
	// Typing again returns to the first page.
	c.NextPage()
	c.Type("s")
	if c.PageIndex() != 0 {
		t.Error("a keystroke keeps the page")
	}
	c.Type("anfeng")
	// Choose 张三 (a candidate consuming zhangsan): feng stays.
	i := index(c.Page(), "张三")
	if i < 0 {
		t.Fatalf("zhangsanfeng page %v", c.Page())
	}
	if out, done := c.Choose(i); done || out != "" {
		t.Fatalf("choose 张三 committed %q", out)
	}
	if c.Chosen() != "张三" || c.Input() != "feng" || c.Preedit() != "张三feng" {
		t.Fatalf("chosen %q input %q", c.Chosen(), c.Input())
	}
	j := index(c.Page(), "丰")
	for j < 0 && c.NextPage() {
		j = index(c.Page(), "丰")
	}
	if j < 0 || c.PageIndex() > 3 {
		t.Fatalf("丰 not on the first pages of feng: %v", texts(c.Candidates()[:20]))
	}
	if out, done := c.Choose(j); !done || out != "张三丰" {
		t.Fatalf("commit %q %v", out, done)
	}
	if c.Active() {
		t.Error("still composing after the commit")
	}
	// Backspace takes pinyin first, then chosen characters, then reports empty.
	c.Type("xi'an")
	c.Backspace()
	if c.Input() != "xi'a" {
		t.Errorf("after backspace %q", c.Input())
	}
	c.Clear()
	c.Type("zhangsan")
	c.Choose(index(c.Page(), "张"))
	if c.Chosen() != "张" || c.Input() != "san" {
		t.Fatalf("chosen %q input %q", c.Chosen(), c.Input())
	}
	for c.Backspace() {
	}
	if c.Active() {
		t.Error("backspace left a composition")
	}
	// Space: the first candidate of all, whatever the page.
	c.Type("beijing")
	c.NextPage()
	if out, done := c.ChooseFirst(); !done || out != "北京" {
		t.Errorf("space → %q", out)
	}
	// Letters as typed, and junk ignored.
	c.Type("b1-座")
	if c.Input() != "b" {
		t.Errorf("typed junk: %q", c.Input())
	}
	if out := c.CommitLetters(); out != "b" {
		t.Errorf("letters %q", out)
	}
	c.Type("zhangxqz")
	if out := c.ChooseAll(); !strings.HasPrefix(out, "张") {
		t.Errorf("choose all %q", out)
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	for _, bad := range []string{"zh1ang\t张\n", "zhang\t张 x\n", "zhang\t\n"} {
		if _, err := Load([]byte(bad)); err == nil {
			t.Errorf("Load(%q) accepted", bad)
		}
	}
	d, err := Load([]byte("# c\nzhang\t张 3\t章\nzhang'san\t张三 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(d.Lookup("zhangsan")); !slices.Equal(got, []string{"张三", "张", "章"}) {
		t.Errorf("small dict: %v", got)
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"zhang", "xi'an", "'''", "zh'", "bjzx", "aaaaaaaaaaaaaaaaaaaa", "ZHANG", "n'v", "中文", "lve", "zhangsanfeng'lisi"} {
		f.Add(s)
	}
	d, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cs := d.Lookup(in)
		seen := map[string]bool{}
		for _, c := range cs {
			if c.Len <= 0 || c.Len > len(in) {
				t.Fatalf("%q: %s consumes %d", in, c.Text, c.Len)
			}
			if seen[c.Text] || c.Text == "" || !utf8.ValidString(c.Text) {
				t.Fatalf("%q: candidate %q twice or empty", in, c.Text)
			}
			seen[c.Text] = true
		}
		c := NewComposer(d, 5)
		c.Type(in)
		for range 5 {
			if len(c.Page()) == 0 {
				break
			}
			if _, done := c.Choose(len(c.Page()) - 1); done {
				break
			}
		}
		for c.Backspace() {
		}
		if c.Active() {
			t.Fatalf("%q: composition left", in)
		}
	})
}

// keystrokes are the lookups a visitor makes typing names and addresses key by key.
func keystrokes() []string {
	var out []string
	for _, w := range []string{
		"zhangsan", "lisi", "wangxiaoming", "chenjianguo", "liuyang", "huangshanlu",
		"beijingshi", "tongchuanqu", "dazhoushi", "xi'an", "shenfenzheng", "zhongguorenmin",
		"yinhang", "jiedaobanshichu", "ji", "yanjiusuo", "shuangliu", "zhuangyuanfang",
	} {
		for i := 1; i <= len(w); i++ {
			out = append(out, w[:i])
		}
	}
	return out
}

// BenchmarkLookupKeystroke looks up each prefix of typed names and addresses and reports
// the p50 and p99 per keystroke.
func BenchmarkLookupKeystroke(b *testing.B) {
	d := dict(b)
	keys := keystrokes()
	var times []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		k := keys[n%len(keys)]
		t0 := time.Now()
		d.Lookup(k)
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(times[len(times)-1].Microseconds()), "max-µs")
}

// BenchmarkLoad parses the embedded dictionary (Default does it once, lazily).
func BenchmarkLoad(b *testing.B) {
	data, err := assetsPinyin()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load(data); err != nil {
			b.Fatal(err)
		}
	}
}
