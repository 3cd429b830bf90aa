package kiosk

import (
	"context"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

func TestPress(t *testing.T) {
	for _, c := range []struct {
		s, key string
		max    int
		want   string
	}{
		{"", "1", 0, "1"},
		{"12", KeyBack, 0, "1"},
		{"", KeyBack, 0, ""},
		{"张三", KeyBack, 0, "张"},
		{"123", KeyClear, 0, ""},
		{"12345678901", "2", 11, "12345678901"},
	} {
		if got := press(c.s, c.key, c.max); got != c.want {
			t.Errorf("press(%q, %q, %d) = %q, want %q", c.s, c.key, c.max, got, c.want)
		}
	}
	s := ""
	for _, k := range strings.Split("2026010599", "") {
		s = pressDate(s, k)
	}
	if s != "2026-01-05" {
		t.Errorf("typed date = %q", s)
	}
	for _, c := range []struct{ s, key, want string }{
		{"2026-", KeyBack, "202"}, {"2026-01", KeyBack, "2026-0"}, {"2026-01-05", KeyClear, ""}, {"2026", "X", "2026"},
	} {
		if got := pressDate(c.s, c.key); got != c.want {
			t.Errorf("pressDate(%q, %q) = %q, want %q", c.s, c.key, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"tc01-20261126-0042\n": "TC01-20261126-0042", " ＴＣ０１－２０２６１１２６－００４２ ": "TC01-20261126-0042",
	} {
		if got := NormalizeTrackingNo(in); got != want {
			t.Errorf("NormalizeTrackingNo(%q) = %q", in, got)
		}
	}
}

// slowGuide holds the first search until released, to show that typing never waits for
// the hub and that a late answer to an old query is dropped.
type slowGuide struct {
	app.GuideService
	mu      sync.Mutex
	first   bool
	held    chan struct{}
	release chan struct{}
	queries []string
}

func (g *slowGuide) SearchServices(ctx context.Context, q string) ([]app.Service, error) {
	g.mu.Lock()
	g.queries = append(g.queries, q)
	hold := q != "" && !g.first
	if hold {
		g.first = true
	}
	g.mu.Unlock()
	if hold {
		close(g.held)
		<-g.release
	}
	return g.GuideService.SearchServices(ctx, q)
}

func TestSearchNeverBlocksAndKeepsTheLatest(t *testing.T) {
	hall := hubtest.New(t)
	cl := hall.HTTPClient(app.RoleKiosk)
	g := &slowGuide{GuideService: cl, held: make(chan struct{}), release: make(chan struct{})}
	r := start(t, cl, Options{HallCode: hall.HallCode(), Guide: g})
	r.waitTiles(t, len(services(t, cl)))
	fr := flowRig{rig: r}
	test.Tap(r.k.flow.guideBtn)
	uitest.WaitFor(t, "the catalogue", func() bool { return len(fr.items()) > 60 })

	typePad(t, r.k.flow.gv.pad, "x") // held at the hub
	<-g.held
	typePad(t, r.k.flow.gv.pad, "Q") // typing goes on; search "x" → "xq" has no answer yet
	test.Tap(r.k.flow.gv.pad.back)
	test.Tap(r.k.flow.gv.pad.clear)
	typePad(t, r.k.flow.gv.pad, "swry")
	uitest.WaitFor(t, "results of the latest query", func() bool {
		it := fr.items()
		return len(it) == 1 && it[0] == "死亡人员户口注销"
	})
	close(g.release) // the answer to "x" arrives late
	uitest.WaitFor(t, "the late answer handled", func() bool {
		var q string
		r.k.read(func() { q = r.k.flow.gv.query })
		return q == "swry"
	})
	if it := fr.items(); len(it) != 1 || it[0] != "死亡人员户口注销" {
		t.Errorf("a late answer replaced the results: %q", it)
	}
	var text string
	r.k.read(func() { text = r.k.flow.gv.search.Text })
	if text != "swry" {
		t.Errorf("search box %q", text)
	}
}

// TestIdleClearsTheForm: a visitor who walks away from a half-filled form leaves nothing
// for the next one, and the kiosk returns to the hall's language.
func TestIdleClearsTheForm(t *testing.T) {
	r := startFlow(t)
	test.Tap(r.k.langBtns[ui.LangEN])
	r.searchAndOpen(t, "swry", "Cancellation of a deceased person's household registration")
	test.Tap(r.k.flow.sv.applyBtn)
	r.fill(t, PathName, "张三")
	r.fill(t, PathIDNumber, goodID)
	if r.timer.d != DefaultIdleReset {
		t.Errorf("idle timer %v, want %v", r.timer.d, DefaultIdleReset)
	}
	idleOut(t, r.rig) // the countdown, then the session ends
	if r.k.Screen() != ScreenHome || r.k.Lang() != ui.LangHans {
		t.Fatalf("after idling: screen %s, language %s", r.k.Screen(), r.k.Lang())
	}
	var rows int
	r.k.read(func() { rows = len(r.k.flow.fv.rows) })
	if rows != 0 {
		t.Errorf("the form kept %d rows", rows)
	}
	var q string
	r.k.read(func() { q = r.k.flow.gv.search.Text })
	if q != "" {
		t.Errorf("the search box kept %q", q)
	}
}

// BenchmarkGuideKeystroke measures what the kiosk does on the UI thread when a search
// answer arrives: rebuild the result tiles for the whole catalogue (the worst case).
func BenchmarkGuideKeystroke(b *testing.B) {
	hall := hubtest.New(b)
	cl := hall.HTTPClient(app.RoleKiosk)
	a := test.NewTempApp(b)
	a.Settings().SetTheme(ui.NewTheme())
	k := New(a, cl, ui.NewLocalizer("zh-Hans"), Options{HallCode: hall.HallCode()})
	w := test.NewWindow(k.Content())
	defer w.Close()
	list, err := cl.SearchServices(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	k.g.Lock()
	defer k.g.Unlock()
	k.flow.gv.results = list
	b.ReportMetric(float64(len(list)), "tiles")
	b.ResetTimer()
	for b.Loop() {
		k.flow.gv.buildList()
	}
}
