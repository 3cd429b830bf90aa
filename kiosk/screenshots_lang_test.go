package kiosk

import (
	"os"
	"testing"

	"fyne.io/fyne/v2/test"

	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// TestScreenshotsLanguages renders every kiosk screen of the tour in 繁體 and English (the
// header's language buttons, on that very screen), beside the zh-Hans and elder renders.
func TestScreenshotsLanguages(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("SCREENSHOTS_DIR not set")
	}
	for _, lang := range []string{ui.LangHant, ui.LangEN} {
		screenTour(t, func(r flowRig, name string) {
			if r.k.CountdownShown() {
				return // a tap on the language would (rightly) continue the session
			}
			test.Tap(r.k.langBtns[lang])
			if r.k.Lang() != lang {
				t.Fatalf("%s: language is %s after tapping %s", name, r.k.Lang(), lang)
			}
			r.w.Resize(kioskSize)
			uitest.WritePNG(t, r.w, dir, "kiosk-"+lang+"-"+name+".png")
			test.Tap(r.k.langBtns[ui.LangHans])
		})
	}
}
