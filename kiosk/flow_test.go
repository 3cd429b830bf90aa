package kiosk

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// Published valid resident ID number (GB 11643-1999 example) and one with a wrong check
// character.
const (
	goodID = "11010519491231002X"
	badID  = "110105194912310021"
)

var trackingNo = regexp.MustCompile(`^TC01-\d{8}-\d{4}$`)

// docs records what the kiosk's and the counter's print hooks were asked to print.
type docs struct {
	mu        sync.Mutex
	materials []app.ServiceDetail
	slips     []app.Application
	notices   [][]app.Material
	receipts  []app.Application
}

func (d *docs) printMaterials(_ context.Context, s app.ServiceDetail) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.materials = append(d.materials, s)
	return nil
}

func (d *docs) printSlip(_ context.Context, a app.Application, _ app.ServiceDetail) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.slips = append(d.slips, a)
	return nil
}

func (d *docs) printNotice(_ context.Context, a app.Application, _ app.ServiceDetail, missing []app.Material) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.notices = append(d.notices, missing)
	return nil
}

func (d *docs) printReceipt(_ context.Context, a app.Application, _ app.ServiceDetail) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.receipts = append(d.receipts, a)
	return nil
}

func (d *docs) counts() (int, int, int, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.materials), len(d.slips), len(d.notices), len(d.receipts)
}

// flowRig is a kiosk on a real hub, with its print hooks recorded.
type flowRig struct {
	rig
	hall *hubtest.Hall
	docs *docs
}

func startFlow(t *testing.T) flowRig {
	t.Helper()
	hall := hubtest.New(t)
	d := &docs{}
	r := start(t, hall.HTTPClient(app.RoleKiosk), Options{
		HallCode: hall.HallCode(), PrintMaterials: d.printMaterials, PrintApplication: d.printSlip})
	r.waitTiles(t, len(services(t, hall.Client(app.RoleKiosk))))
	return flowRig{rig: r, hall: hall, docs: d}
}

// typePad taps the keypad key of each character of s.
func typePad(t *testing.T, p *keypad, s string) {
	t.Helper()
	for _, c := range s {
		b := p.keys[strings.ToUpper(string(c))]
		if b == nil {
			t.Fatalf("keypad has no key %q", c)
		}
		test.Tap(b)
	}
}

func (r flowRig) items() []string {
	var out []string
	r.k.read(func() {
		for _, it := range r.k.flow.gv.items {
			out = append(out, it.name.Text)
		}
	})
	return out
}

// searchAndOpen searches the guide on the letter keypad and opens the service named name.
func (r flowRig) searchAndOpen(t *testing.T, keys, name string) {
	t.Helper()
	test.Tap(r.k.flow.applyBtn)
	if r.k.Screen() != ScreenGuide {
		t.Fatalf("the apply entry shows %q", r.k.Screen())
	}
	typePad(t, r.k.flow.gv.pad, keys)
	uitest.WaitFor(t, "search results for "+keys, func() bool {
		it := r.items()
		return len(it) > 0 && it[0] == name
	})
	var b *widget.Button
	r.k.read(func() { b = r.k.flow.gv.items[0].btn })
	test.Tap(b)
	uitest.WaitFor(t, "the service page", func() bool {
		var ok bool
		r.k.read(func() { ok = r.k.screen == ScreenService && r.k.flow.sv.detail != nil })
		return ok
	})
}

// row returns the form row at path.
func (r flowRig) row(t *testing.T, path string) *fieldRow {
	t.Helper()
	var out *fieldRow
	r.k.read(func() {
		for _, x := range r.k.flow.fv.rows {
			if x.path == path {
				out = x
			}
		}
	})
	if out == nil {
		t.Fatalf("no form row %s", path)
	}
	return out
}

// fill types value into the row at path as a visitor does: a tap on the field, then the
// keypad for keypad fields, a keyboard's input method for text, a tap for a choice.
func (r flowRig) fill(t *testing.T, path, value string) {
	t.Helper()
	x := r.row(t, path)
	if x.field.Type == app.FieldChoice {
		for i, o := range x.field.Options {
			if o.Value == value {
				test.Tap(x.options[i])
				return
			}
		}
		t.Fatalf("%s has no option %q", path, value)
	}
	test.Tap(x.entry)
	switch x.field.Type {
	case app.FieldIDNumber, app.FieldPhone, app.FieldNumber, app.FieldDate:
		test.Tap(r.k.flow.fv.digits.clear)
		typePad(t, r.k.flow.fv.digits, strings.ReplaceAll(value, "-", ""))
	case app.FieldUSCC:
		test.Tap(r.k.flow.fv.letters.clear)
		typePad(t, r.k.flow.fv.letters, value)
	default:
		x.entry.SetText("")
		test.Type(x.entry, value)
	}
	var got string
	r.k.read(func() { got = x.entry.Text })
	if got != value {
		t.Fatalf("%s holds %q after typing %q", path, got, value)
	}
}

func (r flowRig) errorOf(t *testing.T, path string) string {
	x := r.row(t, path)
	var s string
	r.k.read(func() {
		if x.errBox.Visible() {
			s = x.errText.Text
		}
	})
	return s
}

// texts collects every label's text under o, in order.
func texts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		if x.Visible() {
			out = append(out, x.Text)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, texts(c)...)
		}
	case *container.Scroll:
		out = append(out, texts(x.Content)...)
	case *container.ThemeOverride:
		out = append(out, texts(x.Content)...)
	}
	return out
}

// preApply fills in and submits a pre-application for 死亡人员户口注销 (GA-007), first
// with a bad ID number, and returns the tracking number.
func (r flowRig) preApply(t *testing.T) string {
	t.Helper()
	r.searchAndOpen(t, "swry", "死亡人员户口注销")
	test.Tap(r.k.flow.sv.applyBtn)
	if r.k.Screen() != ScreenForm {
		t.Fatalf("apply shows %q", r.k.Screen())
	}
	r.fill(t, PathName, "张三")
	r.fill(t, PathIDNumber, badID)
	r.fill(t, PathPhone, "13812345678")
	r.fill(t, "fields.deceased_name", "张老三")
	r.fill(t, "fields.deceased_id", goodID)
	r.fill(t, "fields.death_date", "2026-01-05")
	r.fill(t, "fields.relation", "child")
	test.Tap(r.k.flow.fv.next)
	if r.k.Screen() != ScreenForm {
		t.Fatalf("a bad ID number went on to %q", r.k.Screen())
	}
	if got, want := r.errorOf(t, PathIDNumber), "居民身份证号码：校验位不正确，请核对每一位"; got != want {
		t.Errorf("ID error = %q, want %q", got, want)
	}
	for _, p := range []string{PathName, PathPhone, "fields.deceased_id", "fields.death_date", "fields.relation"} {
		if e := r.errorOf(t, p); e != "" {
			t.Errorf("%s shows an error for a good value: %q", p, e)
		}
	}
	// Everything typed is still there.
	var kept []string
	r.k.read(func() {
		for _, x := range r.k.flow.fv.rows {
			if x.entry != nil {
				kept = append(kept, x.entry.Text)
			} else {
				kept = append(kept, x.value)
			}
		}
	})
	if want := []string{"张三", badID, "13812345678", "张老三", goodID, "2026-01-05", "child"}; strings.Join(kept, "|") != strings.Join(want, "|") {
		t.Errorf("after the error the form holds %q, want %q", kept, want)
	}

	r.fill(t, PathIDNumber, goodID)
	test.Tap(r.k.flow.fv.next)
	if r.k.Screen() != ScreenReview {
		t.Fatalf("a good form went to %q (ID error %q)", r.k.Screen(), r.errorOf(t, PathIDNumber))
	}
	var review []string
	r.k.read(func() { review = texts(r.k.flow.rv.grid) })
	joined := strings.Join(review, "|")
	if strings.Count(joined, "1101**********002X") != 2 || strings.Contains(joined, goodID) || !strings.Contains(joined, "138****5678") {
		t.Errorf("review shows personal data unmasked or not at all: %q", review)
	}
	test.Tap(r.k.flow.rv.submit)
	uitest.WaitFor(t, "the tracking number", func() bool { return r.k.Screen() == ScreenSubmitted })
	var no, qr string
	r.k.read(func() { no, qr = r.k.flow.dv.number.Text, r.k.flow.dv.a.TrackingNo })
	if !trackingNo.MatchString(no) || qr != no {
		t.Fatalf("submitted: number %q, QR %q", no, qr)
	}
	uitest.WaitFor(t, "the slip printed", func() bool {
		var p string
		r.k.read(func() { p = r.k.flow.dv.print })
		return p == PrintDone
	})
	return no
}

func TestGuideSearchAndServicePage(t *testing.T) {
	r := startFlow(t)
	test.Tap(r.k.flow.guideBtn)
	uitest.WaitFor(t, "the whole catalogue", func() bool { return len(r.items()) > 60 })
	// A department chip filters the list.
	var chip *widget.Button
	var dept string
	r.k.read(func() {
		chip = r.k.flow.gv.chips[1]
		dept = chip.Text
	})
	test.Tap(chip)
	var depts []string
	r.k.read(func() {
		for _, it := range r.k.flow.gv.items {
			depts = append(depts, it.svc.Department)
		}
	})
	if len(depts) == 0 || len(depts) > 60 {
		t.Fatalf("chip %s: %d services", dept, len(depts))
	}
	for _, d := range depts {
		if d != dept {
			t.Fatalf("chip %s shows a service of %s", dept, d)
		}
	}
	test.Tap(r.k.flow.gv.chips[0])
	test.Tap(r.k.flow.gv.back)
	if r.k.Screen() != ScreenHome {
		t.Fatal("back did not go home")
	}

	r.searchAndOpen(t, "swry", "死亡人员户口注销")
	var lines []string
	r.k.read(func() { lines = texts(r.k.flow.sv.obj) })
	all := strings.Join(lines, "\n")
	for _, want := range []string{"死亡人员户口注销", "即办件", "不收费", "1. 居民死亡医学证明（推断）书（原件 1 份）", "无法交回的应说明原因", "设定依据：《中华人民共和国户口登记条例》第八条", "办理窗口：1、2 号窗口"} {
		if !strings.Contains(all, want) {
			t.Errorf("service page lacks %q:\n%s", want, all)
		}
	}
	test.Tap(r.k.flow.sv.printBtn)
	uitest.WaitFor(t, "the list printed", func() bool {
		var s string
		r.k.read(func() { s = r.k.flow.sv.status.Text })
		return s == "材料清单已打印，请取走"
	})
	if m, _, _, _ := r.docs.counts(); m != 1 {
		t.Errorf("%d materials lists printed", m)
	}

	// English on the same page.
	test.Tap(r.k.langBtns[ui.LangEN])
	r.k.read(func() { lines = texts(r.k.flow.sv.obj) })
	if all := strings.Join(lines, "\n"); !strings.Contains(all, "Cancellation of a deceased person's household registration") || !strings.Contains(all, "Medical certificate of death (original, 1)") {
		t.Errorf("English page:\n%s", all)
	}
}

// TestWholePath drives a pre-application at the kiosk, its acceptance at the counter with
// a material missing (one-time notice), then complete (receipt; an on-the-spot service is
// finished at once), and the progress lookup, all through a real hub.
func TestWholePath(t *testing.T) {
	r := startFlow(t)
	no := r.preApply(t)
	test.Tap(r.k.flow.dv.home)
	if r.k.Screen() != ScreenHome {
		t.Fatal("home button")
	}

	// The counter opens it by its tracking number, as a scanner types it.
	d := &docs{}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	acc := ui.NewAcceptance(a, r.hall.HTTPClient(app.RoleCounter), ui.NewLocalizer("zh-Hans"), ui.AcceptOptions{
		Window: 3, PrintNotice: d.printNotice, PrintReceipt: d.printReceipt})
	w := test.NewWindow(acc.Content())
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	acc.Start(ctx)
	uitest.WaitFor(t, "the waiting pre-application", func() bool { return acc.WaitingCount() == 1 })
	test.Type(acc.LookupEntry(), strings.ToLower(no))
	acc.LookupEntry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	uitest.WaitFor(t, "the application opened", func() bool { c := acc.Current(); return c != nil && c.TrackingNo == no })
	checks := acc.Checks()
	if len(checks) != 4 {
		t.Fatalf("%d materials, want 4", len(checks))
	}
	for _, c := range checks[:3] {
		test.Tap(c)
	}
	test.Tap(acc.AcceptButton())
	uitest.WaitFor(t, "the one-time notice", func() bool { return acc.PrintState() == ui.PrintDone })
	if got := acc.OutcomeText(); !strings.Contains(got, "材料不齐，缺少 1 项") || !strings.Contains(got, "申报人居民身份证（原件 1 份）") || !strings.Contains(got, "一次性告知书已打印") {
		t.Errorf("notice outcome: %q", got)
	}
	if _, _, n, rc := d.counts(); n != 1 || rc != 0 || len(d.notices[0]) != 1 || d.notices[0][0].Name != "申报人居民身份证" {
		t.Fatalf("notices %v, receipts %d", d.notices, rc)
	}
	if c := acc.Current(); c.Status != app.StatusSubmitted {
		t.Errorf("after a notice the application is %s", c.Status)
	}

	test.Tap(checks[3])
	test.Tap(acc.AcceptButton())
	uitest.WaitFor(t, "the receipt", func() bool { _, _, _, rc := d.counts(); return rc == 1 && acc.PrintState() == ui.PrintDone })
	if got := acc.OutcomeText(); !strings.Contains(got, "即办件，已当场办结") || !strings.Contains(got, "受理回执已打印") {
		t.Errorf("receipt outcome: %q", got)
	}
	if c := acc.Current(); c.Status != app.StatusApproved {
		t.Errorf("an on-the-spot service ended %s, want approved", c.Status)
	}
	if d.receipts[0].TrackingNo != no {
		t.Errorf("receipt for %s", d.receipts[0].TrackingNo)
	}

	// The citizen looks it up at the kiosk with a scanner.
	test.Tap(r.k.flow.progBtn)
	if r.k.Screen() != ScreenProgress {
		t.Fatal("progress entry")
	}
	test.Type(r.k.flow.pv.entry, no)
	r.k.flow.pv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	uitest.WaitFor(t, "the timeline", func() bool {
		var ok bool
		r.k.read(func() { ok = r.k.flow.pv.a != nil })
		return ok
	})
	var lines []string
	r.k.read(func() { lines = texts(r.k.flow.pv.result) })
	all := strings.Join(lines, "\n")
	for _, want := range []string{"当前状态：已办结（准予）", "申请人：张*  证件：1101**********002X", "提交预申请", "一次性告知：材料不齐", "需补正：申报人居民身份证", "窗口受理（3 号窗口）"} {
		if !strings.Contains(all, want) {
			t.Errorf("progress lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, goodID) {
		t.Error("progress shows the ID number in clear")
	}

	// A number that is not one, and one that does not exist.
	r.k.flow.pv.entry.SetText("")
	typePad(t, r.k.flow.pv.pad, "TC01-1")
	test.Tap(r.k.flow.pv.find)
	var msg string
	r.k.read(func() { msg = r.k.flow.pv.message.Text })
	if msg != "办件编号格式不对，应类似 TC01-20261126-0042" {
		t.Errorf("bad number: %q", msg)
	}
	r.k.flow.pv.entry.SetText("TC01-20200101-9999")
	test.Tap(r.k.flow.pv.find)
	uitest.WaitFor(t, "not found", func() bool {
		r.k.read(func() { msg = r.k.flow.pv.message.Text })
		return msg == "没有找到这个办件编号，请核对后重试"
	})

	// Walking away clears everything.
	idleOut(t, r.rig) // the countdown, then the session ends
	if r.k.Screen() != ScreenHome {
		t.Fatal("idle timer did not go home")
	}
	r.k.read(func() { msg = r.k.flow.pv.entry.Text })
	if msg != "" {
		t.Errorf("progress box kept %q", msg)
	}
}

// flowScreenshots renders the guide, a service page, the form with an error, the tracking
// number and the progress timeline to dir (TestScreenshots).
func flowScreenshots(t *testing.T, dir string) {
	r := startFlow(t)
	r.w.Resize(fyne.NewSize(900, 1200))
	uitest.WaitFor(t, "the hall's name", func() bool { return r.k.HallText() == "测试便民服务中心" })
	uitest.WritePNG(t, r.w, dir, "kiosk-home-entries.png")
	test.Tap(r.k.flow.guideBtn)
	uitest.WaitFor(t, "the whole catalogue", func() bool { return len(r.items()) > 60 })
	typePad(t, r.k.flow.gv.pad, "hk")
	uitest.WaitFor(t, "results for hk", func() bool {
		var ok bool
		r.k.read(func() { ok = r.k.flow.gv.query == "hk" && !r.k.flow.gv.busy })
		return ok
	})
	uitest.WritePNG(t, r.w, dir, "kiosk-guide.png")
	test.Tap(r.k.flow.gv.back)

	r.searchAndOpen(t, "swry", "死亡人员户口注销")
	uitest.WritePNG(t, r.w, dir, "kiosk-service.png")
	test.Tap(r.k.flow.sv.applyBtn)
	r.fill(t, PathName, "张三")
	r.fill(t, PathIDNumber, badID)
	r.fill(t, PathPhone, "1381234")
	r.fill(t, "fields.deceased_name", "张老三")
	test.Tap(r.k.flow.fv.next)
	r.fill(t, PathIDNumber, badID)
	uitest.WritePNG(t, r.w, dir, "kiosk-form-error.png")
	r.fill(t, PathIDNumber, goodID)
	r.fill(t, PathPhone, "13812345678")
	r.fill(t, "fields.deceased_id", goodID)
	r.fill(t, "fields.death_date", "2026-01-05")
	r.fill(t, "fields.relation", "child")
	test.Tap(r.k.flow.fv.next)
	uitest.WritePNG(t, r.w, dir, "kiosk-review.png")
	test.Tap(r.k.flow.rv.submit)
	uitest.WaitFor(t, "the tracking number", func() bool { return r.k.Screen() == ScreenSubmitted })
	uitest.WaitFor(t, "printed", func() bool {
		var p string
		r.k.read(func() { p = r.k.flow.dv.print })
		return p == PrintDone
	})
	uitest.WritePNG(t, r.w, dir, "kiosk-submitted.png")
	var no string
	r.k.read(func() { no = r.k.flow.dv.a.TrackingNo })
	test.Tap(r.k.flow.dv.home)

	cl := r.hall.HTTPClient(app.RoleCounter)
	ctx := context.Background()
	if _, err := cl.AcceptApplication(ctx, no, app.AcceptRequest{Received: []int{0, 1, 2}, Window: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.AcceptApplication(ctx, no, app.AcceptRequest{Received: []int{0, 1, 2, 3}, Window: 2}); err != nil {
		t.Fatal(err)
	}
	test.Tap(r.k.flow.progBtn)
	test.Type(r.k.flow.pv.entry, no)
	r.k.flow.pv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	uitest.WaitFor(t, "the timeline", func() bool {
		var ok bool
		r.k.read(func() { ok = r.k.flow.pv.a != nil })
		return ok
	})
	uitest.WritePNG(t, r.w, dir, "kiosk-progress.png")
	test.Tap(r.k.langBtns[ui.LangEN])
	uitest.WritePNG(t, r.w, dir, "kiosk-progress-en.png")
}
