package kiosk

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app/ui"
	"servicehall/kiosk/ime"
)

// Key sizes of the pinyin keyboard, in Fyne units: every key is at least this wide and
// tall. Normal mode asks for 44, elder mode for 60.
const (
	PinyinKeySize      = 48
	PinyinKeySizeElder = 64
)

// Candidates a page of the pinyin keyboard's candidate bar shows.
const (
	PinyinPageSize      = 7
	PinyinPageSizeElder = 5
)

var (
	pinyinRows = [][]string{
		{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
		{"a", "s", "d", "f", "g", "h", "j", "k", "l", "'"},
		{"z", "x", "c", "v", "b", "n", "m"},
	}
	symbolRows = [][]string{
		{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
		{"，", "。", "、", "：", "；", "？", "！", "（", "）", "·"},
		{"-", "/", "#", "@", "“", "”", "《", "》"},
	}
)

// PinyinKeyboard is the kiosk's Chinese keyboard: QWERTY letter keys that type pinyin, the
// pinyin shown above a candidate bar with ← → paging, space for the best candidate,
// delete, clear, a page of digits and punctuation, and a key that keeps the pinyin as
// letters. Chosen text goes to its target entry (appended) and to OnText. The candidates
// come from kiosk/ime's embedded dictionary, loaded once on the first keyboard.
//
// Like every kiosk screen it runs on the UI goroutine; Reset drops what was being typed
// (the end of a visitor's session).
type PinyinKeyboard struct {
	widget.BaseWidget

	// OnText, when set, receives each committed piece of text (also when a target is set).
	OnText func(text string)
	// OnBackspace, when set, is called when delete is pressed with no pinyin being typed
	// (the target, if any, has lost its last character by then).
	OnBackspace func()

	loc    *ui.Localizer
	target *widget.Entry
	comp   *ime.Composer
	keySz  float32
	noDict bool // the dictionary failed to load: only symbols can be typed

	root    *fyne.Container
	letters *fyne.Container
	symbols *fyne.Container
	keys    map[string]*widget.Button
	spacers []*canvas.Rectangle

	preedit  *widget.Label
	candBox  *fyne.Container
	cands    []*widget.Button
	prev     *widget.Button
	next     *widget.Button
	space    *widget.Button
	back     *widget.Button
	clear    *widget.Button
	toggle   *widget.Button
	asLetter *widget.Button
	showSyms bool
}

// NewPinyinKeyboard returns a keyboard in normal size typing into target (nil: only
// OnText receives the text).
func NewPinyinKeyboard(loc *ui.Localizer, target *widget.Entry) *PinyinKeyboard {
	k := &PinyinKeyboard{loc: loc, target: target, keys: map[string]*widget.Button{}, keySz: PinyinKeySize}
	d, err := ime.Default()
	k.comp = ime.NewComposer(d, PinyinPageSize)
	k.ExtendBaseWidget(k)

	k.preedit = widget.NewLabel("")
	k.preedit.TextStyle = fyne.TextStyle{Bold: true}
	k.noDict = err != nil
	k.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), k.PrevPage)
	k.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), k.NextPage)
	k.candBox = container.NewGridWithColumns(PinyinPageSize)
	k.buildCandidates(PinyinPageSize)

	k.letters = k.keyRows(pinyinRows, k.typePinyin)
	k.symbols = k.keyRows(symbolRows, k.typeSymbol)
	k.symbols.Hide()
	k.back = widget.NewButtonWithIcon("", theme.ContentUndoIcon(), k.Backspace)
	k.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), k.Clear)
	k.space = widget.NewButton("", k.Space)
	k.toggle = widget.NewButton("", k.toggleSymbols)
	k.asLetter = widget.NewButton("", k.commitLetters)

	bar := container.NewBorder(nil, nil, k.sized(k.prev), k.sized(k.next), k.candBox)
	bottom := container.NewBorder(nil, nil,
		container.NewHBox(k.sized(k.toggle), k.sized(k.clear)),
		container.NewHBox(k.sized(k.asLetter), k.sized(k.back)),
		k.sized(k.space))
	k.root = container.NewVBox(k.preedit, bar, container.NewStack(k.letters, k.symbols), bottom)
	k.Retext(loc)
	k.update()
	return k
}

// CreateRenderer implements fyne.Widget.
func (k *PinyinKeyboard) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(k.root)
}

// sized stacks obj over a spacer of the key size; SetKeySize resizes every spacer.
func (k *PinyinKeyboard) sized(obj fyne.CanvasObject) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(k.keySz, k.keySz))
	k.spacers = append(k.spacers, r)
	return container.NewStack(r, obj)
}

// keyRows lays rows of keys out on a grid of ten columns; a short last row is centred.
func (k *PinyinKeyboard) keyRows(rows [][]string, onKey func(string)) *fyne.Container {
	box := container.NewVBox()
	for _, row := range rows {
		grid := container.NewGridWithColumns(10)
		pad := (10 - len(row)) / 2
		for range pad {
			grid.Add(container.NewStack())
		}
		for _, key := range row {
			label := key
			if len(key) == 1 && key[0] >= 'a' && key[0] <= 'z' {
				label = strings.ToUpper(key)
			}
			b := widget.NewButton(label, func() { onKey(key) })
			k.keys[key] = b
			grid.Add(k.sized(b))
		}
		box.Add(grid)
	}
	return box
}

func (k *PinyinKeyboard) buildCandidates(n int) {
	k.cands = k.cands[:0]
	k.candBox.Objects = nil
	k.candBox.Layout = container.NewGridWithColumns(n).Layout
	for i := range n {
		b := widget.NewButton("", func() { k.Choose(i) })
		k.cands = append(k.cands, b)
		k.candBox.Add(k.sized(b))
	}
}

// Retext labels the keys in loc's language.
func (k *PinyinKeyboard) Retext(loc *ui.Localizer) {
	k.loc = loc
	k.space.SetText(loc.T("keyboard.space"))
	k.back.SetText(loc.T("keyboard.back"))
	k.clear.SetText(loc.T("keyboard.clear"))
	k.asLetter.SetText(loc.T("keyboard.as_letters"))
	if k.showSyms {
		k.toggle.SetText(loc.T("keyboard.letters"))
	} else {
		k.toggle.SetText(loc.T("keyboard.digits"))
	}
	k.update()
}

// SetKeySize makes every key at least size units wide and tall (never under 44).
func (k *PinyinKeyboard) SetKeySize(size float32) {
	k.keySz = max(size, 44)
	for _, r := range k.spacers {
		r.SetMinSize(fyne.NewSize(k.keySz, k.keySz))
	}
	k.Refresh()
}

// SetElder switches between normal keys and elder mode's larger keys with fewer, wider
// candidates a page.
func (k *PinyinKeyboard) SetElder(on bool) {
	size, page := float32(PinyinKeySize), PinyinPageSize
	if on {
		size, page = PinyinKeySizeElder, PinyinPageSizeElder
	}
	k.comp.SetPageSize(page)
	k.buildCandidates(page) // new spacers join the list; the old ones are gone with their buttons
	k.SetKeySize(size)
	k.update()
}

// SetTarget changes the entry chosen text goes to (nil: OnText only), dropping what was
// being typed.
func (k *PinyinKeyboard) SetTarget(e *widget.Entry) {
	k.target = e
	k.Reset()
}

// Reset drops the pinyin being typed and goes back to the letter keys.
func (k *PinyinKeyboard) Reset() {
	k.comp.Clear()
	if k.showSyms {
		k.toggleSymbols()
	}
	k.update()
}

// Key returns the key that types s (a letter a–z, the apostrophe, a digit or a
// punctuation mark), or nil.
func (k *PinyinKeyboard) Key(s string) *widget.Button { return k.keys[s] }

// Candidates returns the candidate bar's buttons; the empty ones are disabled.
func (k *PinyinKeyboard) Candidates() []*widget.Button { return k.cands }

// Keys returns every button of the keyboard, for size checks.
func (k *PinyinKeyboard) Keys() []*widget.Button {
	out := []*widget.Button{k.prev, k.next, k.space, k.back, k.clear, k.toggle, k.asLetter}
	out = append(out, k.cands...)
	for _, b := range k.keys {
		out = append(out, b)
	}
	return out
}

// PrevButton and NextButton page through the candidates.
func (k *PinyinKeyboard) PrevButton() *widget.Button { return k.prev }

// NextButton turns to the next page of candidates.
func (k *PinyinKeyboard) NextButton() *widget.Button { return k.next }

// SpaceButton, BackButton, ClearButton, SymbolsButton and LettersButton are the
// function keys.
func (k *PinyinKeyboard) SpaceButton() *widget.Button { return k.space }

// BackButton deletes.
func (k *PinyinKeyboard) BackButton() *widget.Button { return k.back }

// ClearButton drops the pinyin, or empties the target when nothing is being typed.
func (k *PinyinKeyboard) ClearButton() *widget.Button { return k.clear }

// SymbolsButton switches between letters and digits with punctuation.
func (k *PinyinKeyboard) SymbolsButton() *widget.Button { return k.toggle }

// LettersButton keeps the pinyin as typed letters.
func (k *PinyinKeyboard) LettersButton() *widget.Button { return k.asLetter }

// Pinyin is the text above the candidates: chosen characters, then pinyin still to convert.
func (k *PinyinKeyboard) Pinyin() string { return k.comp.Preedit() }

// CandidateTexts returns the candidates of the current page.
func (k *PinyinKeyboard) CandidateTexts() []string {
	var out []string
	for _, c := range k.comp.Page() {
		out = append(out, c.Text)
	}
	return out
}

func (k *PinyinKeyboard) typePinyin(key string) {
	if k.comp.Type(key) {
		k.update()
	}
}

func (k *PinyinKeyboard) typeSymbol(key string) {
	if k.comp.Active() {
		k.commit(k.comp.ChooseAll())
	}
	k.commit(key)
	k.update()
}

// Choose takes candidate i of the page shown.
func (k *PinyinKeyboard) Choose(i int) {
	if out, done := k.comp.Choose(i); done {
		k.commit(out)
	}
	k.update()
}

// Space takes the best candidate, or types a space when no pinyin is being typed.
func (k *PinyinKeyboard) Space() {
	switch {
	case k.comp.Input() != "":
		if len(k.comp.Candidates()) == 0 {
			k.commit(k.comp.CommitLetters())
		} else if out, done := k.comp.ChooseFirst(); done {
			k.commit(out)
		}
	case k.comp.Active():
		k.commit(k.comp.ChooseAll())
	default:
		k.commit(" ")
	}
	k.update()
}

// Backspace deletes the last pinyin letter, or the target's last character.
func (k *PinyinKeyboard) Backspace() {
	if !k.comp.Backspace() {
		if k.target != nil && k.target.Text != "" {
			_, n := utf8.DecodeLastRuneInString(k.target.Text)
			k.target.SetText(k.target.Text[:len(k.target.Text)-n])
		}
		if k.OnBackspace != nil {
			k.OnBackspace()
		}
	}
	k.update()
}

// Clear drops the pinyin being typed; with none, it empties the target.
func (k *PinyinKeyboard) Clear() {
	if k.comp.Active() {
		k.comp.Clear()
	} else if k.target != nil {
		k.target.SetText("")
	}
	k.update()
}

// PrevPage shows the previous page of candidates.
func (k *PinyinKeyboard) PrevPage() {
	k.comp.PrevPage()
	k.update()
}

// NextPage shows the next page of candidates.
func (k *PinyinKeyboard) NextPage() {
	k.comp.NextPage()
	k.update()
}

func (k *PinyinKeyboard) commitLetters() {
	k.commit(k.comp.CommitLetters())
	k.update()
}

func (k *PinyinKeyboard) toggleSymbols() {
	k.showSyms = !k.showSyms
	if k.showSyms {
		k.letters.Hide()
		k.symbols.Show()
		k.toggle.SetText(k.loc.T("keyboard.letters"))
	} else {
		k.symbols.Hide()
		k.letters.Show()
		k.toggle.SetText(k.loc.T("keyboard.digits"))
	}
}

func (k *PinyinKeyboard) commit(text string) {
	if text == "" {
		return
	}
	if k.target != nil {
		k.target.Append(text)
	}
	if k.OnText != nil {
		k.OnText(text)
	}
}

// update shows the composition: the pinyin, the page of candidates and the paging keys.
func (k *PinyinKeyboard) update() {
	switch p := k.comp.Preedit(); {
	case p != "":
		k.preedit.SetText(p)
	case k.noDict:
		k.preedit.SetText(k.loc.T("keyboard.load_failed"))
	default:
		k.preedit.SetText(k.loc.T("keyboard.hint"))
	}
	page := k.comp.Page()
	for i, b := range k.cands {
		if i < len(page) {
			b.SetText(page[i].Text)
			b.Enable()
		} else {
			b.SetText("")
			b.Disable()
		}
	}
	setEnabled(k.prev, k.comp.HasPrev())
	setEnabled(k.next, k.comp.HasNext())
	setEnabled(k.asLetter, k.comp.Input() != "")
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}
