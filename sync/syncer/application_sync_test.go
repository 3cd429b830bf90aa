package syncer_test

import (
	"testing"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/sync/syncer"
)

// fillForm gives every required field of a service's form a valid value.
func fillForm(d app.ServiceDetail) app.FormValues {
	v := app.FormValues{}
	for _, f := range d.Form.Fields {
		if !f.Required {
			continue
		}
		switch f.Type {
		case app.FieldIDNumber:
			v[f.Name] = "11010519491231002X"
		case "phone":
			v[f.Name] = "13812345678"
		case "date":
			v[f.Name] = "2026-01-05"
		case "number":
			v[f.Name] = "1"
		case "uscc":
			v[f.Name] = "91350100M000100Y43"
		case "choice":
			v[f.Name] = f.Options[0].Value
		default:
			v[f.Name] = "测试内容"
		}
	}
	return v
}

// An application accepted at the hall reaches central; the back office decides; the
// decision comes back to the hall, which records it once, and pushes the new version.
// A decision that contradicts the hall's is kept as a conflict, not applied.
func TestApplicationRoundTripWithCentral(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	core := hub.NewHall(f.db)
	svc := promisedService(t, core)
	a1, a2 := submitAccepted(t, core, svc, "张三"), submitAccepted(t, core, svc, "王五")
	if _, err := core.AdvanceApplication(ctx, a2.TrackingNo, app.AdvanceRequest{To: app.StatusRejected, Note: "窗口不予受理"}); err != nil {
		t.Fatalf("reject locally: %v", err)
	}
	s := f.syncer(syncer.Config{})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.AdvanceApplication(ctx, a1.TrackingNo, "approved", "准予许可"); err != nil {
		t.Fatalf("back office on a1: %v", err)
	}
	// Central has a2 as rejected (pushed above): approving it is refused there.
	if _, err := f.store.AdvanceApplication(ctx, a2.TrackingNo, "approved", ""); err == nil {
		t.Fatal("central approved an application the hall had rejected")
	}
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := core.Application(ctx, a1.TrackingNo)
	if err != nil || got.Status != app.StatusApproved {
		t.Fatalf("hall sees %s %v, want approved", got.Status, err)
	}
	steps := 0
	for _, st := range got.Timeline {
		if st.Status == app.StatusApproved {
			steps++
		}
	}
	if steps != 1 {
		t.Fatalf("%d approved steps in the timeline, want 1", steps)
	}
	// The same page again (cursor reset by a replay) changes nothing.
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	again, _ := core.Application(ctx, a1.TrackingNo)
	if again.Version != got.Version {
		t.Fatalf("version moved %d → %d on a replay", got.Version, again.Version)
	}
	st, err := f.store.ApplicationByTracking(ctx, a1.TrackingNo)
	if err != nil || st.Status != "approved" {
		t.Fatalf("central sees %+v %v", st, err)
	}
}

// A conflicting decision: the hall rejected while central, not yet told, approved.
func TestConflictingDecisionIsKept(t *testing.T) {
	f := newFixture(t)
	f.startCentral(t)
	core := hub.NewHall(f.db)
	a := submitAccepted(t, core, promisedService(t, core), "李四")
	s := f.syncer(syncer.Config{})
	if err := s.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.AdvanceApplication(ctx, a.TrackingNo, "approved", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := core.AdvanceApplication(ctx, a.TrackingNo, app.AdvanceRequest{To: app.StatusRejected}); err != nil {
		t.Fatal(err)
	}
	// Pull only (push would tell central first): apply central's page directly.
	page, _ := f.store.Pull(ctx, "TC01", 0, 100)
	var changes []app.PulledChange
	for _, c := range page.Changes {
		changes = append(changes, app.PulledChange{Seq: c.Seq, Kind: c.Kind, ID: c.ID, Version: c.Version, Payload: c.Payload})
	}
	if err := f.db.ApplyPull(ctx, changes, page.Next); err != nil {
		t.Fatal(err)
	}
	got, _ := core.Application(ctx, a.TrackingNo)
	if got.Status != app.StatusRejected {
		t.Fatalf("the hall's decision was overwritten: %s", got.Status)
	}
	if n, _ := f.db.SyncConflicts(ctx); n != 1 {
		t.Fatalf("%d conflicts kept, want 1", n)
	}
}

// promisedService finds a promised-term service in the hall's catalogue.
func promisedService(t *testing.T, core *hub.Hall) app.ServiceDetail {
	t.Helper()
	list, _ := core.SearchServices(ctx, "")
	for _, s := range list {
		if d, err := core.Service(ctx, s.ID); err == nil && d.Kind == app.KindPromised {
			return d
		}
	}
	t.Fatal("no promised-term service in the catalogue")
	return app.ServiceDetail{}
}

// submitAccepted submits an application for svc and accepts it with every material.
func submitAccepted(t *testing.T, core *hub.Hall, svc app.ServiceDetail, name string) app.Application {
	t.Helper()
	a, err := core.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: svc.ID,
		Applicant: app.Applicant{Name: name, IDNumber: "11010519491231002X", Phone: "13812345678"}, Fields: fillForm(svc)})
	if err != nil {
		t.Fatal(err)
	}
	all := make([]int, len(svc.Materials))
	for i := range all {
		all[i] = i
	}
	if _, err := core.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: all, Window: 1}); err != nil {
		t.Fatal(err)
	}
	return a
}
