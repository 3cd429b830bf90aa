package printing

import (
	"strings"
	"unicode/utf8"
)

// RuneWidth is the number of columns r takes on a thermal printer: 1 for printable ASCII,
// 0 for control characters, and 2 for everything else. A printer in Chinese (GB18030)
// mode prints every multi-byte character from its 24×24 font, so a Chinese character,
// a full-width punctuation mark and an accented Latin letter all take two columns.
func RuneWidth(r rune) int {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case r < 0x7f:
		return 1
	case r < 0xa0:
		return 0
	}
	return 2
}

// Width is the display width of s in columns (see RuneWidth).
func Width(s string) int {
	w := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c < 0x7f {
				w++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		w += RuneWidth(r)
		i += n - 1
	}
	return w
}

// noStart holds the punctuation that must not begin a line (it stays with the character
// before it); noEnd holds the punctuation that must not end one (it goes with the
// character after it).
const (
	noStart = "，。、；：？！）》」』】〕〉”’…—·％,.;:!?)]}%"
	noEnd   = "（《「『【〔〈“‘([{"
)

// unit is a piece of a paragraph that is never broken unless it is wider than a line.
type unit struct {
	text  string
	width int
	space bool // a run of ASCII spaces: a break opportunity, dropped at a break
}

// group is a run of units glued together (units[lo:hi]).
type group struct {
	lo, hi, width int
	space         bool
}

// Wrap breaks text into lines of at most cols columns (see Width). A '\n' forces a break
// and an empty paragraph gives an empty line. Lines break at spaces and between Chinese
// characters, never inside a run of ASCII letters, digits and symbols (a tracking number
// such as TC01-20261126-0042, a URL) unless the run alone is longer than a line; closing
// punctuation is kept off the start of a line and opening punctuation off its end.
// Spaces at a break are dropped. Wrap of "" is nil; cols < 1 is treated as 1.
func Wrap(text string, cols int) []string {
	if text == "" {
		return nil
	}
	cols = max(cols, 1)
	var lines []string
	for para := range strings.SplitSeq(text, "\n") {
		lines = wrapParagraph(lines, para, cols)
	}
	return lines
}

// wrapParagraph appends the lines of one paragraph (no '\n' inside) to lines.
func wrapParagraph(lines []string, para string, cols int) []string {
	if Width(para) <= cols {
		return append(lines, strings.TrimRight(para, " "))
	}
	units := split(para)
	var line strings.Builder
	w := 0           // width of line
	pending := 0     // spaces waiting between the line and the next unit
	wrapped := false // a line of this paragraph has been emitted
	n := len(lines)
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		w, pending, wrapped = 0, 0, true
	}
	place := func(u unit) {
		if u.space {
			if w > 0 || !wrapped { // leading spaces indent the first line only
				pending += u.width
			}
			return
		}
		switch {
		case w+pending+u.width <= cols:
		case u.width <= cols:
			if w > 0 {
				flush()
			}
			pending = 0
		default:
			// Longer than a line: break it by character, starting on this line.
			if w+pending+1 > cols {
				if w > 0 {
					flush()
				}
				pending = 0
			}
			line.WriteString(strings.Repeat(" ", pending))
			w += pending
			pending = 0
			for _, r := range u.text {
				rw := RuneWidth(r)
				if w+rw > cols && w > 0 {
					flush()
				}
				line.WriteRune(r)
				w += rw
			}
			return
		}
		line.WriteString(strings.Repeat(" ", pending))
		line.WriteString(u.text)
		w += pending + u.width
		pending = 0
	}
	for _, g := range glue(units) {
		if g.hi-g.lo == 1 {
			place(units[g.lo])
			continue
		}
		if g.width > cols {
			// Glued punctuation made it too wide for any line: place its parts alone.
			for _, u := range units[g.lo:g.hi] {
				place(u)
			}
			continue
		}
		var text strings.Builder
		for _, u := range units[g.lo:g.hi] {
			text.WriteString(u.text)
		}
		place(unit{text: text.String(), width: g.width})
	}
	if w > 0 || len(lines) == n {
		flush()
	}
	return lines
}

// split cuts a paragraph into units: runs of spaces, runs of other ASCII characters, and
// single non-ASCII characters.
func split(para string) []unit {
	var units []unit
	for i := 0; i < len(para); {
		c := para[i]
		switch {
		case c == ' ':
			j := i
			for j < len(para) && para[j] == ' ' {
				j++
			}
			units = append(units, unit{text: para[i:j], width: j - i, space: true})
			i = j
		case c < utf8.RuneSelf:
			j := i
			for j < len(para) && para[j] < utf8.RuneSelf && para[j] != ' ' {
				j++
			}
			units = append(units, unit{text: para[i:j], width: Width(para[i:j])})
			i = j
		default:
			r, n := utf8.DecodeRuneInString(para[i:])
			units = append(units, unit{text: para[i : i+n], width: RuneWidth(r)})
			i += n
		}
	}
	return units
}

// glue groups closing punctuation with the unit before it and opening punctuation with
// the unit after it, so that neither is left alone at the wrong end of a line.
func glue(units []unit) []group {
	out := make([]group, 0, len(units))
	for i := 0; i < len(units); i++ {
		g := group{lo: i, hi: i + 1, width: units[i].width, space: units[i].space}
		// Opening punctuation takes the next unit along (repeatedly: "（《").
		for !g.space && endsWithAny(units[g.hi-1].text, noEnd) && g.hi < len(units) && !units[g.hi].space {
			g.width += units[g.hi].width
			g.hi++
		}
		i = g.hi - 1
		if !g.space && len(out) > 0 && !out[len(out)-1].space && startsWithAny(units[g.lo].text, noStart) {
			prev := &out[len(out)-1]
			prev.hi, prev.width = g.hi, prev.width+g.width
			continue
		}
		out = append(out, g)
	}
	return out
}

func startsWithAny(s, set string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(set, r)
}

func endsWithAny(s, set string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(set, r)
}
