package preview

import (
	"image"
	"testing"

	"servicehall/printing"
)

// A character the bundled font lacks (𠮷 U+20BB7) is drawn with the system fallback font:
// its cell differs from that of a character no font has (U+F0000, a box).
func TestRareCharacterDrawnWithFallbackFont(t *testing.T) {
	if findFont("HanaMinB.ttf") == "" {
		t.Skip("HanaMinB.ttf (Debian fonts-hanazono, installed by make deps) is absent: no fallback font to draw 𠮷 with")
	}
	cell := func(text string) *image.Gray {
		img, regions := render(t, printing.NewSlip("x").Text(text, printing.Plain), 32)
		ink := regions[0].Ink
		c := image.Rect(ink.Min.X, ink.Min.Y, ink.Min.X+24, ink.Max.Y)
		return img.SubImage(c).(*image.Gray)
	}
	rare, none := cell("𠮷田"), cell("\U000F0000田")
	same := true
	for y := rare.Rect.Min.Y; y < rare.Rect.Max.Y; y++ {
		for x := rare.Rect.Min.X; x < rare.Rect.Max.X; x++ {
			if rare.GrayAt(x, y) != none.GrayAt(x, y) {
				same = false
			}
		}
	}
	if same {
		t.Error("𠮷 is drawn exactly like a character no font has (a box)")
	}
	if n := dark(rare, rare.Rect); n < 40 {
		t.Errorf("𠮷 has only %d dark pixels", n)
	}
}
