package preview

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"servicehall/printing"
)

func ticketData() printing.TicketSlipData {
	return printing.TicketSlipData{
		Hall:      "天城市政务服务中心",
		Title:     "排队取号凭条",
		Number:    "A001",
		Service:   "户籍办理（身份证、户口迁移）",
		AheadLine: "前面还有 3 人",
		Issued:    "取号时间 2026-11-26 09:45",
		QR:        "https://zwfw.tiancheng.gov.cn/q/TC01/20261126/A001",
		QRCaption: "微信扫码查看排队进度",
		Footer:    "请留意叫号，过号需重新取号。办件编号 TC01-20261126-0042",
	}
}

func testData() printing.TestSlipData {
	return printing.TestSlipData{
		Hall:    "天城市政务服务中心",
		QR:      "https://zwfw.tiancheng.gov.cn/printer-test",
		Time:    "2026-11-26 09:45:00",
		Printer: "tcp:192.168.1.50:9100 · 58mm GB18030",
	}
}

func render(t *testing.T, s *printing.Slip, cols int) (*image.Gray, []Region) {
	t.Helper()
	img, regions, err := Render(s, cols)
	if err != nil {
		t.Fatalf("Render(%d cols): %v", cols, err)
	}
	return img, regions
}

// dark counts the pixels darker than mid-grey in r.
func dark(img *image.Gray, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.GrayAt(x, y).Y < 128 {
				n++
			}
		}
	}
	return n
}

func find(t *testing.T, regions []Region, kind printing.Kind, text string) Region {
	t.Helper()
	for _, r := range regions {
		if r.Kind == kind && r.Text == text {
			return r
		}
	}
	t.Fatalf("no %s region %q in %+v", kind, text, regions)
	return Region{}
}

func TestPNGDecodesWithPaperWidth(t *testing.T) {
	for _, cols := range []int{32, 48} {
		b, err := PNG(printing.TicketSlip(ticketData()), cols)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%d cols: not a PNG: %v", cols, err)
		}
		if got := img.Bounds().Dx(); got != cols*12 {
			t.Errorf("%d cols: width %d, want %d", cols, got, cols*12)
		}
		if h := img.Bounds().Dy(); h < 400 || h > 2000 {
			t.Errorf("%d cols: height %d is not a ticket slip's", cols, h)
		}
		// White paper: the corners are white.
		g := img.(*image.Gray)
		for _, p := range []image.Point{{0, 0}, {g.Rect.Max.X - 1, 0}} {
			if g.GrayAt(p.X, p.Y).Y != 255 {
				t.Errorf("%d cols: corner %v is not white", cols, p)
			}
		}
	}
}

func TestNumberLineIsInkedLargeAndCentred(t *testing.T) {
	img, regions := render(t, printing.TicketSlip(ticketData()), 32)
	num := find(t, regions, printing.KindText, "A001")
	if num.Style.Size != printing.SizeDouble {
		t.Fatalf("number line style %+v", num.Style)
	}
	if num.Rect.Dy() != 2*LineHeight {
		t.Errorf("number line %d dots high, want %d", num.Rect.Dy(), 2*LineHeight)
	}
	// 4 characters × 12 dots × 2, centred on 384 dots.
	if want := image.Rect(192-48, num.Rect.Min.Y, 192+48, num.Rect.Max.Y); num.Ink != want {
		t.Errorf("number ink %v, want %v", num.Ink, want)
	}
	inked := dark(img, num.Ink)
	if inked < 800 {
		t.Errorf("number line has %d dark pixels: not drawn big", inked)
	}
	if outside := dark(img, image.Rect(0, num.Rect.Min.Y, num.Ink.Min.X, num.Rect.Max.Y)); outside != 0 {
		t.Errorf("%d dark pixels left of the centred number", outside)
	}
	// A normal line of the same 4 characters has about a quarter of the ink.
	plain, pr := render(t, printing.NewSlip("x").Text("A001", printing.Centered), 32)
	small := dark(plain, pr[0].Ink)
	if small == 0 || inked < 3*small {
		t.Errorf("double-size number has %d dark pixels, normal %d: want about 4×", inked, small)
	}
}

func TestChineseGlyphsAreDrawnNotBoxes(t *testing.T) {
	// Characters of one width must not all look alike: a missing-glyph box would.
	img, regions := render(t, printing.NewSlip("x").Text("中国政务服务", printing.Plain), 32)
	ink := regions[0].Ink
	seen := map[int]bool{}
	for i := range 6 {
		cell := image.Rect(ink.Min.X+24*i, ink.Min.Y, ink.Min.X+24*(i+1), ink.Max.Y)
		n := dark(img, cell)
		if n < 20 {
			t.Errorf("character %d has %d dark pixels", i, n)
		}
		seen[n] = true
	}
	if len(seen) < 4 {
		t.Errorf("six different characters drew only %d distinct ink counts: boxes?", len(seen))
	}
	// And a character the font lacks is drawn as the box, in its two columns.
	_, regions = render(t, printing.NewSlip("x").Text("𠮷", printing.Plain), 32)
	if regions[0].Ink.Dx() != 24 {
		t.Errorf("missing glyph takes %d dots, want 24", regions[0].Ink.Dx())
	}
}

func TestQRIsDrawnModuleForModule(t *testing.T) {
	d := ticketData()
	img, regions := render(t, printing.TicketSlip(d), 32)
	r := find(t, regions, printing.KindQR, d.QR)
	q, err := qrcode.New(d.QR, printing.QRLevel)
	if err != nil {
		t.Fatal(err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := len(bm)
	if r.Ink.Dx() != r.Ink.Dy() || r.Ink.Dx()%n != 0 {
		t.Fatalf("QR ink %v is not %d square modules", r.Ink, n)
	}
	m := r.Ink.Dx() / n
	want, err := printing.QRModuleSize(d.QR, printing.QRMedium, 384)
	if err != nil || m != want {
		t.Fatalf("module %d dots, encoder asks %d (%v)", m, want, err)
	}
	if c := r.Ink.Min.X + r.Ink.Dx()/2; c < 191 || c > 193 {
		t.Errorf("QR centred at x=%d", c)
	}
	// Sample the centre of every module: the picture holds exactly the symbol.
	bad := 0
	for y := range n {
		for x := range n {
			px := img.GrayAt(r.Ink.Min.X+x*m+m/2, r.Ink.Min.Y+y*m+m/2).Y
			if (px < 128) != bm[y][x] {
				bad++
			}
		}
	}
	if bad != 0 {
		t.Errorf("%d of %d modules differ from the QR symbol", bad, n*n)
	}
	// Quiet zone: nothing inked beside the symbol on its rows.
	if k := dark(img, image.Rect(0, r.Ink.Min.Y, r.Ink.Min.X-4*m, r.Ink.Max.Y)); k != 0 {
		t.Errorf("%d dark pixels in the left quiet zone", k)
	}
}

func TestBarcodeBarsFollowCode128(t *testing.T) {
	s := printing.NewSlip("x").Barcode("A001-42")
	img, regions := render(t, s, 48)
	r := find(t, regions, printing.KindBarcode, "A001-42")
	widths, err := printing.Code128("A001-42")
	if err != nil {
		t.Fatal(err)
	}
	w, _ := printing.Code128ModuleWidth(7, 576)
	if r.Ink.Dx() != printing.Code128Modules(7)*w {
		t.Fatalf("barcode %d dots wide, want %d", r.Ink.Dx(), printing.Code128Modules(7)*w)
	}
	y := r.Ink.Min.Y + BarcodeHeight/2
	x := r.Ink.Min.X
	for i, el := range widths {
		for k := 0; k < int(el)*w; k++ {
			if inked := img.GrayAt(x, y).Y < 128; inked != (i%2 == 0) {
				t.Fatalf("element %d at x=%d: inked=%v", i, x, inked)
			}
			x++
		}
	}
	// The human-readable text is printed below the bars.
	below := image.Rect(0, r.Ink.Max.Y, img.Rect.Dx(), r.Ink.Max.Y+LineHeight)
	if dark(img, below) < 50 {
		t.Error("no human-readable text under the barcode")
	}
}

func TestHeightGrowsWithContent(t *testing.T) {
	s := printing.NewSlip("x").Text("第一行", printing.Plain)
	a, _ := render(t, s, 32)
	s.Text("第二行", printing.Plain)
	b, _ := render(t, s, 32)
	if b.Rect.Dy() != a.Rect.Dy()+LineHeight {
		t.Errorf("one more line: height %d → %d, want +%d", a.Rect.Dy(), b.Rect.Dy(), LineHeight)
	}
	s.Text(strings.Repeat("长", 40), printing.Plain) // 80 columns: 3 lines of 32
	c, _ := render(t, s, 32)
	if c.Rect.Dy() != b.Rect.Dy()+3*LineHeight {
		t.Errorf("a wrapped paragraph: height %d → %d, want +%d", b.Rect.Dy(), c.Rect.Dy(), 3*LineHeight)
	}
	d, _ := render(t, s, 48)
	if d.Rect.Dy() != b.Rect.Dy()+2*LineHeight {
		t.Errorf("80 mm wraps the paragraph in 2 lines: height %d, want %d", d.Rect.Dy(), b.Rect.Dy()+2*LineHeight)
	}
}

func TestNothingClipped(t *testing.T) {
	// No ink on the paper's outer margin rows, and every text line's ink inside the paper.
	for _, s := range append([]*printing.Slip{printing.TicketSlip(ticketData()), printing.TestSlip(testData())}, printing.Samples()...) {
		for _, cols := range []int{32, 48} {
			img, regions := render(t, s, cols)
			if k := dark(img, image.Rect(0, 0, img.Rect.Dx(), Margin)); k != 0 {
				t.Errorf("%s/%d: %d dark pixels in the top margin", s.Name, cols, k)
			}
			last := regions[len(regions)-1].Rect.Max.Y
			if img.Rect.Dy() != last+Margin {
				t.Errorf("%s/%d: paper %d high, content ends at %d", s.Name, cols, img.Rect.Dy(), last)
			}
			for _, r := range regions {
				if !r.Ink.In(img.Rect) {
					t.Errorf("%s/%d: %s %q drawn at %v, outside the paper %v", s.Name, cols, r.Kind, r.Text, r.Ink, img.Rect)
				}
			}
		}
	}
}

func TestCutIsADashedLineAtTheEnd(t *testing.T) {
	img, regions := render(t, printing.TicketSlip(ticketData()), 32)
	cut := regions[len(regions)-1]
	if cut.Kind != printing.KindCut {
		t.Fatalf("last region is %s", cut.Kind)
	}
	y := cut.Ink.Min.Y
	on, runs := 0, 0
	prev := false
	for x := range img.Rect.Dx() {
		d := img.GrayAt(x, y).Y < 128
		if d {
			on++
		}
		if d && !prev {
			runs++
		}
		prev = d
	}
	if runs < 20 || on > img.Rect.Dx()*3/4 || on < img.Rect.Dx()/2 {
		t.Errorf("cut line: %d dashes, %d of %d dots inked", runs, on, img.Rect.Dx())
	}
}

func TestLineSpacingAndFullCut(t *testing.T) {
	s := printing.NewSlip("x").Text("第一行", printing.Plain).Text("第二行", printing.Plain).FullCut()
	_, a := render(t, s, 32)
	s.LineSpacing = 40
	img, b := render(t, s, 32)
	if h := b[1].Rect.Min.Y - b[0].Rect.Min.Y; h != 40 || a[1].Rect.Min.Y-a[0].Rect.Min.Y != LineHeight {
		t.Errorf("line pitch %d at spacing 40, %d by default", h, a[1].Rect.Min.Y-a[0].Rect.Min.Y)
	}
	// A full cut is dashed across the whole paper, the hinge included.
	y := b[2].Ink.Min.Y
	if img.GrayAt(img.Rect.Dx()/2-2, y).Y > 128 && img.GrayAt(img.Rect.Dx()/2+2, y).Y > 128 {
		t.Error("a full cut leaves a hinge in the middle")
	}
	_, pr := render(t, printing.NewSlip("x").Text("a", printing.Plain).Cut(), 32)
	pimg, _ := render(t, printing.NewSlip("x").Text("a", printing.Plain).Cut(), 32)
	if k := dark(pimg, image.Rect(pimg.Rect.Dx()/2-10, pr[1].Ink.Min.Y, pimg.Rect.Dx()/2+10, pr[1].Ink.Max.Y)); k != 0 {
		t.Errorf("a partial cut has %d dark dots at its hinge", k)
	}
}

func TestRenderRefusesBadInput(t *testing.T) {
	if _, _, err := Render(nil, 32); err == nil {
		t.Error("nil slip rendered")
	}
	if _, _, err := Render(printing.NewSlip("x"), 4); err == nil {
		t.Error("4 columns rendered")
	}
	if _, err := PNG(printing.NewSlip("x").QR(strings.Repeat("x", 3000), printing.QRMedium), 32); err == nil {
		t.Error("a QR payload too long for any symbol rendered")
	}
	if _, err := PNG(printing.NewSlip("x").Barcode("TC01-20261126-0042"), 32); err == nil {
		t.Error("an 18-character barcode rendered on 58 mm paper")
	}
}

// TestWriteSlipPreviews writes the ticket slip (80 mm) and the test page (58 mm) as PNG
// files into $SCREENSHOTS_DIR (relative to the module root when not absolute), for a
// person to look at: make screenshots sets it to docs/screenshots.
func TestWriteSlipPreviews(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("SCREENSHOTS_DIR is not set: set it (e.g. SCREENSHOTS_DIR=docs/screenshots) to write slip-ticket.png and slip-test.png")
	}
	if !filepath.IsAbs(dir) {
		root, err := moduleRoot()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(root, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	docs := map[string]struct {
		s    *printing.Slip
		cols int
	}{}
	for name, out := range map[string]struct {
		s    *printing.Slip
		cols int
	}{
		"slip-ticket.png": {printing.TicketSlip(ticketData()), 48},
		"slip-test.png":   {printing.TestSlip(testData()), 32},
	} {
		docs[name] = out
	}
	for _, d := range printing.Samples() {
		if d.Name != printing.DocTicket && d.Name != printing.DocTest {
			docs["slip-"+d.Name+".png"] = struct {
				s    *printing.Slip
				cols int
			}{d, 48}
		}
	}
	docs["slip-receipt-58mm.png"] = struct {
		s    *printing.Slip
		cols int
	}{printing.Samples()[3], 32}
	for name, out := range docs {
		b, err := PNG(out.s, out.cols)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", path, len(b))
	}
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
