package printing

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"A001", 4},
		{"前面还有 3 人", 13},
		{"TC01-20261126-0042", 18},
		{"（，）", 6},
		{"𠮷", 2},
		{"a\tb\x1b", 2},
	} {
		if got := Width(tc.s); got != tc.want {
			t.Errorf("Width(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		cols int
		want []string
	}{
		{"fits", "前面还有 3 人", 32, []string{"前面还有 3 人"}},
		{"empty", "", 32, nil},
		{"chinese by character", "一二三四五六七八九十", 7, []string{"一二三", "四五六", "七八九", "十"}},
		{"token kept whole", "办件编号 TC01-20261126-0042 已受理", 20,
			[]string{"办件编号", "TC01-20261126-0042", "已受理"}},
		{"token after chinese without space", "办件编号TC01-20261126-0042", 20,
			[]string{"办件编号", "TC01-20261126-0042"}},
		{"token longer than a line is broken", "编号TC01-20261126-0042", 10,
			[]string{"编号TC01-2", "0261126-00", "42"}},
		{"closing punctuation stays with the character before", "一二三，四五", 6,
			[]string{"一二", "三，四", "五"}},
		{"opening punctuation goes with the character after", "一二（三）", 6,
			[]string{"一二", "（三）"}},
		{"glued punctuation never breaks a token that fits", "办A001）", 4, []string{"办", "A001", "）"}},
		{"spaces at a break are dropped", "hello world foo", 11, []string{"hello world", "foo"}},
		{"indent of the first line kept", "  abc def", 7, []string{"  abc", "def"}},
		{"forced breaks and empty paragraphs", "a\n\nb", 32, []string{"a", "", "b"}},
		{"trailing spaces dropped", "abc   ", 32, []string{"abc"}},
		{"a wide character on a one-column line", "中", 1, []string{"中"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.text, tc.cols)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Wrap(%q, %d) = %q, want %q", tc.text, tc.cols, got, tc.want)
			}
		})
	}
}

// checkWrap asserts the properties every wrap must have: no line too wide (unless it is
// one character), nothing lost or reordered but spaces, and every ASCII token that fits
// a line found whole on one line.
func checkWrap(t *testing.T, text string, cols int) {
	t.Helper()
	lines := Wrap(text, cols)
	for _, l := range lines {
		if Width(l) > cols && utf8.RuneCountInString(l) > 1 {
			t.Fatalf("Wrap(%q, %d): line %q is %d wide", text, cols, l, Width(l))
		}
	}
	strip := func(s string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(s) }
	if got, want := strip(strings.Join(lines, "")), strip(text); got != want {
		t.Fatalf("Wrap(%q, %d) = %q: content changed", text, cols, lines)
	}
	for para := range strings.SplitSeq(text, "\n") {
		for _, tok := range asciiTokens(para) {
			if len(tok) > cols {
				continue
			}
			whole := false
			for _, l := range lines {
				if strings.Contains(l, tok) {
					whole = true
				}
			}
			if !whole {
				t.Fatalf("Wrap(%q, %d) = %q: token %q broken", text, cols, lines, tok)
			}
		}
	}
}

// asciiTokens returns the maximal runs of non-space ASCII in s.
func asciiTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r >= utf8.RuneSelf })
}

func TestWrapProperties(t *testing.T) {
	pieces := []string{"办", "件", "编号", "，", "。", "（", "）", " ", "  ", "TC01-20261126-0042", "A001",
		"https://zwfw.example.gov.cn/q/A001", "3", "人", "𠮷", "\n", "a", "“", "”"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(25) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkWrap(t, b.String(), 1+rng.IntN(48))
	}
}

func FuzzWrap(f *testing.F) {
	f.Add("办件编号 TC01-20261126-0042 已受理", 20)
	f.Add("一二三，四五（六）", 5)
	f.Add("  \n\n abc", 3)
	f.Fuzz(func(t *testing.T, text string, cols int) {
		if cols < 1 || cols > 200 {
			return
		}
		text = Clean(text)
		checkWrap(t, text, cols)
	})
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"A001":                 "A001",
		"a\tb":                 "a b",
		"a\x1b@b\x1d\x56c\r\n": "a@bVc\n",
		"零\u200b宽\ufeff":       "零宽",
		"bad\xffutf8":          "bad\ufffdutf8",
		"del\x7f\u0085":        "del",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
