// Command gen builds the kiosk's compact pinyin dictionary (assets/pinyin/pinyin.txt) from
// two openly licensed sources that Debian carries:
//
//   - Rime's pinyin_simp dictionary (package rime-data-pinyin-simp,
//     /usr/share/rime-data/pinyin_simp.dict.yaml; Apache-2.0, derived from the Android
//     Pinyin IME): simplified characters and phrases with frequency weights;
//   - the Unihan readings of Unicode 15 (package unicode-data,
//     /usr/share/unicode/Unihan_Readings.txt.bz2; Unicode licence): the readings of every
//     other ideograph, rare name characters (生僻字) and those outside the BMP included,
//     added at weight 0 so they come after every weighted candidate.
//
// An ideograph that Unihan gives no reading at all (𠮷, U+20BB7, is one) borrows the
// reading of the character it is a variant of (Unihan_Variants.txt: z-, semantic,
// simplified/traditional, then spoofing variants) and is listed right after it, so a
// visitor looking for 𠮷 finds it beside 吉.
//
// Run it with `go generate ./kiosk/ime` after `apt-get install rime-data-pinyin-simp
// unicode-data`. The output is deterministic.
//
// Output format, one line per pinyin key (syllables joined by ', keys in byte order):
//
//	zhang<TAB>张 27300<TAB>章 5608<TAB>…<TAB>𤾀
//
// words in the order a typist should see them; a word without a number has weight 0.
package main

import (
	"bufio"
	"compress/bzip2"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	rime := flag.String("rime", "/usr/share/rime-data/pinyin_simp.dict.yaml", "Rime's pinyin_simp dictionary")
	unihan := flag.String("unihan", "/usr/share/unicode", "folder of Unihan_Readings.txt(.bz2) and Unihan_Variants.txt(.bz2)")
	out := flag.String("o", "../../assets/pinyin/pinyin.txt", "the compact dictionary to write")
	flag.Parse()
	d := newDict()
	if err := d.readRime(*rime); err != nil {
		log.Fatal(err)
	}
	readings, err := readUnihan(filepath.Join(*unihan, "Unihan_Readings.txt"))
	if err != nil {
		log.Fatal(err)
	}
	variants, err := readVariants(filepath.Join(*unihan, "Unihan_Variants.txt"))
	if err != nil {
		log.Fatal(err)
	}
	stats := d.addUnihan(readings, variants)
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	n := d.write(w)
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d keys, %d words (%s)", *out, len(d.keys), n, stats)
}

type word struct {
	text   string
	weight int
	order  int // tie-break: source order, then rarity
}

type dict struct {
	keys  map[string][]word
	chars map[string]bool           // single characters Rime knows
	read  map[string]map[string]int // char → its Rime keys → weight
	seq   int
}

func newDict() *dict {
	return &dict{keys: map[string][]word{}, chars: map[string]bool{}, read: map[string]map[string]int{}}
}

func (d *dict) add(key, text string, weight int) {
	for _, w := range d.keys[key] {
		if w.text == text {
			return
		}
	}
	d.seq++
	d.keys[key] = append(d.keys[key], word{text: text, weight: weight, order: d.seq})
	if utf8.RuneCountInString(text) == 1 {
		if d.read[text] == nil {
			d.read[text] = map[string]int{}
		}
		if _, ok := d.read[text][key]; !ok {
			d.read[text][key] = weight
		}
	}
}

// readRime reads a Rime .dict.yaml: after the "..." line, word<TAB>pinyin<TAB>weight.
func (d *dict) readRime(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	body := false
	for sc.Scan() {
		line := sc.Text()
		if !body {
			body = line == "..."
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 2 {
			continue
		}
		weight := 0
		if len(fs) >= 3 {
			weight, _ = strconv.Atoi(strings.TrimSuffix(fs[2], "%"))
		}
		key := normKey(strings.Fields(fs[1]))
		if key == "" || !allHan(fs[0]) {
			continue
		}
		if utf8.RuneCountInString(fs[0]) == 1 {
			d.chars[fs[0]] = true
		}
		d.add(key, fs[0], weight)
	}
	if !body {
		return fmt.Errorf("%s: no dictionary body", path)
	}
	return sc.Err()
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// compatibility ideographs normalise to unified ones: never offer them.
func compat(r rune) bool {
	return (r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}

// openData opens name, or name.bz2 decompressed.
func openData(name string) (io.ReadCloser, error) {
	if f, err := os.Open(name); err == nil {
		return f, nil
	}
	f, err := os.Open(name + ".bz2")
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{bzip2.NewReader(bufio.NewReader(f)), f}, nil
}

// unihanReadings are one character's readings: modern (kMandarin) and every other source.
type unihanReadings struct {
	mandarin []string
	others   []string
}

// readUnihan reads kMandarin, kHanyuPinyin, kXHC1983 and kTGHZ2013 as toneless keys.
func readUnihan(path string) (map[rune]*unihanReadings, error) {
	f, err := openData(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[rune]*unihanReadings{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 3 || !strings.HasPrefix(fs[0], "U+") {
			continue
		}
		field := fs[1]
		if field != "kMandarin" && field != "kHanyuPinyin" && field != "kXHC1983" && field != "kTGHZ2013" {
			continue
		}
		r, err := strconv.ParseUint(fs[0][2:], 16, 32)
		if err != nil {
			continue
		}
		var syls []string
		for _, item := range strings.Fields(fs[2]) {
			if i := strings.IndexByte(item, ':'); i >= 0 {
				item = item[i+1:]
			}
			for _, s := range strings.Split(item, ",") {
				if k := normKey([]string{s}); k != "" {
					syls = append(syls, k)
				}
			}
		}
		u := m[rune(r)]
		if u == nil {
			u = &unihanReadings{}
			m[rune(r)] = u
		}
		if field == "kMandarin" {
			u.mandarin = append(u.mandarin, syls...)
		} else {
			u.others = append(u.others, syls...)
		}
	}
	return m, sc.Err()
}

// readVariants reads the variant relations that can lend a reading, best first.
func readVariants(path string) (map[rune][][]rune, error) {
	f, err := openData(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rank := map[string]int{"kZVariant": 0, "kSemanticVariant": 1, "kSimplifiedVariant": 2, "kTraditionalVariant": 2, "kSpoofingVariant": 3}
	m := map[rune][][]rune{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 3 || !strings.HasPrefix(fs[0], "U+") {
			continue
		}
		k, ok := rank[fs[1]]
		if !ok {
			continue
		}
		r, err := strconv.ParseUint(fs[0][2:], 16, 32)
		if err != nil {
			continue
		}
		if m[rune(r)] == nil {
			m[rune(r)] = make([][]rune, 4)
		}
		for _, v := range strings.Fields(fs[2]) {
			v, _, _ = strings.Cut(v, "<")
			t, err := strconv.ParseUint(strings.TrimPrefix(v, "U+"), 16, 32)
			if err == nil && rune(t) != rune(r) {
				m[rune(r)][k] = append(m[rune(r)][k], rune(t))
			}
		}
	}
	return m, sc.Err()
}

// addUnihan adds what Unihan knows and Rime does not, at weight 0: the modern readings of
// characters Rime has under other readings, and every reading of characters Rime lacks;
// then the variant borrowers.
func (d *dict) addUnihan(readings map[rune]*unihanReadings, variants map[rune][][]rune) string {
	cps := make([]rune, 0, len(readings))
	for r := range readings {
		cps = append(cps, r)
	}
	sort.Slice(cps, func(i, j int) bool { return rarity(cps[i]) < rarity(cps[j]) })
	added, extra := 0, 0
	for _, r := range cps {
		if compat(r) {
			continue
		}
		c := string(r)
		u := readings[r]
		syls := u.mandarin
		if !d.chars[c] {
			syls = append(append([]string(nil), u.mandarin...), u.others...)
			added++
		} else {
			extra++
		}
		for _, s := range syls {
			d.add(s, c, 0)
		}
	}
	// Ideographs with no reading anywhere borrow their variant's, right after it.
	var lonely []rune
	for r := range variants {
		if _, ok := readings[r]; ok || compat(r) || d.read[string(r)] != nil || !unicode.Is(unicode.Han, r) {
			continue
		}
		lonely = append(lonely, r)
	}
	sort.Slice(lonely, func(i, j int) bool { return lonely[i] < lonely[j] })
	borrowed := 0
	for _, r := range lonely {
		for _, tier := range variants[r] {
			found := false
			for _, base := range tier {
				for key, wt := range d.read[string(base)] {
					d.addAfter(key, string(r), string(base), wt)
					found = true
				}
			}
			if found {
				borrowed++
				break
			}
		}
	}
	return fmt.Sprintf("Unihan: %d characters added, %d given more readings, %d borrowing a variant's reading", added, extra, borrowed)
}

// addAfter adds text under key with base's weight, ordered right after base.
func (d *dict) addAfter(key, text, base string, weight int) {
	ws := d.keys[key]
	for _, w := range ws {
		if w.text == text {
			return
		}
	}
	for i, w := range ws {
		if w.text == base {
			nw := word{text: text, weight: weight, order: w.order}
			ws = append(ws[:i+1], append([]word{nw}, ws[i+1:]...)...)
			d.keys[key] = ws
			return
		}
	}
}

// rarity orders weight-0 characters: the common block first, then extension A, then the
// supplementary planes, each by code point.
func rarity(r rune) int64 {
	block := int64(2)
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		block = 0
	case r >= 0x3400 && r <= 0x4DBF:
		block = 1
	}
	return block<<32 | int64(r)
}

func (d *dict) write(w io.Writer) int {
	keys := make([]string, 0, len(d.keys))
	for k := range d.keys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "# servicehall pinyin dictionary: generated by kiosk/ime/internal/gen, do not edit.")
	fmt.Fprintln(w, "# Sources: Rime pinyin_simp (Apache-2.0, from the Android Pinyin IME) and the Unicode 15")
	fmt.Fprintln(w, "# Unihan readings (Unicode licence), modified: tones removed, merged. See COPYRIGHT.")
	fmt.Fprintln(w, "# key<TAB>word weight<TAB>word weight…; a word without a weight has weight 0.")
	n := 0
	for _, k := range keys {
		ws := d.keys[k]
		sort.SliceStable(ws, func(i, j int) bool {
			if ws[i].weight != ws[j].weight {
				return ws[i].weight > ws[j].weight
			}
			return ws[i].order < ws[j].order
		})
		var b strings.Builder
		b.WriteString(k)
		for _, x := range ws {
			b.WriteByte('\t')
			b.WriteString(x.text)
			if x.weight > 0 {
				b.WriteByte(' ')
				b.WriteString(strconv.Itoa(x.weight))
			}
			n++
		}
		fmt.Fprintln(w, b.String())
	}
	return n
}

// toneless maps toned and umlauted vowels to the keys a typist presses (ü is v).
var toneless = strings.NewReplacer(
	"ā", "a", "á", "a", "ǎ", "a", "à", "a",
	"ē", "e", "é", "e", "ě", "e", "è", "e", "ê", "e", "ế", "e", "ề", "e",
	"ī", "i", "í", "i", "ǐ", "i", "ì", "i",
	"ō", "o", "ó", "o", "ǒ", "o", "ò", "o",
	"ū", "u", "ú", "u", "ǔ", "u", "ù", "u",
	"ǖ", "v", "ǘ", "v", "ǚ", "v", "ǜ", "v", "ü", "v",
	"ḿ", "m", "ń", "n", "ň", "n", "ǹ", "n",
)

// normKey turns syllables (toned or not) into a key: lower case, toneless, ü as v, the
// Rime spellings lue/nue for lüe/nüe, joined by '. It returns "" for anything else.
func normKey(syls []string) string {
	out := make([]string, 0, len(syls))
	for _, s := range syls {
		s = toneless.Replace(strings.ToLower(strings.TrimSpace(s)))
		s = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) || (r >= '1' && r <= '5') {
				return -1
			}
			return r
		}, s)
		switch s {
		case "lve":
			s = "lue"
		case "nve":
			s = "nue"
		}
		if s == "" {
			return ""
		}
		for _, r := range s {
			if r < 'a' || r > 'z' {
				return ""
			}
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "'")
}
