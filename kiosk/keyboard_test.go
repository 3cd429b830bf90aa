package kiosk

import (
	"os"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

type kbRig struct {
	w     fyne.Window
	entry *widget.Entry
	kb    *PinyinKeyboard
}

func startKeyboard(t testing.TB, lang string) kbRig {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	entry := widget.NewEntry()
	kb := NewPinyinKeyboard(ui.NewLocalizer(lang), entry)
	w := test.NewWindow(container.NewBorder(entry, nil, nil, nil, kb))
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(900, 560))
	return kbRig{w: w, entry: entry, kb: kb}
}

func (r kbRig) tapKeys(t testing.TB, keys string) {
	t.Helper()
	for _, c := range keys {
		b := r.kb.Key(string(c))
		if b == nil {
			t.Fatalf("no key %q", c)
		}
		test.Tap(b)
	}
}

func TestPinyinKeyboardTypesZhang(t *testing.T) {
	r := startKeyboard(t, ui.LangHans)
	if got := r.kb.Pinyin(); got != "" {
		t.Fatalf("pinyin before typing %q", got)
	}
	r.tapKeys(t, "zhang")
	if r.kb.Pinyin() != "zhang" {
		t.Fatalf("pinyin %q", r.kb.Pinyin())
	}
	if r.entry.Text != "" {
		t.Fatalf("entry holds %q before a choice", r.entry.Text)
	}
	first := r.kb.Candidates()[0]
	if first.Text != "张" || first.Disabled() {
		t.Fatalf("first candidate %q (disabled %v)", first.Text, first.Disabled())
	}
	test.Tap(first)
	if r.entry.Text != "张" {
		t.Fatalf("entry %q, want 张", r.entry.Text)
	}
	if r.kb.Pinyin() != "" || !r.kb.Candidates()[0].Disabled() {
		t.Errorf("composition left: %q", r.kb.Pinyin())
	}

	// Space takes the best phrase; a tail continues after a partial choice.
	r.tapKeys(t, "sanfeng")
	i := slices.Index(r.kb.CandidateTexts(), "三")
	if i < 0 {
		t.Fatalf("sanfeng page %v", r.kb.CandidateTexts())
	}
	test.Tap(r.kb.Candidates()[i])
	if r.kb.Pinyin() != "三feng" || r.entry.Text != "张" {
		t.Fatalf("after 三: pinyin %q entry %q", r.kb.Pinyin(), r.entry.Text)
	}
	test.Tap(r.kb.SpaceButton())
	if r.entry.Text != "张三风" && r.entry.Text != "张三丰" && r.entry.Text != "张三封" {
		t.Fatalf("entry %q after space", r.entry.Text)
	}

	// Delete with nothing typed removes the entry's last character; clear empties it.
	test.Tap(r.kb.BackButton())
	if r.entry.Text != "张三" {
		t.Errorf("after delete %q", r.entry.Text)
	}
	test.Tap(r.kb.ClearButton())
	if r.entry.Text != "" {
		t.Errorf("after clear %q", r.entry.Text)
	}
}

func TestPinyinKeyboardNonBMPAndPaging(t *testing.T) {
	r := startKeyboard(t, ui.LangHans)
	var got []string
	r.kb.OnText = func(s string) { got = append(got, s) }
	r.tapKeys(t, "ji")
	if !r.kb.PrevButton().Disabled() || r.kb.NextButton().Disabled() {
		t.Fatal("paging keys on the first page")
	}
	first := r.kb.CandidateTexts()
	// Page on until 𠮷 shows (it sits right after 吉).
	for pages := 0; !slices.Contains(r.kb.CandidateTexts(), "𠮷"); pages++ {
		if pages > 10 || r.kb.NextButton().Disabled() {
			t.Fatalf("𠮷 not within ten pages of ji")
		}
		test.Tap(r.kb.NextButton())
	}
	if slices.Equal(first, r.kb.CandidateTexts()) || r.kb.PrevButton().Disabled() {
		t.Fatal("next page shows the same candidates")
	}
	test.Tap(r.kb.Candidates()[slices.Index(r.kb.CandidateTexts(), "𠮷")])
	if r.entry.Text != "𠮷" || len([]rune(r.entry.Text)) != 1 || !slices.Equal(got, []string{"𠮷"}) {
		t.Fatalf("entry %q (%d runes), OnText %q", r.entry.Text, len([]rune(r.entry.Text)), got)
	}
	// One delete removes the whole character, not half of it.
	test.Tap(r.kb.BackButton())
	if r.entry.Text != "" {
		t.Errorf("after delete %q", []byte(r.entry.Text))
	}

	// Symbols: a digit commits the pending pinyin's best candidate first.
	r.tapKeys(t, "hao")
	test.Tap(r.kb.SymbolsButton())
	test.Tap(r.kb.Key("3"))
	test.Tap(r.kb.Key("，"))
	if r.entry.Text != "好3，" {
		t.Errorf("entry %q", r.entry.Text)
	}
	test.Tap(r.kb.SymbolsButton())
	r.tapKeys(t, "b")
	test.Tap(r.kb.LettersButton())
	if r.entry.Text != "好3，b" {
		t.Errorf("letters: entry %q", r.entry.Text)
	}
	r.kb.Reset()
	if r.kb.Pinyin() != "" {
		t.Error("reset kept the pinyin")
	}
}

// TestPinyinKeyboardTargets checks every key's touch target in normal and elder size.
func TestPinyinKeyboardTargets(t *testing.T) {
	r := startKeyboard(t, ui.LangHans)
	r.w.Resize(fyne.NewSize(1000, 700))
	for _, mode := range []struct {
		elder bool
		min   float32
	}{{false, 44}, {true, 60}} {
		r.kb.SetElder(mode.elder)
		r.tapKeys(t, "zhang")
		test.Tap(r.kb.SymbolsButton()) // lay the symbol keys out too
		test.Tap(r.kb.SymbolsButton())
		fyne.DoAndWait(func() { uitest.Relayout(r.w) })
		for _, b := range r.kb.Keys() {
			if !b.Visible() {
				continue
			}
			if s := b.Size(); s.Width < mode.min || s.Height < mode.min {
				t.Errorf("elder %v: key %q is %v, want ≥ %v", mode.elder, b.Text, s, mode.min)
			}
		}
		r.kb.Reset()
	}
	if n := len(r.kb.CandidateTexts()); n != 0 {
		t.Errorf("candidates after reset: %d", n)
	}
}

func TestPinyinKeyboardLanguages(t *testing.T) {
	for _, lang := range []string{ui.LangHans, ui.LangHant, ui.LangEN} {
		r := startKeyboard(t, lang)
		loc := ui.NewLocalizer(lang)
		if r.kb.SpaceButton().Text != loc.T("keyboard.space") || r.kb.SpaceButton().Text == "keyboard.space" {
			t.Errorf("%s: space key %q", lang, r.kb.SpaceButton().Text)
		}
	}
}

// TestScreenshotsKeyboard renders the pinyin keyboard, normal and elder size.
func TestScreenshotsKeyboard(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR to render screens")
	}
	r := startKeyboard(t, ui.LangHans)
	r.tapKeys(t, "zhang")
	test.Tap(r.kb.Candidates()[0])
	r.tapKeys(t, "sanfeng")
	uitest.WritePNG(t, r.w, dir, "kiosk-pinyin-keyboard.png")
	r.kb.SetElder(true)
	r.w.Resize(fyne.NewSize(1000, 700))
	uitest.WritePNG(t, r.w, dir, "kiosk-pinyin-keyboard-elder.png")
}
