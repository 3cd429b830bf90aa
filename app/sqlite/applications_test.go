package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/sqlite"
)

func newApplication(t *testing.T, db *sqlite.DB, at time.Time) app.Application {
	t.Helper()
	details, err := db.ServiceDetails(context.Background())
	if err != nil || len(details) < 60 {
		t.Fatalf("service details: %d %v", len(details), err)
	}
	svc := &details[0]
	a := app.NewApplication(svc, app.ApplicationRequest{ServiceID: svc.ID,
		Applicant: app.Applicant{Name: "张三", IDNumber: "11010519491231002X", Phone: "13912345678"},
		Fields:    app.FormValues{"reason": "first"}}, at)
	got, err := db.CreateApplication(context.Background(), a)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return got
}

// TestTrackingNumbersFollowTheHallDay: the sequence restarts at the hall's midnight
// (Asia/Shanghai), not UTC's.
func TestTrackingNumbersFollowTheHallDay(t *testing.T) {
	db := openHall(t)
	sh := app.LoadLocation("Asia/Shanghai")
	a := newApplication(t, db, time.Date(2026, 1, 5, 23, 58, 0, 0, sh))
	b := newApplication(t, db, time.Date(2026, 1, 5, 23, 59, 0, 0, sh))
	c := newApplication(t, db, time.Date(2026, 1, 6, 0, 1, 0, 0, sh)) // still 2026-01-05 in UTC
	for got, want := range map[string]string{a.TrackingNo: "TC01-20260105-0001", b.TrackingNo: "TC01-20260105-0002", c.TrackingNo: "TC01-20260106-0001"} {
		if got != want {
			t.Errorf("tracking number %s, want %s", got, want)
		}
	}
	got, err := db.Application(context.Background(), b.TrackingNo)
	if err != nil || got.Applicant.IDNumber != "11010519491231002X" || got.Fields["reason"] != "first" || got.Kind == "" {
		t.Fatalf("read back: %+v %v", got, err)
	}
	if _, err := db.Application(context.Background(), "TC01-20260105-0099"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("unknown: %v", err)
	}
}

// TestPersonalKeyPersists: a reopened store reads what it sealed; a damaged key file is
// an error, never silently replaced.
func TestPersonalKeyPersists(t *testing.T) {
	db := openHall(t)
	a := newApplication(t, db, time.Now())
	path := db.Path
	key := db.KeyPath()
	if filepath.Dir(key) != filepath.Dir(path) {
		t.Fatalf("key %s not beside %s", key, path)
	}
	db.Close()
	db2, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if got, err := db2.Application(context.Background(), a.TrackingNo); err != nil || got.Applicant.Phone != "13912345678" {
		t.Fatalf("after reopen: %+v %v", got.Applicant, err)
	}
	if err := os.WriteFile(key, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db3, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db3.Close()
	if _, err := db3.Application(context.Background(), a.TrackingNo); err == nil {
		t.Fatal("a damaged key file read the data")
	}
	if b, _ := os.ReadFile(key); string(b) != "not a key\n" {
		t.Fatal("the damaged key file was overwritten")
	}
}

// TestUpdateApplicationRollsBack: an error from the change leaves the record and the
// outbox as they were.
func TestUpdateApplicationRollsBack(t *testing.T) {
	ctx := context.Background()
	db := openHall(t)
	a := newApplication(t, db, time.Now())
	before := pending(t, db)
	_, err := db.UpdateApplication(ctx, a.TrackingNo, func(x *app.Application) error {
		x.Status = app.StatusApproved
		x.Version++
		return app.Errorf(app.ECONFLICT, "no")
	})
	if app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("got %v", err)
	}
	got, _ := db.Application(ctx, a.TrackingNo)
	if got.Status != app.StatusSubmitted || got.Version != 1 || pending(t, db) != before {
		t.Fatalf("changed after a failed update: %s v%d", got.Status, got.Version)
	}
}
