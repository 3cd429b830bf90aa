package printing

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func sampleTicket() TicketSlipData {
	return TicketSlipData{
		Hall:      "天城市政务服务中心",
		Title:     "排队取号凭条",
		Number:    "A001",
		Service:   "户籍办理",
		AheadLine: "前面还有 3 人",
		Issued:    "取号时间 2026-11-26 09:45",
		QR:        "https://zwfw.tiancheng.gov.cn/q/TC01/20261126/A001",
		QRCaption: "扫码查看排队进度",
		Footer:    "请留意叫号，过号需重新取号。办件编号 TC01-20261126-0042",
	}
}

func kinds(blocks []Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		b.WriteString(bl.Kind.String()[:1])
	}
	return b.String()
}

func TestTicketSlipLayout(t *testing.T) {
	s := TicketSlip(sampleTicket())
	for _, cols := range []int{32, 48} {
		lines := s.Layout(cols)
		var number *Block
		for i, b := range lines {
			switch b.Kind {
			case KindText:
				if w := Width(b.Text) * b.Style.Size.ScaleX(); w > cols {
					t.Errorf("%d cols: line %q is %d columns wide", cols, b.Text, w)
				}
				if b.Text == "A001" {
					number = &lines[i]
				}
			case KindSeparator:
				if len(b.Text) != cols || strings.Trim(b.Text, "-") != "" {
					t.Errorf("%d cols: separator %q", cols, b.Text)
				}
			}
		}
		if number == nil || number.Style != (Style{Align: AlignCenter, Bold: true, Size: SizeDouble}) {
			t.Errorf("%d cols: number line %+v", cols, number)
		}
		if last := lines[len(lines)-1]; last.Kind != KindCut {
			t.Errorf("%d cols: slip ends with %s, not a cut", cols, last.Kind)
		}
	}
	// 58 mm wraps the footer after 16 Chinese characters; the tracking number stays whole.
	var footer []string
	for _, b := range s.Layout(32) {
		if b.Kind == KindText && b.Style == Centered {
			footer = append(footer, b.Text)
		}
	}
	if got := footer[len(footer)-2:]; got[0] != "请留意叫号，过号需重新取号。办件" || got[1] != "编号 TC01-20261126-0042" {
		t.Errorf("footer lines %q", got)
	}
	if got, want := kinds(s.Layout(48)), "ttstttstqtttfc"; got != want {
		t.Errorf("ticket blocks %s, want %s", got, want)
	}
	if got := qrPayloads(s); len(got) != 1 || got[0] != sampleTicket().QR {
		t.Errorf("QR payloads %q", got)
	}
}

// qrPayloads lists the QR payloads of a slip.
func qrPayloads(s *Slip) []string {
	var out []string
	for _, b := range s.Blocks {
		if b.Kind == KindQR {
			out = append(out, b.Payload)
		}
	}
	return out
}

func TestTicketSlipLeavesOutEmptyFields(t *testing.T) {
	s := TicketSlip(TicketSlipData{Number: "B012"})
	if got, want := kinds(s.Blocks), "stsfc"; got != want {
		t.Errorf("blocks %s, want %s", got, want)
	}
}

func TestTestSlip(t *testing.T) {
	s := TestSlip(TestSlipData{Hall: "天城市政务服务中心", QR: "test", Time: "2026-11-26 09:45:00", Printer: "file:/tmp/x 58mm GB18030"})
	lines := s.Layout(32)
	var texts []string
	for _, b := range lines {
		if b.Kind == KindText || b.Kind == KindSeparator {
			texts = append(texts, b.Text)
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{DefaultTestTitle, DefaultTestSample, "12345678901234567890123456789012", "2026-11-26 09:45:00", "天城市政务服务中心"} {
		if !strings.Contains(all, want) {
			t.Errorf("test page lacks %q:\n%s", want, all)
		}
	}
	styles := map[Style]bool{}
	for _, b := range lines {
		if b.Kind == KindText {
			styles[b.Style] = true
		}
	}
	for _, st := range []Style{{}, {Align: AlignCenter, Bold: true}, {Align: AlignRight}, {Size: SizeDoubleHeight}, {Size: SizeDoubleWidth}} {
		if !styles[st] {
			t.Errorf("test page shows no line in style %+v", st)
		}
	}
	if qrPayloads(s)[0] != "test" || lines[len(lines)-1].Kind != KindCut {
		t.Error("test page lacks its QR or cut")
	}
}

func TestLayoutCleansAndWrapsDoubleWidth(t *testing.T) {
	s := NewSlip("x").Text("一二三四五六七八九十", Style{Size: SizeDoubleWidth}).Text("a\x1b@b", Plain).Rule("").Rule("=*")
	lines := s.Layout(8) // 8 columns, 4 at double width: 2 Chinese characters a line
	want := []string{"一二", "三四", "五六", "七八", "九十", "a@b", "--------", "=*=*=*=*"}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(lines), len(want), lines)
	}
	for i, w := range want {
		if lines[i].Text != w {
			t.Errorf("line %d = %q, want %q", i, lines[i].Text, w)
		}
	}
	if got := NewSlip("x").Rule("-").Layout(2); len(got[0].Text) != MinColumns {
		t.Errorf("a 2-column layout is not raised to MinColumns: %q", got[0].Text)
	}
}

func TestBuildersSkipEmpty(t *testing.T) {
	s := NewSlip("x").Text("", Plain).QR("", QRLarge).Barcode("").Feed(0).Feed(-3).Feed(1000)
	if len(s.Blocks) != 1 || s.Blocks[0].Lines != 255 {
		t.Errorf("blocks %+v", s.Blocks)
	}
}

func TestCode128Table(t *testing.T) {
	seen := map[string]bool{}
	for v, p := range code128Widths {
		sum, bars := 0, 0
		for i, c := range p {
			sum += int(c - '0')
			if i%2 == 0 {
				bars += int(c - '0')
			}
		}
		want := 11
		if v == code128Stop {
			want = 13
		}
		if sum != want || (v != code128Stop && len(p) != 6) {
			t.Errorf("value %d: pattern %s is %d modules", v, p, sum)
		}
		// Code 128 parity: the bars of every symbol add up to an even width.
		if bars%2 != 0 {
			t.Errorf("value %d: pattern %s has odd bar width %d", v, p, bars)
		}
		if seen[p] {
			t.Errorf("value %d: pattern %s repeated", v, p)
		}
		seen[p] = true
	}
}

func modulesString(widths []uint8) string {
	var b strings.Builder
	for i, w := range widths {
		c := "1"
		if i%2 == 1 {
			c = "0"
		}
		b.WriteString(strings.Repeat(c, int(w)))
	}
	return b.String()
}

func TestCode128(t *testing.T) {
	got, err := Code128("123")
	if err != nil {
		t.Fatal(err)
	}
	// Start B, '1', '2', '3', check (104+17·1+18·2+19·3 = 214 ≡ 8 mod 103), stop: the
	// module strings of the Code 128 specification.
	want := "11010010000" + "10011100110" + "11001110010" + "11001011100" + "10001100100" + "1100011101011"
	if s := modulesString(got); s != want {
		t.Errorf("Code128(123)\n got %s\nwant %s", s, want)
	}
	if n := len(modulesString(got)); n != Code128Modules(3) {
		t.Errorf("%d modules, Code128Modules says %d", n, Code128Modules(3))
	}
	for _, bad := range []string{"", "号码", "a\nb", "\x7f"} {
		if _, err := Code128(bad); err == nil {
			t.Errorf("Code128(%q) accepted", bad)
		}
	}
	if w, err := Code128ModuleWidth(14, 384); err != nil || w != 2 {
		t.Errorf("14 characters on 58 mm: width %d, %v", w, err)
	}
	if _, err := Code128ModuleWidth(15, 384); err == nil || !strings.Contains(err.Error(), "at most 14") {
		t.Errorf("15 characters on 58 mm: %v", err)
	}
	if w, err := Code128ModuleWidth(18, 576); err != nil || w != 2 {
		t.Errorf("a tracking number on 80 mm: width %d, %v", w, err)
	}
	if w, _ := Code128ModuleWidth(4, 576); w != 3 {
		t.Errorf("a short code on 80 mm: width %d, want 3", w)
	}
}

func TestQRModuleSize(t *testing.T) {
	url := sampleTicket().QR
	n, err := QRModules(url)
	if err != nil || n < 21 || (n-17)%4 != 0 {
		t.Fatalf("QRModules = %d, %v", n, err)
	}
	var prev int
	for _, hint := range []QRSize{QRSmall, QRMedium, QRLarge} {
		m, err := QRModuleSize(url, hint, 384)
		if err != nil {
			t.Fatal(err)
		}
		if m < 3 || m*n > 384 || m < prev {
			t.Errorf("hint %d: module %d × %d modules on 384 dots", hint, m, n)
		}
		prev = m
	}
	if m, _ := QRModuleSize("x", QRLarge, 576); m != MaxQRModule {
		t.Errorf("a tiny code on 80 mm: module %d, want the maximum %d", m, MaxQRModule)
	}
	long := strings.Repeat("9", 1500) // numeric mode: a large symbol, still encodable
	if n, err := QRModules(long); err != nil {
		t.Fatal(err)
	} else if _, err := QRModuleSize(long, QRMedium, 384); err != nil && n <= 384 {
		t.Errorf("a %d-module symbol refused on 384 dots: %v", n, err)
	}
	if _, err := QRModules(strings.Repeat("x", 3000)); err == nil {
		t.Error("a 3000-byte payload fits no QR symbol but was accepted")
	}
	if _, err := QRModules(""); err == nil {
		t.Error("empty payload accepted")
	}
}

func TestPrinterFunc(t *testing.T) {
	var got *Slip
	var p Printer = PrinterFunc(func(_ context.Context, s *Slip) error { got = s; return errors.New("no paper") })
	s := NewSlip("x")
	if err := p.Print(context.Background(), s); err == nil || got != s {
		t.Errorf("PrinterFunc: err %v, slip %p", err, got)
	}
}
