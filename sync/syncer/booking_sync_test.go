package syncer_test

import (
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/sync/syncer"
	"servicehall/sync/wire"
)

// A booking made at the city (online) reaches its hall through the feed; the kiosk's
// check-in by ID number then finds it with the link down, and issues its ticket.
func TestCentralBookingChecksInAtTheHall(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	at := time.Now().Add(10 * time.Minute).UTC().Truncate(time.Second)
	if _, err := f.store.Publish(ctx, "TC01", wire.KindBooking, "bk-1", map[string]any{
		"id": "bk-1", "code": "B2026001", "service_code": "GA-001", "booked_at": at, "id_number": "11010519491231002X",
	}); err != nil {
		t.Fatal(err)
	}
	// Another hall's booking and a booking for a service this hall lacks stay out of the way.
	f.store.AddHall(ctx, "TC02", "二")
	f.store.Publish(ctx, "TC02", wire.KindBooking, "bk-2", map[string]any{"id": "bk-2", "code": "B2026002", "service_code": "GA-001", "booked_at": at})
	f.store.Publish(ctx, "TC01", wire.KindBooking, "bk-3", map[string]any{"id": "bk-3", "code": "B2026003", "service_code": "NO-SUCH", "booked_at": at})
	s := f.syncer(syncer.Config{})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncOnce(ctx); err != nil { // the same feed again changes nothing
		t.Fatal(err)
	}
	if n, _ := f.db.CentralRecordCount(ctx, wire.KindBooking); n != 1 {
		t.Fatalf("%d bookings kept aside, want 1 (the unknown service)", n)
	}
	f.server.Close() // the link is down: check-in works from the hall's own copy
	core := hub.NewHall(f.db)
	tk, err := core.CheckIn(ctx, app.CheckInRequest{IDNumber: "11010519491231002x"})
	if err != nil {
		t.Fatalf("check-in by ID number: %v", err)
	}
	if tk.Number == "" || tk.ServiceID != app.ServiceID("GA-001") {
		t.Fatalf("ticket %+v", tk)
	}
	if _, err := core.CheckIn(ctx, app.CheckInRequest{Code: "B2026002"}); err == nil {
		t.Fatal("another hall's booking checked in here")
	}
}
