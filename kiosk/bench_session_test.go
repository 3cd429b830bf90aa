package kiosk

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
)

// benchKiosk starts a kiosk on a real hub for a benchmark, with a fake return-home timer.
func benchKiosk(b *testing.B) (*Kiosk, *fakeTimer) {
	b.Helper()
	hall := hubtest.New(b)
	a := test.NewTempApp(b)
	a.Settings().SetTheme(ui.NewTheme())
	k := New(a, hall.Client(app.RoleKiosk), ui.NewLocalizer("zh-Hans"), Options{HallCode: hall.HallCode()})
	ft := &fakeTimer{}
	k.after = ft.after
	w := test.NewWindow(k.Content())
	b.Cleanup(w.Close)
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	k.Start(ctx)
	deadline := time.Now().Add(10 * time.Second)
	for len(k.TileTexts()) == 0 {
		if time.Now().After(deadline) {
			b.Fatal("no service tiles")
		}
		runtime.Gosched()
	}
	return k, ft
}

// BenchmarkScreenSwitch: home → service guide → home, as a visitor's taps drive it.
func BenchmarkScreenSwitch(b *testing.B) {
	k, _ := benchKiosk(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		test.Tap(k.flow.guideBtn)
		k.GoHome()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(2*b.N), "µs/switch")
}

// BenchmarkVisitorSessions: one visitor takes a number and leaves; the ticket screen's
// timer ends the session. It reports the kiosk's heap after the sessions (after GC): the
// figure must not grow with the number of visitors (compare -benchtime 100x and 1000x).
func BenchmarkVisitorSessions(b *testing.B) {
	k, ft := benchKiosk(b)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapInuse
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var btn *widget.Button
		k.read(func() { btn = k.tiles[i%len(k.tiles)].btn })
		test.Tap(btn)
		for k.Screen() != ScreenTicket {
			runtime.Gosched()
		}
		ft.mu.Lock()
		f := ft.f
		ft.mu.Unlock()
		f()
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB-after")
	b.ReportMetric((float64(ms.HeapInuse)-float64(before))/(1<<20), "heap-growth-MB")
	if rss := vmRSS(); rss > 0 {
		b.ReportMetric(rss/1024, "RSS-MB")
	}
}

// vmRSS reads this process's resident set in KiB (Linux; 0 elsewhere).
func vmRSS() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			v, _ := strconv.ParseFloat(f[1], 64)
			return v
		}
	}
	return 0
}
