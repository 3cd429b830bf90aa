package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"servicehall/app"
)

func TestLinkStatusShowsDrainProgressAndSyncNow(t *testing.T) {
	test.NewTempApp(t)
	s := NewLinkStatus(NewLocalizer("zh-Hans"))
	calls := 0
	s.SetOnSyncNow(func() { calls++ })
	now := time.Now()
	s.Set(app.Health{Link: app.LinkSyncing, Pending: 2500, DrainTotal: 10000, Rate: 1234.4, LastSync: &now})
	v, shown := s.Progress()
	if !shown || v != 0.75 {
		t.Fatalf("progress %v shown %v, want 0.75 shown", v, shown)
	}
	if txt := s.Text(); !strings.Contains(txt, "每秒 1234 条") || !strings.Contains(txt, "待上传 2500 条") {
		t.Fatalf("text %q", txt)
	}
	test.Tap(s.SyncNowButton())
	if calls != 1 || s.SyncNowButton().Text != "立即同步" {
		t.Fatalf("sync now: %d calls, label %q", calls, s.SyncNowButton().Text)
	}
	s.Set(app.Health{Link: app.LinkUp, LastSync: &now})
	if _, shown := s.Progress(); shown {
		t.Fatal("progress bar still shown after the drain")
	}
	s.Set(app.Health{Link: app.LinkUnconfigured})
	if s.SyncNowButton().Visible() {
		t.Fatal("sync now offered with no central configured")
	}
}
