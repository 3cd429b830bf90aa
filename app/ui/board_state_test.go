package ui_test

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"servicehall/app"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// TestBoardShowsPausedWindowsAndHeld: a window paused and a ticket on hold show in one
// line under the waiting counts, and leave it when reopened and resumed.
func TestBoardShowsPausedWindowsAndHeld(t *testing.T) {
	h := newHall(t)
	b := ui.NewBoard(newApp(t), h.board, ui.NewLocalizer("zh-Hans"))
	b.SetAnnouncer(ui.NewAnnouncer(&recorder{}, nil, ui.LangHans))
	w := test.NewWindow(b.Content())
	defer w.Close()
	b.Start(startCtx(t))
	uitest.WaitFor(t, "board ready", func() bool { return b.HallText() == "测试便民服务中心" })
	if got := b.StateText(); got != "" {
		t.Fatalf("state line before anything: %q", got)
	}
	qs := h.counter.(app.QueueService)
	ctx := context.Background()
	tk := issue(t, h.kiosk, h.svcs[0].ID)
	if _, err := h.counter.CallNext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := qs.Hold(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := qs.PauseWindow(ctx, 2, true); err != nil {
		t.Fatal(err)
	}
	want := "暂停窗口：2    挂起：" + tk.Number
	uitest.WaitFor(t, want, func() bool { return b.StateText() == want })
	if _, err := qs.PauseWindow(ctx, 2, false); err != nil {
		t.Fatal(err)
	}
	uitest.WaitFor(t, "only the held ticket", func() bool { return b.StateText() == "挂起："+tk.Number })
	if _, err := qs.Resume(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	uitest.WaitFor(t, "nothing paused or held", func() bool { return b.StateText() == "" })
}
