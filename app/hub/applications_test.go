package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/sqlite"
)

// Published GB 11643-1999 example numbers.
const (
	testID      = "11010519491231002X"
	testIDOther = "440524188001010014"
	testPhone   = "13912345678"
)

var shanghai = app.LoadLocation("Asia/Shanghai")

// fillForm fills every required field of a service's form with a valid value.
func fillForm(f app.Form) app.FormValues {
	v := app.FormValues{}
	for _, fl := range f.Fields {
		if !fl.Required {
			continue
		}
		switch fl.Type {
		case app.FieldChoice:
			v[fl.Name] = fl.Options[0].Value
		case app.FieldIDNumber:
			v[fl.Name] = testIDOther
		case app.FieldPhone:
			v[fl.Name] = "13812345678"
		case app.FieldDate:
			v[fl.Name] = "2026-01-05"
		case app.FieldNumber:
			v[fl.Name] = "2"
		case app.FieldUSCC:
			v[fl.Name] = "91350100M000100Y43"
		default:
			v[fl.Name] = "四川省达州市通川区朝阳东路1号"
		}
	}
	return v
}

func serviceByCode(t *testing.T, g app.GuideService, code string) app.ServiceDetail {
	t.Helper()
	list, err := g.SearchServices(context.Background(), code)
	if err != nil || len(list) == 0 || list[0].Code != code {
		t.Fatalf("search %s: %v %v", code, list, err)
	}
	d, err := g.Service(context.Background(), list[0].ID)
	if err != nil {
		t.Fatalf("service %s: %v", code, err)
	}
	return d
}

// TestApplicationJourney drives the whole path over the real HTTP hub: a kiosk
// pre-application, counter acceptance with a missing material (one-time notice), then
// complete (accepted with the promised date counted on the holiday calendar), progress
// lookup with the ID masked, and the rest of the machine.
func TestApplicationJourney(t *testing.T) {
	ctx := context.Background()
	h := hubtest.New(t)
	at := time.Date(2026, 9, 18, 10, 0, 0, 0, shanghai) // Friday before 中秋 and 国庆
	now := at
	h.Core.SetClock(func() time.Time { return now })
	kiosk, counter := h.HTTPClient(app.RoleKiosk), h.HTTPClient(app.RoleCounter)

	svc := serviceByCode(t, kiosk, "GA-006") // 户口迁入登记: promised, 5 working days, 4 materials
	if svc.Kind != app.KindPromised || svc.PromisedDays != 5 || len(svc.Materials) < 2 || len(svc.Form.Fields) == 0 || svc.DepartmentName == "" {
		t.Fatalf("guide entry incomplete: %+v", svc)
	}
	a, err := kiosk.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: svc.ID,
		Applicant: app.Applicant{Name: "张三", IDNumber: strings.ToLower(testID), Phone: testPhone}, Fields: fillForm(svc.Form)})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if a.TrackingNo != "TC01-20260918-0001" || a.Status != app.StatusSubmitted {
		t.Fatalf("submitted %s %s", a.TrackingNo, a.Status)
	}
	if a.Applicant.IDNumber != app.MaskID(testID) || a.Applicant.Phone != app.MaskPhone(testPhone) || a.Applicant.Name != "张*" {
		t.Errorf("answer not masked: %+v", a.Applicant)
	}

	// A kiosk may not accept.
	if _, err := kiosk.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{}); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("kiosk accept: %v, want forbidden", err)
	}

	// One material missing: a one-time notice listing it, still submitted.
	all := make([]int, len(svc.Materials))
	for i := range all {
		all[i] = i
	}
	res, err := counter.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: all[1:], Window: 3})
	if err != nil {
		t.Fatalf("accept with a missing material: %v", err)
	}
	if res.Complete() || len(res.Missing) != 1 || res.Missing[0].Name != svc.Materials[0].Name || res.Application.Status != app.StatusSubmitted {
		t.Fatalf("notice: %+v", res)
	}
	last := res.Application.Timeline[len(res.Application.Timeline)-1]
	if last.Action != app.StepNotice || len(last.Missing) != 1 || last.Window != 3 {
		t.Errorf("notice step %+v", last)
	}
	// Everything but one is missing: every missing item is listed at once.
	res, err = counter.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: []int{0}})
	if err != nil || len(res.Missing) != len(svc.Materials)-1 {
		t.Fatalf("notice of %d missing: %+v %v", len(svc.Materials)-1, res.Missing, err)
	}
	if _, err := counter.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: []int{0, 0}}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("repeated index: %v", err)
	}
	if _, err := counter.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: []int{99}}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("unknown index: %v", err)
	}

	// Complete: accepted; 5 working days from Friday 2026-09-18 counts Sunday 09-20 (an
	// adjusted workday) and ends Thursday 09-24, before the 中秋 holiday.
	res, err = counter.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: all, Window: 3})
	if err != nil || !res.Complete() {
		t.Fatalf("accept: %+v %v", res, err)
	}
	acc := res.Application
	if acc.Status != app.StatusAccepted || acc.PromisedDate != "2026-09-24" || acc.LegalDate != "2026-10-22" || acc.Deadline != app.DeadlineOnTime {
		t.Fatalf("accepted: status %s promised %s legal %s deadline %s", acc.Status, acc.PromisedDate, acc.LegalDate, acc.Deadline)
	}
	if _, err := counter.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: all}); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("accept twice: %v", err)
	}

	// Progress lookup at the kiosk: the timeline, the ID masked, never in clear.
	raw := getRaw(t, h.URL()+"/api/v1/applications/"+a.TrackingNo, h.Token(app.RoleKiosk))
	if bytes.Contains(raw, []byte(testID)) || bytes.Contains(raw, []byte(testPhone)) || bytes.Contains(raw, []byte(testIDOther)) {
		t.Fatalf("progress answer carries personal data in clear: %s", raw)
	}
	got, err := kiosk.Application(ctx, strings.ToLower(a.TrackingNo))
	if err != nil {
		t.Fatalf("progress: %v", err)
	}
	var actions []string
	for _, s := range got.Timeline {
		actions = append(actions, string(s.Action))
	}
	if strings.Join(actions, ",") != "submitted,notice,notice,accepted" || got.Applicant.IDNumber != "1101**********002X" {
		t.Errorf("progress: %v %+v", actions, got.Applicant)
	}

	// Deadline states move with the hall's days.
	for day, want := range map[int]app.DeadlineState{21: app.DeadlineOnTime, 23: app.DeadlineDueSoon, 24: app.DeadlineDueSoon, 28: app.DeadlineOverdue} {
		now = time.Date(2026, 9, day, 9, 0, 0, 0, shanghai)
		got, _ := counter.Application(ctx, a.TrackingNo)
		if got.Deadline != want {
			t.Errorf("on 09-%d: %s, want %s", day, got.Deadline, want)
		}
	}
	now = time.Date(2026, 9, 28, 9, 0, 0, 0, shanghai)
	if l, err := counter.Applications(ctx, app.ApplicationFilter{Deadline: app.DeadlineDueSoon}); err != nil || len(l) != 0 {
		t.Errorf("due-soon list on 09-28: %v %v", l, err)
	}
	overdue, err := counter.Applications(ctx, app.ApplicationFilter{Overdue: true})
	if err != nil || len(overdue) != 1 || overdue[0].TrackingNo != a.TrackingNo {
		t.Fatalf("overdue list: %v %v", overdue, err)
	}
	if _, err := kiosk.Applications(ctx, app.ApplicationFilter{}); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("kiosk list: %v", err)
	}

	// Forward only.
	for _, to := range []app.ApplicationStatus{app.StatusInReview, app.StatusApproved, app.StatusDelivered} {
		if got, err = counter.AdvanceApplication(ctx, a.TrackingNo, app.AdvanceRequest{To: to}); err != nil || got.Status != to {
			t.Fatalf("advance to %s: %v", to, err)
		}
	}
	if _, err := counter.AdvanceApplication(ctx, a.TrackingNo, app.AdvanceRequest{To: app.StatusInReview}); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("backwards: %v", err)
	}
	if _, err := counter.WithdrawApplication(ctx, a.TrackingNo, "changed my mind"); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("withdraw after delivery: %v", err)
	}

	// Every change is in the outbox, masked.
	batch, err := h.DB.OutboxBatch(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	versions := 0
	for _, r := range batch {
		if r.Kind == app.KindApplication && r.RecordID == a.TrackingNo {
			versions++
			if bytes.Contains(r.Payload, []byte(testID)) || bytes.Contains(r.Payload, []byte(testPhone)) {
				t.Errorf("outbox row carries personal data in clear")
			}
		}
	}
	if versions != got.Version || versions != 7 {
		t.Errorf("%d outbox rows for version %d", versions, got.Version)
	}
}

func TestOnTheSpotFinishesAtOnce(t *testing.T) {
	ctx := context.Background()
	h := hubtest.New(t)
	counter := h.HTTPClient(app.RoleCounter)
	svc := serviceByCode(t, counter, "GA-007") // 即办件 with an ID-number field
	a, err := counter.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: svc.ID, Window: 2,
		Applicant: app.Applicant{Name: "李四", IDNumber: testID, Phone: testPhone}, Fields: fillForm(svc.Form)})
	if err != nil {
		t.Fatal(err)
	}
	if v := a.Fields["deceased_id"]; v != app.MaskID(testIDOther) {
		t.Errorf("ID-number field not masked: %q", v)
	}
	all := make([]int, len(svc.Materials))
	for i := range all {
		all[i] = i
	}
	res, err := counter.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: all, Window: 2})
	if err != nil || res.Application.Status != app.StatusApproved || res.Application.PromisedDate != res.Application.SubmittedAt.In(shanghai).Format(app.DateLayout) {
		t.Fatalf("on the spot: %+v %v", res.Application, err)
	}
}

type errBody struct {
	Error app.Error `json:"error"`
}

func postRaw(t *testing.T, url, token string, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func getRaw(t *testing.T, url, token string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return b
}

// TestInvalidApplicationStoresNothing: 422 with every bad field, nothing stored, no
// number taken; the next good one is -0001.
func TestInvalidApplicationStoresNothing(t *testing.T) {
	ctx := context.Background()
	h := hubtest.New(t)
	tok := h.Token(app.RoleKiosk)
	kiosk := h.HTTPClient(app.RoleKiosk)
	svc := serviceByCode(t, kiosk, "GA-006")
	url := h.URL() + "/api/v1/applications"
	before, _ := h.DB.OutboxCount(ctx)

	fields := fillForm(svc.Form)
	fields["persons"] = "两"
	body, _ := json.Marshal(map[string]any{"service_id": svc.ID, "fields": fields,
		"applicant": map[string]string{"name": "张三", "id_number": "511702880512123", "phone": "1234"}})
	st, raw := postRaw(t, url, tok, string(body))
	var eb errBody
	if err := json.Unmarshal(raw, &eb); err != nil || st != http.StatusUnprocessableEntity {
		t.Fatalf("got %d %s", st, raw)
	}
	e := eb.Error
	if e.Code != app.EINVALID || e.Field != "applicant.id_number" || e.Message == "" || len(e.Fields) != 3 {
		t.Fatalf("error %+v", e)
	}
	want := map[string]string{"applicant.id_number": app.ReasonIDLegacy15, "applicant.phone": app.ReasonPhone, "fields.persons": app.ReasonNumber}
	for _, f := range e.Fields {
		if want[f.Field] != f.Reason || f.Message == "" {
			t.Errorf("field error %+v", f)
		}
	}
	// A form value of the wrong JSON type: 422 naming the field.
	st, raw = postRaw(t, url, tok, `{"service_id":"`+svc.ID+`","applicant":{},"fields":{"persons":{"n":2}}}`)
	if st != http.StatusUnprocessableEntity || !strings.Contains(string(raw), `"field":"fields.persons"`) {
		t.Errorf("nested value: %d %s", st, raw)
	}
	// The client surfaces the same error.
	_, err := kiosk.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: svc.ID, Applicant: app.Applicant{Name: "张三", IDNumber: "110105194912310020", Phone: testPhone}, Fields: fillForm(svc.Form)})
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Field != "applicant.id_number" || len(ae.Fields) != 1 || ae.Fields[0].Reason != app.ReasonIDChecksum {
		t.Errorf("client error %#v", err)
	}
	if st, _ := postRaw(t, url, tok, `{"service_id":"nope","applicant":{}}`); st != http.StatusNotFound {
		t.Errorf("unknown service: %d", st)
	}
	if n, _ := h.DB.ApplicationCount(ctx); n != 0 {
		t.Fatalf("%d applications stored from bad input", n)
	}
	if after, _ := h.DB.OutboxCount(ctx); after != before {
		t.Fatalf("outbox grew from bad input: %d → %d", before, after)
	}
	a, err := kiosk.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: svc.ID, Applicant: app.Applicant{Name: "张三", IDNumber: testID, Phone: testPhone}, Fields: fillForm(svc.Form)})
	if err != nil || !strings.HasSuffix(a.TrackingNo, "-0001") {
		t.Fatalf("first good application %q: %v", a.TrackingNo, err)
	}
}

// TestPersonalDataSealedAtRest greps the raw database files for the ID number and phone.
func TestPersonalDataSealedAtRest(t *testing.T) {
	ctx := context.Background()
	h := hubtest.New(t)
	kiosk := h.HTTPClient(app.RoleKiosk)
	svc := serviceByCode(t, kiosk, "GA-007")
	for range 3 {
		if _, err := kiosk.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: svc.ID,
			Applicant: app.Applicant{Name: "王小明", IDNumber: testID, Phone: testPhone}, Fields: fillForm(svc.Form)}); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Dir(h.DB.Path)
	files, _ := filepath.Glob(filepath.Join(dir, sqlite.FileName+"*"))
	if len(files) == 0 {
		t.Fatal("no database files")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{testID, testPhone, testIDOther, "王小明"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q in clear", filepath.Base(f), secret)
			}
		}
	}
	st, err := os.Stat(h.DB.KeyPath())
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	// The store reads it back with the key.
	list, err := h.DB.Applications(ctx, app.ApplicationFilter{})
	if err != nil || len(list) != 3 || list[0].Applicant.IDNumber != testID {
		t.Fatalf("read back: %v %v", list, err)
	}
}

func TestSearchOverHTTP(t *testing.T) {
	h := hubtest.New(t)
	kiosk := h.HTTPClient(app.RoleKiosk)
	list, err := kiosk.SearchServices(context.Background(), "hj")
	if err != nil || len(list) == 0 || !strings.Contains(list[0].Name, "户籍") {
		t.Fatalf("hj: %v %v", list, err)
	}
	all, err := kiosk.Services(context.Background())
	if err != nil || len(all) < 60 {
		t.Fatalf("whole list: %d %v", len(all), err)
	}
	if _, err := kiosk.Service(context.Background(), "no-such-id"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Errorf("unknown service: %v", err)
	}
}
