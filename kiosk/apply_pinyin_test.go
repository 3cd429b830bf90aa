package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The applicant's name is typed on the pinyin keyboard: no system input method on a kiosk.
func TestFormTypesNamesOnThePinyinKeyboard(t *testing.T) {
	r := startFlow(t)
	r.searchAndOpen(t, "swry", "死亡人员户口注销")
	test.Tap(r.k.flow.sv.applyBtn)
	if r.k.Screen() != ScreenForm {
		t.Fatalf("apply shows %q", r.k.Screen())
	}
	name := r.row(t, PathName)
	// The form opens with the name field active and its keyboard shown: no tap needed first.
	var shown bool
	r.k.read(func() {
		for _, o := range r.k.flow.fv.padBox.Objects {
			shown = shown || containsObject(o, r.k.flow.fv.kb)
		}
	})
	if !shown {
		t.Fatal("tapping the name field did not show the pinyin keyboard")
	}
	kb := r.k.flow.fv.kb
	for _, c := range "zhang" {
		test.Tap(kb.Key(string(c)))
	}
	test.Tap(kb.Candidates()[0])
	var got string
	r.k.read(func() { got = name.entry.Text })
	if got != "张" {
		t.Fatalf("name holds %q after z-h-a-n-g and the first candidate, want 张", got)
	}
	// The phone field swaps in the numeric keypad.
	test.Tap(r.row(t, PathPhone).entry)
	r.k.read(func() {
		shown = false
		for _, o := range r.k.flow.fv.padBox.Objects {
			shown = shown || containsObject(o, r.k.flow.fv.kb)
		}
	})
	if shown {
		t.Fatal("the pinyin keyboard stayed for the phone field")
	}
}

// containsObject reports whether obj is o or inside o's container tree.
func containsObject(o, obj fyne.CanvasObject) bool {
	if o == obj {
		return true
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			if containsObject(x, obj) {
				return true
			}
		}
	}
	return false
}
