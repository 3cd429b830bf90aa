package ime

import (
	"strings"
	"unicode/utf8"
)

// DefaultPageSize is how many candidates a page of the candidate bar shows.
const DefaultPageSize = 6

// MaxInput caps the pinyin of one composition, in bytes: a long name or address is typed
// in several compositions.
const MaxInput = 64

// Composer is one composition on a pinyin keyboard: the pinyin typed so far, the text
// already chosen for its first part, and the page of candidates for the rest. It is not
// safe for concurrent use; a keyboard owns one.
//
// Choosing a candidate that consumes only part of the pinyin keeps the rest to choose
// from (zhangsanfeng: choose 张三, then 丰 from feng); when nothing is left the chosen
// text is committed, that is returned to the caller to write into its field.
type Composer struct {
	dict     *Dict
	pageSize int
	input    string
	chosen   string
	cands    []Candidate
	page     int
}

// NewComposer returns an empty composition over d with pageSize candidates a page
// (DefaultPageSize when pageSize < 1).
func NewComposer(d *Dict, pageSize int) *Composer {
	if pageSize < 1 {
		pageSize = DefaultPageSize
	}
	return &Composer{dict: d, pageSize: pageSize}
}

// SetPageSize changes how many candidates a page shows and goes back to the first page.
func (c *Composer) SetPageSize(n int) {
	if n < 1 {
		n = DefaultPageSize
	}
	c.pageSize, c.page = n, 0
}

// Active reports whether a composition is under way.
func (c *Composer) Active() bool { return c.input != "" || c.chosen != "" }

// Input is the pinyin still to convert.
func (c *Composer) Input() string { return c.input }

// Chosen is the text chosen so far for the start of the pinyin, not yet committed.
func (c *Composer) Chosen() string { return c.chosen }

// Preedit is what the keyboard shows above its candidates: chosen text, then pinyin.
func (c *Composer) Preedit() string { return c.chosen + c.input }

// Type adds pinyin: letters a–z (either case) and the apostrophe that separates
// syllables. Anything else, or input past MaxInput, is ignored; it reports whether the
// input changed.
func (c *Composer) Type(s string) bool {
	changed := false
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if (r < 'a' || r > 'z') && r != '\'' || len(c.input) >= MaxInput {
			continue
		}
		if r == '\'' && (c.input == "" || strings.HasSuffix(c.input, "'")) {
			continue // a separator separates something
		}
		c.input += string(r)
		changed = true
	}
	if changed {
		c.update()
	}
	return changed
}

// Backspace removes the last pinyin letter, or when no pinyin is left the last chosen
// character. It reports false when the composition was already empty: the keyboard then
// deletes from its field instead.
func (c *Composer) Backspace() bool {
	switch {
	case c.input != "":
		c.input = c.input[:len(c.input)-1]
	case c.chosen != "":
		_, n := utf8.DecodeLastRuneInString(c.chosen)
		c.chosen = c.chosen[:len(c.chosen)-n]
	default:
		return false
	}
	c.update()
	return true
}

// Clear drops the composition without committing anything.
func (c *Composer) Clear() {
	c.input, c.chosen, c.cands, c.page = "", "", nil, 0
}

// Candidates returns every candidate for the pinyin left, best first.
func (c *Composer) Candidates() []Candidate { return c.cands }

// Page returns the candidates of the current page.
func (c *Composer) Page() []Candidate {
	lo := c.page * c.pageSize
	if lo >= len(c.cands) {
		return nil
	}
	return c.cands[lo:min(lo+c.pageSize, len(c.cands))]
}

// PageIndex is the current page, from 0.
func (c *Composer) PageIndex() int { return c.page }

// HasPrev reports whether there is a page before this one.
func (c *Composer) HasPrev() bool { return c.page > 0 }

// HasNext reports whether there is a page after this one.
func (c *Composer) HasNext() bool { return (c.page+1)*c.pageSize < len(c.cands) }

// NextPage turns to the next page of candidates, if there is one.
func (c *Composer) NextPage() bool {
	if !c.HasNext() {
		return false
	}
	c.page++
	return true
}

// PrevPage turns to the previous page of candidates, if there is one.
func (c *Composer) PrevPage() bool {
	if !c.HasPrev() {
		return false
	}
	c.page--
	return true
}

// Choose takes candidate i of the current page. When the candidate consumed all the
// pinyin it returns the whole composed text and done; otherwise the rest of the pinyin
// stays to choose from and it returns "", false.
func (c *Composer) Choose(i int) (commit string, done bool) {
	page := c.Page()
	if i < 0 || i >= len(page) {
		return "", false
	}
	cand := page[i]
	c.chosen += cand.Text
	c.input = strings.TrimLeft(c.input[min(cand.Len, len(c.input)):], "'")
	if c.input == "" {
		out := c.chosen
		c.Clear()
		return out, true
	}
	c.update()
	return "", false
}

// ChooseFirst takes the best candidate of all, whatever the page (the space bar).
func (c *Composer) ChooseFirst() (commit string, done bool) {
	c.page = 0
	return c.Choose(0)
}

// ChooseAll takes the first candidate until the pinyin is used up (the space bar's
// "take the best") and returns everything composed. Pinyin nothing matches is kept as
// letters.
func (c *Composer) ChooseAll() string {
	for c.input != "" {
		if len(c.Page()) == 0 {
			c.chosen += c.input
			c.input = ""
			break
		}
		if out, done := c.Choose(0); done {
			return out
		}
	}
	out := c.chosen
	c.Clear()
	return out
}

// CommitLetters ends the composition with the pinyin kept as typed letters (for a
// building letter or a Latin name) after what was chosen.
func (c *Composer) CommitLetters() string {
	out := c.chosen + strings.ReplaceAll(c.input, "'", "")
	c.Clear()
	return out
}

func (c *Composer) update() {
	c.page = 0
	if c.input == "" {
		c.cands = nil
		return
	}
	c.cands = c.dict.Lookup(c.input)
}
