package hub_test

import (
	"context"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
)

var hubQueries = []string{"h", "hj", "hu", "huk", "hukou", "户", "户籍", "sb", "shebao", "社保", "yyzz", "营业", "gjj", "公积金",
	"jmsfz", "身份证", "公安", "不动产", "bdc", "deng ji", "passport", "医保", "结婚", "cjrz"}

// BenchmarkHubSearch is the search inside the hub (the guide cache built once, the whole
// seed catalogue): p99 over 1,000 keystroke queries per iteration.
func BenchmarkHubSearch(b *testing.B) {
	h := hubtest.New(b)
	ctx := context.Background()
	if _, err := h.Core.SearchServices(ctx, ""); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for range b.N {
		for i := range 1000 {
			t0 := time.Now()
			if _, err := h.Core.SearchServices(ctx, hubQueries[i%len(hubQueries)]); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
	}
	reportPercentiles(b, lat)
}

// BenchmarkSubmitApplication is a validated, sealed, stored application with its outbox
// row, through the hub core.
func BenchmarkSubmitApplication(b *testing.B) {
	h := hubtest.New(b)
	ctx := context.Background()
	list, _ := h.Core.SearchServices(ctx, "GA-006")
	svc, err := h.Core.Service(ctx, list[0].ID)
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		_, err := h.Core.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: svc.ID,
			Applicant: app.Applicant{Name: "张三", IDNumber: "11010519491231002X", Phone: "13912345678"},
			Fields:    app.FormValues{"reason": svc.Form.Fields[0].Options[0].Value, "from_address": "达州市通川区朝阳东路1号", "to_address": "达州市通川区西外", "persons": "2"}})
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	reportPercentiles(b, lat)
}
