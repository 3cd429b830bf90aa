package ui_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
	"servicehall/kiosk"
)

// A citizen with no hardware keyboard chooses "other" and writes why on the pad's
// on-screen pinyin keyboard (the hook the command fills); the hub stores it.
func TestRatePadOtherTypedOnScreenKeyboard(t *testing.T) {
	var kb *kiosk.PinyinKeyboard
	r := startPadWith(t, 1, ui.RatePadOptions{Keyboard: func(target *widget.Entry) fyne.CanvasObject {
		kb = kiosk.NewPinyinKeyboard(ui.NewLocalizer("zh-Hans"), target)
		return kb
	}})
	if kb == nil {
		t.Fatal("the pad did not build its keyboard")
	}
	mine := finishAt(t, r.kiosk, r.counter, 1)
	uitest.WaitFor(t, "the rating offered", func() bool { return r.p.TicketNumber() == mine.Number })
	f := r.p.Form()
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelDissatisfied))
	shown := func() (on bool) { fyne.DoAndWait(func() { on = f.KeyboardShown() }); return }
	if shown() {
		t.Fatal("the keyboard shows before the comment is wanted")
	}
	// "Other" needs the text: the keyboard opens by itself.
	test.Tap(f.ReasonButton(app.RatingReasonOther))
	if !shown() {
		t.Fatal("choosing 其他 did not open the keyboard")
	}
	for _, k := range []string{"d", "e", "n", "g"} {
		test.Tap(kb.Key(k))
	}
	var cands []string
	fyne.DoAndWait(func() { cands = kb.CandidateTexts() })
	if len(cands) == 0 {
		t.Fatal("no candidates for deng")
	}
	test.Tap(kb.SpaceButton())
	var typed string
	fyne.DoAndWait(func() { typed = f.Text.Text })
	if typed != cands[0] {
		t.Fatalf("comment = %q, want %q", typed, cands[0])
	}
	test.Tap(submitOf(r.p))
	uitest.WaitFor(t, "the thanks", func() bool { return r.p.Screen() == ui.PadThanks })
	list, err := r.counter.Ratings(context.Background(), app.RatingFilter{FollowUp: true})
	if err != nil || len(list) != 1 || list[0].Text != typed || len(list[0].Reasons) != 1 || list[0].Reasons[0] != app.RatingReasonOther {
		t.Fatalf("stored: %+v %v", list, err)
	}
	// Back to idle: a new rating starts with the keyboard shut and nothing half-typed.
	r.ts.fire(t)
	r.p.Offer(mine)
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelDissatisfied))
	if shown() {
		t.Error("the keyboard stayed open for the next citizen")
	}
	// An optional comment: the keyboard button opens it.
	test.Tap(f.KeyboardButton())
	if !shown() {
		t.Error("the keyboard button did not open the keyboard")
	}
}

// With no keyboard hook the comment takes a hardware keyboard and "other" still works.
func TestRatePadOtherWithoutKeyboardHook(t *testing.T) {
	r := startPad(t, 1)
	mine := finishAt(t, r.kiosk, r.counter, 1)
	uitest.WaitFor(t, "the rating offered", func() bool { return r.p.TicketNumber() == mine.Number })
	f := r.p.Form()
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelVeryDissatisfied))
	test.Tap(f.ReasonButton(app.RatingReasonOther))
	var shown, btn bool
	fyne.DoAndWait(func() { shown, btn = f.KeyboardShown(), f.KeyboardButton().Visible() })
	if shown || btn {
		t.Errorf("no hook, yet keyboard %v, button %v", shown, btn)
	}
	test.Type(f.Text, "窗口没人")
	test.Tap(submitOf(r.p))
	uitest.WaitFor(t, "the thanks", func() bool { return r.p.Screen() == ui.PadThanks })
	if got := r.p.Rated(); got.Text != "窗口没人" {
		t.Errorf("stored %+v", got)
	}
}

// The language buttons switch every text of the pad at once, problems included; the
// return to idle brings back the hall's default.
func TestRatePadLanguageSwitchAndReset(t *testing.T) {
	r := startPad(t, 3)
	if got := r.p.IdleText(); !strings.Contains(got, "3 号窗口") {
		t.Fatalf("idle = %q", got)
	}
	test.Tap(r.p.LangButton(ui.LangEN))
	if r.p.Lang() != ui.LangEN || !strings.Contains(r.p.IdleText(), "Window 3") {
		t.Fatalf("English idle = %q (%s)", r.p.IdleText(), r.p.Lang())
	}
	mine := finishAt(t, r.kiosk, r.counter, 3)
	uitest.WaitFor(t, "the rating offered", func() bool { return r.p.TicketNumber() == mine.Number })
	if got := r.p.HeadText(); !strings.Contains(got, "Please rate the service at window 3") {
		t.Errorf("English head = %q", got)
	}
	test.Tap(submitOf(r.p)) // nothing chosen: problems show in English
	if got := r.p.FormErrors(); len(got) == 0 || strings.ContainsAny(strings.Join(got, ""), "请选择") {
		t.Errorf("English problems = %q", got)
	}
	test.Tap(r.p.LangButton(ui.LangHant))
	if got := r.p.HeadText(); !strings.Contains(got, "請對 3 號窗口") {
		t.Errorf("繁體 head = %q", got)
	}
	if got := r.p.FormErrors(); len(got) == 0 || !strings.Contains(got[0], "請選擇") {
		t.Errorf("繁體 problems = %q", got)
	}
	if got := r.p.MessageText(); got == "" || strings.Contains(got, "Please") {
		t.Errorf("繁體 message = %q", got)
	}
	// Nobody touches it: back to idle in the hall's language.
	r.ts.fire(t)
	if r.p.Screen() != ui.PadIdle || r.p.Lang() != ui.LangHans || !strings.Contains(r.p.IdleText(), "3 号窗口") {
		t.Errorf("after idle: %s %q", r.p.Lang(), r.p.IdleText())
	}
}

// TestScreenshotsRatePadKeyboard renders the pad with 其他 chosen and the pinyin keyboard
// open, and the same in English.
func TestScreenshotsRatePadKeyboard(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR to render screens")
	}
	r := startPadWith(t, 3, ui.RatePadOptions{Keyboard: func(target *widget.Entry) fyne.CanvasObject {
		return kiosk.NewPinyinKeyboard(ui.NewLocalizer("zh-Hans"), target)
	}})
	mine := finishAt(t, r.kiosk, r.counter, 3)
	uitest.WaitFor(t, "the rating offered", func() bool { return r.p.TicketNumber() == mine.Number })
	f := r.p.Form()
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelDissatisfied))
	uitest.WritePNG(t, r.w, dir, "ratepad-keyboard-closed.png")
	test.Tap(f.ReasonButton(app.RatingReasonOther))
	test.Type(f.Text, "等了很久")
	uitest.WritePNG(t, r.w, dir, "ratepad-other-keyboard.png")
	test.Tap(r.p.LangButton(ui.LangEN))
	uitest.WritePNG(t, r.w, dir, "ratepad-other-keyboard-en.png")
}
