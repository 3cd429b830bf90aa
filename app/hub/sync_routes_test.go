package hub_test

import (
	"testing"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/hubtest"
)

func TestSyncViewAndSyncNow(t *testing.T) {
	h := hubtest.New(t)
	admin := h.HTTPClient(app.RoleAdmin)
	v, err := admin.SyncView(ctx)
	if err != nil || v.Health.Hall != hubtest.DefaultHall || v.DeadLetters == nil {
		t.Fatalf("sync view %+v %v", v, err)
	}
	// A hub with no central: "sync now" says so instead of pretending.
	if err := h.HTTPClient(app.RoleCounter).SyncNow(ctx); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("sync now without central: %v", err)
	}
	if _, err := h.HTTPClient(app.RoleKiosk).SyncView(ctx); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Fatalf("kiosk reading dead letters: %v", err)
	}
	var _ hub.SyncStore = h.DB
}
