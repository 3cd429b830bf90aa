package ui_test

import (
	"context"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// counterOn builds window n's counter on svc in a test window and starts it.
func counterOn(t *testing.T, svc app.HallService, n int) (*ui.Counter, func(fyne.KeyName)) {
	t.Helper()
	c := ui.NewCounter(newApp(t), svc, ui.NewLocalizer("zh-Hans"), n)
	w := test.NewWindow(c.Content())
	t.Cleanup(w.Close)
	c.Bind(w)
	c.Start(startCtx(t))
	return c, func(k fyne.KeyName) { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
}

func TestCounterGreenChannel(t *testing.T) {
	h := newHall(t)
	c, key := counterOn(t, h.counter, 1)
	idle := func() bool { return !c.Busy() }
	normal := issue(t, h.kiosk, h.svcs[0].ID)
	green, err := h.kiosk.IssueTicket(context.Background(), app.IssueRequest{ServiceID: h.svcs[0].ID, Priority: app.PriorityGreen})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ToolbarButtons()["F11"].Text; got != "绿色通道 (F11)" {
		t.Errorf("F11 button %q", got)
	}

	key(fyne.KeyF1)
	uitest.WaitFor(t, "the green ticket first", func() bool { return c.NumberText() == green.Number && idle() })
	if !c.GreenBadgeVisible() || c.ToolbarButtons()["F12"].Disabled() {
		t.Fatal("a green ticket shows no badge or no withdraw button")
	}
	key(fyne.KeyF12)
	uitest.WaitFor(t, "withdrawn", func() bool { return c.StatusText() == green.Number+" 已撤销绿色通道" && idle() })
	if c.GreenBadgeVisible() || !c.ToolbarButtons()["F12"].Disabled() {
		t.Error("badge or withdraw button left after withdrawing")
	}
	// The hub agrees: back in the queue, it now waits behind the older normal ticket.
	key(fyne.KeyF7)
	uitest.WaitFor(t, "returned", func() bool { return c.StatusText() == green.Number+" 已退回队列" && idle() })
	key(fyne.KeyF1)
	uitest.WaitFor(t, "the normal ticket now first", func() bool { return c.NumberText() == normal.Number && idle() })

	// The clerk grants the green channel (F11): the badge shows.
	key(fyne.KeyF11)
	uitest.WaitFor(t, "confirmed", func() bool { return c.StatusText() == normal.Number+" 已确认绿色通道" && idle() })
	if !c.GreenBadgeVisible() {
		t.Error("no badge after granting the green channel")
	}
}

func TestCounterTransferToWindow(t *testing.T) {
	h := newHall(t)
	c, key := counterOn(t, h.counter, 1)
	idle := func() bool { return !c.Busy() }
	t1 := issue(t, h.kiosk, h.svcs[0].ID)
	t2 := issue(t, h.kiosk, h.svcs[0].ID)
	key(fyne.KeyF1)
	uitest.WaitFor(t, "t1 called", func() bool { return c.NumberText() == t1.Number && idle() })
	c.RefreshStats()
	uitest.WaitFor(t, "the transfer list", func() bool {
		c.ChooseTransferWindow(3)
		return !c.ToolbarButtons()["F6"].Disabled()
	})
	key(fyne.KeyF6)
	uitest.WaitFor(t, "transferred", func() bool { return c.StatusText() == t1.Number+" 已转到 3 号窗口" && idle() })

	// t1 waits for window 3 only: window 2 gets t2, window 3 gets t1.
	at2, err := h.counter.CallNext(context.Background(), 2)
	if err != nil || at2 == nil || at2.Number != t2.Number {
		t.Fatalf("window 2 called %+v, %v; want %s", at2, err, t2.Number)
	}
	at3, err := h.counter.CallNext(context.Background(), 3)
	if err != nil || at3 == nil || at3.Number != t1.Number {
		t.Fatalf("window 3 called %+v, %v; want %s", at3, err, t1.Number)
	}
}

// notifier is a sync worker that is configured and counts wake-ups.
type notifier struct{ n atomic.Int32 }

func (w *notifier) Status() app.SyncStatus { return app.SyncStatus{Link: app.LinkDown, Pending: 3} }
func (w *notifier) Notify()                { w.n.Add(1) }

func TestCounterSyncNow(t *testing.T) {
	h := hubtest.New(t)
	c, _ := counterOn(t, h.HTTPClient(app.RoleCounter), 1)

	// No central: the link says so and offers no button.
	uitest.WaitFor(t, "unconfigured link", func() bool { return c.LinkText() != "" && c.LinkText() != "正在检查连接…" })
	if c.Link().SyncNowButton().Visible() {
		t.Fatal("sync now offered without a central")
	}
	c.SyncNow()
	uitest.WaitFor(t, "a translated refusal", func() bool { return c.StatusText() == "未配置中心，无法同步" })

	// With a central configured, the button wakes the hub's sync worker.
	w := &notifier{}
	h.Core.SetSync(w)
	c2, _ := counterOn(t, h.HTTPClient(app.RoleCounter), 2)
	uitest.WaitFor(t, "the sync-now button", func() bool { return c2.Link().SyncNowButton().Visible() })
	test.Tap(c2.Link().SyncNowButton())
	uitest.WaitFor(t, "sync requested", func() bool { return c2.StatusText() == "已请求立即同步" })
	if n := w.n.Load(); n < 1 {
		t.Errorf("the worker was woken %d times", n)
	}
}
