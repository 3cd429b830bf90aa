package printing

// TicketSlipData is what a queue-ticket slip (号票) shows. Every string arrives ready to
// print: translated by the caller (go-i18n) and, for times, formatted in the hall's time
// zone. Empty fields are left off the slip.
type TicketSlipData struct {
	Hall      string // the hall's name: "天城市政务服务中心"
	Title     string // the slip's title: "排队取号凭条"
	Number    string // the ticket number, printed large: "A001"
	Service   string // the service or queue: "户籍办理"
	AheadLine string // how many wait ahead: "前面还有 3 人"
	Issued    string // when the ticket was issued: "取号时间 2026-11-26 09:45"
	QR        string // the QR payload: a link to follow the queue on a phone
	QRCaption string // one line under the QR code: "扫码查看排队进度"
	Footer    string // last line: "请留意叫号，过号需重新取号"
}

// TicketSlip lays out a queue-ticket slip: hall and title, the number in double size,
// the service and the wait, the time, a QR code to follow the queue, a footer, a cut.
func TicketSlip(d TicketSlipData) *Slip {
	s := NewSlip(DocTicket)
	s.Title, s.Hall = d.Title, d.Hall
	s.Text(d.Hall, Style{Align: AlignCenter, Bold: true, Size: SizeDoubleHeight})
	s.Text(d.Title, Centered)
	s.Separator()
	s.Text(d.Number, Style{Align: AlignCenter, Bold: true, Size: SizeDouble})
	s.Text(d.Service, Style{Align: AlignCenter, Bold: true})
	s.Text(d.AheadLine, Centered)
	s.Separator()
	s.Text(d.Issued, Centered)
	s.QR(d.QR, QRMedium)
	s.Text(d.QRCaption, Centered)
	s.Text(d.Footer, Centered)
	s.Feed(1)
	return s.Cut()
}

// Defaults TestSlip uses for empty fields of TestSlipData.
const (
	DefaultTestTitle  = "打印机测试"
	DefaultTestSample = "中文 English 0123456789"
)

// TestSlipData is what a printer test page shows; strings arrive translated and
// formatted by the caller. Title and Sample fall back to DefaultTestTitle and
// DefaultTestSample when empty.
type TestSlipData struct {
	Hall    string // the hall's name
	Title   string // "打印机测试"
	Sample  string // a line mixing Chinese, English and digits, printed in every style
	QR      string // a QR payload to scan
	Time    string // "2026-11-26 09:45:00", in the hall's time zone
	Printer string // the printer spec and profile: "tcp:192.168.1.50:9100 · 80mm GB18030"
}

// TestSlip lays out a printer test page: the hall and title, a digit ruler exactly one
// line wide (a printer that wraps it has the wrong paper profile), the sample line in
// each alignment and size and in bold, a QR code, the time and the printer, and a cut.
func TestSlip(d TestSlipData) *Slip {
	if d.Title == "" {
		d.Title = DefaultTestTitle
	}
	if d.Sample == "" {
		d.Sample = DefaultTestSample
	}
	s := NewSlip(DocTest)
	s.Title, s.Hall = d.Title, d.Hall
	s.Text(d.Hall, Style{Align: AlignCenter, Bold: true})
	s.Text(d.Title, Style{Align: AlignCenter, Bold: true, Size: SizeDouble})
	s.Rule("1234567890")
	s.Text(d.Sample, Plain)
	s.Text(d.Sample, Style{Align: AlignCenter, Bold: true})
	s.Text(d.Sample, Style{Align: AlignRight})
	s.Text(d.Sample, Style{Size: SizeDoubleHeight})
	s.Text(d.Sample, Style{Size: SizeDoubleWidth})
	s.Separator()
	s.QR(d.QR, QRMedium)
	s.Text(d.Time, Plain)
	s.Text(d.Printer, Plain)
	s.Feed(1)
	return s.Cut()
}
