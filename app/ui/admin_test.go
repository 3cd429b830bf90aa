package ui_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	_ "modernc.org/sqlite"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

func TestAdminShowsDeadLettersAndRefusesSyncWithoutCentral(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	h := hubtest.New(t)
	ctx := context.Background()
	// A record central refused for good (a kind it does not know).
	raw, err := sql.Open("sqlite", "file:"+h.DB.Path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	var seq int64
	if err := raw.QueryRow(`INSERT INTO outbox (record_id, kind, version, payload, created_at) VALUES ('0193-hologram-0001', 'hologram', 2, '{}', 0) RETURNING seq`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if err := h.DB.OutboxReject(ctx, seq, `unknown record kind "hologram"`); err != nil {
		t.Fatal(err)
	}
	admin := h.HTTPClient(app.RoleAdmin)
	s := ui.NewAdmin(a, admin, admin, ui.NewLocalizer("zh-Hans"))
	w := test.NewWindow(s.Content())
	defer w.Close()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.Start(sctx)
	uitest.WaitFor(t, "the dead letter", func() bool { return strings.Contains(s.SummaryText(), "拒收 1 条") })
	lines := s.DeadTexts()
	if len(lines) != 1 || !strings.Contains(lines[0], "hologram") || !strings.Contains(lines[0], "第 2 版") {
		t.Fatalf("dead letter lines %q", lines)
	}
	if s.Link().SyncNowButton().Visible() {
		t.Fatal("sync now offered although this hub has no central")
	}
	s.SyncNow()
	uitest.WaitFor(t, "a translated refusal", func() bool { return s.StatusText() != "" && !strings.Contains(s.StatusText(), "central") })
	// A kiosk token may not read dead letters: the screen says so, translated.
	k := h.HTTPClient(app.RoleKiosk)
	s2 := ui.NewAdmin(a, k, k, ui.NewLocalizer("en"))
	s2.Start(sctx)
	uitest.WaitFor(t, "forbidden", func() bool { return s2.StatusText() != "" })
	if strings.Contains(s2.StatusText(), "forbidden:") {
		t.Fatalf("raw error on screen: %q", s2.StatusText())
	}
}
