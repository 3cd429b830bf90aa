package escpos_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"servicehall/printing"
	"servicehall/printing/escpos"
)

func ticket() *printing.Slip {
	return printing.TicketSlip(printing.TicketSlipData{
		Hall:      "天城市政务服务中心",
		Title:     "排队取号凭条",
		Number:    "A001",
		Service:   "户籍办理（身份证、户口迁移）",
		AheadLine: "前面还有 3 人",
		Issued:    "取号时间 2026-11-26 09:45",
		QR:        "https://zwfw.tiancheng.gov.cn/q/TC01/20261126/A001",
		QRCaption: "扫码查看排队进度",
		Footer:    "请留意叫号，过号需重新取号。办件编号 TC01-20261126-0042",
	})
}

func testPage() *printing.Slip {
	return printing.TestSlip(printing.TestSlipData{
		Hall:    "天城市政务服务中心",
		QR:      "https://zwfw.tiancheng.gov.cn/printer-test?t=20261126T094500",
		Time:    "2026-11-26 09:45:00",
		Printer: "tcp:192.168.1.50:9100 · 80mm GB18030",
	})
}

// mixed has what the builders do not: a barcode, a character outside GBK, symbols
// escaped in barcodes, right alignment, feeds and two cuts.
func mixed() *printing.Slip {
	return printing.NewSlip("mixed").
		Text("吉祥的𠮷字 and ≥ ½ € ①", printing.Plain).
		Text("右对齐 right", printing.Style{Align: printing.AlignRight}).
		Barcode("A{1}-42").
		Feed(3).
		Cut().
		Text("第二张", printing.Style{Bold: true, Size: printing.SizeDoubleWidth}).
		QR("第二张的二维码 payload in UTF-8", printing.QRSmall).
		Rule("=").
		Cut()
}

var profiles = []escpos.Profile{escpos.Profile58, escpos.Profile80, escpos.Profile58.WithUTF8(), escpos.Profile80.WithUTF8()}

// expected turns a slip's layout into the items the printer should print.
func expected(s *printing.Slip, cols int) []escpos.Item {
	var out []escpos.Item
	for _, b := range s.Layout(cols) {
		switch b.Kind {
		case printing.KindText:
			out = append(out, escpos.Item{Kind: printing.KindText, Text: b.Text, Style: b.Style})
		case printing.KindSeparator:
			out = append(out, escpos.Item{Kind: printing.KindText, Text: b.Text})
		case printing.KindQR, printing.KindBarcode:
			out = append(out, escpos.Item{Kind: b.Kind, Payload: b.Payload})
		case printing.KindFeed:
			out = append(out, escpos.Item{Kind: b.Kind, Lines: b.Lines})
		case printing.KindCut:
			out = append(out, escpos.Item{Kind: b.Kind, Partial: !b.Full})
		}
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	slips := map[string]*printing.Slip{"ticket": ticket(), "test": testPage()}
	for name, s := range slips {
		for _, p := range profiles {
			t.Run(name+"/"+p.String(), func(t *testing.T) { roundTrip(t, s, p) })
		}
	}
	// The barcode of mixed() is too long for 58 mm only if it were over 14 characters.
	for _, p := range profiles {
		t.Run("mixed/"+p.String(), func(t *testing.T) { roundTrip(t, mixed(), p) })
	}
}

func roundTrip(t *testing.T, s *printing.Slip, p escpos.Profile) {
	t.Helper()
	data, err := escpos.Encode(s, p)
	if err != nil {
		t.Fatal(err)
	}
	d, err := escpos.Decode(data)
	if err != nil {
		t.Fatalf("Decode: %v\n% x", err, data)
	}
	if d.LineSpacing != s.LineSpacing {
		t.Errorf("line spacing %d, slip asks %d", d.LineSpacing, s.LineSpacing)
	}
	if !d.Initialized || d.ChineseMode != p.ChineseMode {
		t.Errorf("initialized %v, Chinese mode %v; profile %s", d.Initialized, d.ChineseMode, p)
	}
	want := expected(s, p.Columns)
	if len(d.Items) != len(want) {
		t.Fatalf("%d items decoded, want %d:\n got %+v\nwant %+v", len(d.Items), len(want), d.Items, want)
	}
	for i, w := range want {
		g := d.Items[i]
		switch w.Kind {
		case printing.KindText:
			if g.Kind != w.Kind || g.Text != w.Text || g.Style != w.Style {
				t.Errorf("item %d: got %s %q %+v, want text %q %+v", i, g.Kind, g.Text, g.Style, w.Text, w.Style)
			}
			if wd := printing.Width(g.Text) * g.Style.Size.ScaleX(); wd > p.Columns {
				t.Errorf("item %d: %q is %d columns on %d-column paper", i, g.Text, wd, p.Columns)
			}
		case printing.KindQR:
			if g.Kind != w.Kind || g.Payload != w.Payload || g.Level != 'M' || g.Module < 3 || g.Style.Align != printing.AlignCenter {
				t.Errorf("item %d: got %+v, want QR %q level M centred", i, g, w.Payload)
			}
		case printing.KindBarcode:
			if g.Kind != w.Kind || g.Payload != w.Payload || g.Height != escpos.BarcodeHeight || g.Module < 2 {
				t.Errorf("item %d: got %+v, want barcode %q", i, g, w.Payload)
			}
		case printing.KindFeed:
			if g.Kind != w.Kind || g.Lines != w.Lines {
				t.Errorf("item %d: got %+v, want feed %d", i, g, w.Lines)
			}
		case printing.KindCut:
			if g.Kind != w.Kind || g.Partial != w.Partial {
				t.Errorf("item %d: got %+v, want a cut, partial %v", i, g, w.Partial)
			}
		}
	}
	if n := strings.Count(d.Text(), "\n") + 1; n != len(d.Lines()) {
		t.Errorf("Text has %d lines, Lines %d", n, len(d.Lines()))
	}
}

func TestTicketContentSurvives(t *testing.T) {
	for _, p := range profiles {
		data, err := escpos.Encode(ticket(), p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := escpos.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		text := d.Text()
		for _, want := range []string{"天城市政务服务中心", "A001", "前面还有 3 人", "2026-11-26 09:45", "TC01-20261126-0042"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q not printed:\n%s", p, want, text)
			}
		}
		if qr := d.QRPayloads(); len(qr) != 1 || qr[0] != "https://zwfw.tiancheng.gov.cn/q/TC01/20261126/A001" {
			t.Errorf("%s: QR payloads %q", p, qr)
		}
		if d.Cuts() != 1 {
			t.Errorf("%s: %d cuts", p, d.Cuts())
		}
		// GB18030 text carries no UTF-8 and vice versa: the number line's bytes differ.
		hall := []byte("天城市")
		if p.ChineseMode == bytes.Contains(data, hall) {
			t.Errorf("%s: UTF-8 hall name present = %v", p, !p.ChineseMode)
		}
	}
}

func TestExactBytes(t *testing.T) {
	gbInit := []byte{0x1b, 0x40, 0x1c, 0x26}
	utfInit := []byte{0x1b, 0x40, 0x1c, 0x2e}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	qr := func(module byte, payload string) []byte {
		n := len(payload) + 3
		return cat([]byte{0x1b, 0x61, 0x01}, // centre
			[]byte{0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00},                              // 165: model 2
			[]byte{0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, module},                                  // 167: module size
			[]byte{0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31},                                    // 169: level M
			[]byte{0x1d, 0x28, 0x6b, byte(n % 256), byte(n / 256), 0x31, 0x50, 0x30}, []byte(payload), // 180: store
			[]byte{0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30}) // 181: print
	}
	long := strings.Repeat("0123456789", 30) // 300 bytes: pL pH = 303 = 0x2f 0x01
	mod, err := printing.QRModuleSize(long, printing.QRMedium, 384)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		slip *printing.Slip
		prof escpos.Profile
		want []byte
	}{
		{"styles", printing.NewSlip("x").
			Text("A", printing.Style{Align: printing.AlignRight, Bold: true, Size: printing.SizeDouble}).
			Text("B", printing.Style{Align: printing.AlignRight, Bold: true, Size: printing.SizeDouble}).
			Text("C", printing.Style{Size: printing.SizeDoubleHeight}).
			Text("D", printing.Style{Size: printing.SizeDoubleWidth}).
			Text("E", printing.Plain),
			escpos.Profile58, cat(gbInit,
				[]byte{0x1b, 0x61, 0x02, 0x1b, 0x45, 0x01, 0x1d, 0x21, 0x11, 'A', 0x0a}, // right, bold, 2×2
				[]byte{'B', 0x0a}, // unchanged style: no commands
				[]byte{0x1b, 0x61, 0x00, 0x1b, 0x45, 0x00, 0x1d, 0x21, 0x01, 'C', 0x0a},
				[]byte{0x1d, 0x21, 0x10, 'D', 0x0a},
				[]byte{0x1d, 0x21, 0x00, 'E', 0x0a})},
		{"gb18030 outside GBK", printing.NewSlip("x").Text("𠮷中", printing.Plain), escpos.Profile58,
			cat(gbInit, []byte{0x95, 0x34, 0xb2, 0x35, 0xd6, 0xd0, 0x0a})},
		{"utf-8 mode", printing.NewSlip("x").Text("𠮷中", printing.Plain), escpos.Profile58.WithUTF8(),
			cat(utfInit, []byte("𠮷中\n"))},
		{"feed and cut", printing.NewSlip("x").Feed(4).Cut(), escpos.Profile80,
			cat(gbInit, []byte{0x1b, 0x64, 0x04}, []byte{0x1d, 0x56, 0x42, 0x00})},
		{"qr", printing.NewSlip("x").QR("A001", printing.QRMedium), escpos.Profile80,
			cat(gbInit, qr(byte(mustModule(t, "A001", 576)), "A001"))},
		{"qr 300 bytes", printing.NewSlip("x").QR(long, printing.QRMedium), escpos.Profile58,
			cat(gbInit, qr(byte(mod), long))},
		{"barcode", printing.NewSlip("x").Barcode("A{1"), escpos.Profile80,
			cat(gbInit, []byte{0x1b, 0x61, 0x01},
				[]byte{0x1d, 0x48, 0x02, 0x1d, 0x68, 0x40, 0x1d, 0x77, 0x03},
				[]byte{0x1d, 0x6b, 0x49, 0x06, '{', 'B', 'A', '{', '{', '1'})},
		{"line spacing and full cut", &printing.Slip{LineSpacing: 34, Blocks: []printing.Block{
			{Kind: printing.KindText, Text: "间"}, {Kind: printing.KindCut, Full: true}}}, escpos.Profile58,
			cat(gbInit, []byte{0x1b, 0x33, 34}, []byte{0xbc, 0xe4, 0x0a}, []byte{0x1d, 0x56, 0x41, 0x00})},
		{"separator", printing.NewSlip("x").Separator(), escpos.Profile58,
			cat(gbInit, []byte(strings.Repeat("-", 32)+"\n"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := escpos.Encode(tc.slip, tc.prof)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.want) {
				t.Errorf("bytes\n got % x\nwant % x", got, tc.want)
			}
			if _, err := escpos.Decode(got); err != nil {
				t.Errorf("Decode: %v", err)
			}
		})
	}
	// The 300-byte store command's length bytes, spelled out.
	data, _ := escpos.Encode(printing.NewSlip("x").QR(long, printing.QRMedium), escpos.Profile58)
	if !bytes.Contains(data, []byte{0x1d, 0x28, 0x6b, 0x2f, 0x01, 0x31, 0x50, 0x30, '0', '1'}) {
		t.Errorf("store header for 300 bytes is not 1d 28 6b 2f 01 31 50 30: % x", data[:64])
	}
}

func mustModule(t *testing.T, payload string, dots int) int {
	t.Helper()
	m, err := printing.QRModuleSize(payload, printing.QRMedium, dots)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Characters outside GBK take GB18030's 4-byte form. 𠮷 is U+20BB7: 95 34 B2 35
// (0x20BB7 − 0x10000 = 68535 = 5·12600 + 4·1260 + 49·10 + 5). U+20000 𠀀, the first
// character of CJK Extension B, is 95 32 82 36.
func TestGB18030FourByteRoundTrip(t *testing.T) {
	for text, want := range map[string][]byte{
		"𠮷":          {0x95, 0x34, 0xb2, 0x35},
		"\U00020000": {0x95, 0x32, 0x82, 0x36},
		"€":          {0xa2, 0xe3},
		"中":          {0xd6, 0xd0},
	} {
		s := printing.NewSlip("x").Text(text, printing.Plain)
		data, err := escpos.Encode(s, escpos.Profile58)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, append(want, 0x0a)) {
			t.Errorf("%q (U+%04X) not encoded as % x: % x", text, []rune(text)[0], want, data)
		}
		d, err := escpos.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Text(); got != text {
			t.Errorf("% x decoded as %q, want %q", want, got, text)
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		s *printing.Slip
		p escpos.Profile
	}{
		"nil slip":                 {nil, escpos.Profile58},
		"zero profile":             {ticket(), escpos.Profile{}},
		"barcode not ASCII":        {printing.NewSlip("x").Barcode("号码"), escpos.Profile80},
		"barcode too long for 58":  {printing.NewSlip("x").Barcode("TC01-20261126-0042"), escpos.Profile58},
		"QR too long for a symbol": {printing.NewSlip("x").QR(strings.Repeat("x", 3000), printing.QRMedium), escpos.Profile80},
		"QR too long for ESC/POS":  {printing.NewSlip("x").QR(strings.Repeat("x", 8000), printing.QRMedium), escpos.Profile80},
	} {
		if data, err := escpos.Encode(tc.s, tc.p); err == nil {
			t.Errorf("%s: encoded %d bytes", name, len(data))
		}
	}
	// The same tracking number fits 80 mm.
	if _, err := escpos.Encode(printing.NewSlip("x").Barcode("TC01-20261126-0042"), escpos.Profile80); err != nil {
		t.Errorf("tracking number barcode on 80 mm: %v", err)
	}
}

func TestControlCharactersNeverReachThePrinter(t *testing.T) {
	// Text smuggling ESC/POS commands (a cut, a reset) prints as text or not at all.
	s := printing.NewSlip("x").Text("A\x1dV\x42\x00B\x1b@C\rD\tE", printing.Plain)
	data, err := escpos.Encode(s, escpos.Profile58)
	if err != nil {
		t.Fatal(err)
	}
	d, err := escpos.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if d.Cuts() != 0 || d.Text() != "AVBB@CD E" {
		t.Errorf("decoded %q with %d cuts", d.Text(), d.Cuts())
	}
}

func TestDecodeRejects(t *testing.T) {
	gb := []byte{0x1b, 0x40, 0x1c, 0x26}
	cat := func(b ...[]byte) []byte { return bytes.Join(b, nil) }
	for name, data := range map[string][]byte{
		"unknown ESC":            {0x1b, 'z'},
		"unknown GS":             {0x1d, 'Z', 0},
		"unknown FS":             {0x1c, 'Z'},
		"truncated ESC":          {0x1b},
		"truncated ESC a":        {0x1b, 'a'},
		"truncated GS ( k":       {0x1d, '(', 'k', 0x10, 0x00, 0x31},
		"GS ( k length 1":        {0x1d, '(', 'k', 0x01, 0x00, 0x31},
		"GS ( k not QR":          {0x1d, '(', 'k', 0x03, 0x00, 0x30, 0x43, 0x03},
		"QR print without data":  {0x1d, '(', 'k', 0x03, 0x00, 0x31, 0x51, 0x30},
		"QR module 0":            {0x1d, '(', 'k', 0x03, 0x00, 0x31, 0x43, 0x00},
		"QR unknown function":    {0x1d, '(', 'k', 0x03, 0x00, 0x31, 0x52, 0x30},
		"alignment 5":            {0x1b, 'a', 5},
		"size 3×":                {0x1d, '!', 0x22},
		"bell":                   {0x07},
		"text not ended":         []byte("abc"),
		"text before a cut":      {'a', 0x1d, 'V', 0x42, 0x00},
		"bold mid-line":          {'a', 0x1b, 'E', 1, 'b', 0x0a},
		"mode change mid-line":   {'a', 0x1c, '.', 0x0a},
		"bad GB18030":            cat(gb, []byte{0x81, 0x20, 0x0a}),
		"truncated GB18030":      cat(gb, []byte{0x95, 0x32, 0x82, 0x0a}),
		"bad UTF-8":              {0x1c, '.', 0xff, 0xfe, 0x0a},
		"barcode not Code128":    {0x1d, 'k', 0x04, 'A', 0x00},
		"barcode without {B":     {0x1d, 'k', 73, 3, 'A', 'B', 'C'},
		"barcode code set C":     {0x1d, 'k', 73, 6, '{', 'B', 'A', '{', 'C', 0x01},
		"barcode cut short":      {0x1d, 'k', 73, 9, '{', 'B', 'A'},
		"unknown cut":            {0x1d, 'V', 7},
		"cut without its n":      {0x1d, 'V', 66},
		"barcode module width 9": {0x1d, 'w', 9},
		"DLE EOT 3":              {0x10, 0x04, 3},
		"DLE cut short":          {0x10, 0x04},
		"unknown DLE":            {0x10, 0x05, 1},
	} {
		d, err := escpos.Decode(data)
		if err == nil {
			t.Errorf("%s: decoded % x as %+v", name, data, d)
			continue
		}
		var de *escpos.DecodeError
		if !errors.As(err, &de) || de.Offset < 0 || de.Offset > len(data) {
			t.Errorf("%s: error %v is not a DecodeError with an offset in the data", name, err)
		}
	}
}

func TestDecodeAcceptsOtherCutsAndStates(t *testing.T) {
	d, err := escpos.Decode([]byte{0x1d, 'V', 0x00, 0x1d, 'V', '1', 0x1d, 'V', 65, 3, 0x1b, 'a', '1', 'x', 0x0a})
	if err != nil {
		t.Fatal(err)
	}
	if d.Cuts() != 3 || d.Items[0].Partial || !d.Items[1].Partial || d.Items[2].Partial || d.Items[2].Lines != 3 {
		t.Errorf("cuts %+v", d.Items)
	}
	if l := d.Lines(); len(l) != 1 || l[0].Style.Align != printing.AlignCenter || d.ChineseMode || d.Initialized {
		t.Errorf("lines %+v, mode %v, init %v", l, d.ChineseMode, d.Initialized)
	}
}

func TestParseProfile(t *testing.T) {
	for in, want := range map[string]escpos.Profile{
		"58":        escpos.Profile58,
		"58mm":      escpos.Profile58,
		" 80MM ":    escpos.Profile80,
		"80mm-utf8": escpos.Profile80.WithUTF8(),
		"58-UTF-8":  escpos.Profile58.WithUTF8(),
	} {
		got, err := escpos.ParseProfile(in)
		if err != nil || got != want {
			t.Errorf("ParseProfile(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "76mm", "80mm-latin1", "mm"} {
		if _, err := escpos.ParseProfile(bad); err == nil || !strings.Contains(err.Error(), "58mm or 80mm") {
			t.Errorf("ParseProfile(%q): %v", bad, err)
		}
	}
	if s := fmt.Sprint(escpos.Profile58, " ", escpos.Profile80.WithUTF8()); s != "58mm GB18030 80mm UTF-8" {
		t.Errorf("profile names %q", s)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range append([]*printing.Slip{ticket(), testPage(), mixed()}, printing.Samples()...) {
		for _, p := range profiles {
			data, err := escpos.Encode(s, p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte{0x1d, '(', 'k', 0xff, 0xff, 0x31})
	f.Add([]byte{0x1d, 'k', 73, 0xff, '{'})
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := escpos.Decode(data)
		if err != nil {
			if d != nil {
				t.Fatal("a result with an error")
			}
			return
		}
		// Whatever decodes is well formed: text lines are valid UTF-8 without control bytes.
		for _, it := range d.Lines() {
			for _, r := range it.Text {
				if r < 0x20 {
					t.Fatalf("control character in decoded line %q", it.Text)
				}
			}
		}
	})
}

func BenchmarkEncodeTicketSlip(b *testing.B) {
	s := ticket()
	for _, p := range []escpos.Profile{escpos.Profile58, escpos.Profile80.WithUTF8()} {
		b.Run(strings.ReplaceAll(p.String(), " ", "-"), func(b *testing.B) {
			var n int
			for b.Loop() {
				data, err := escpos.Encode(s, p)
				if err != nil {
					b.Fatal(err)
				}
				n = len(data)
			}
			b.ReportMetric(float64(n), "bytes/slip")
		})
	}
}
