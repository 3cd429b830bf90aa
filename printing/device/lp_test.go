package device_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"servicehall/printing"
	"servicehall/printing/device"
	"servicehall/printing/escpos"
	"servicehall/printing/pdf"
)

// fakeCUPS puts lp and lpstat scripts first in PATH: lp saves its arguments and standard
// input in dir, lpstat -e lists two queues. It returns dir.
func fakeCUPS(t *testing.T, withLPStat bool) string {
	t.Helper()
	dir := t.TempDir()
	lp := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir + "/args\ncat > " + dir + "/data\necho 'request id is Slips-7 (1 file(s))'\n"
	if err := os.WriteFile(filepath.Join(dir, "lp"), []byte(lp), 0o755); err != nil {
		t.Fatal(err)
	}
	if withLPStat {
		lpstat := "#!/bin/sh\n[ \"$1\" = -e ] || exit 1\nprintf 'Slips_80mm\\nHP_LaserJet_A4\\n'\n"
		if err := os.WriteFile(filepath.Join(dir, "lpstat"), []byte(lpstat), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// cat and printf come from the real PATH; ours goes first.
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

func TestLPSendsSlipsRawAndPDFsAsDocuments(t *testing.T) {
	dir := fakeCUPS(t, false)
	slip := encode(t, slip("A001"), escpos.Profile58)
	if err := device.Send(context.Background(), "lp:Slips_80mm", slip); err != nil {
		t.Fatal(err)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	data, _ := os.ReadFile(filepath.Join(dir, "data"))
	if string(args) != "-d\nSlips_80mm\n-o\nraw\n" || !bytes.Equal(data, slip) {
		t.Errorf("lp got args %q and %d bytes (want %d)", args, len(data), len(slip))
	}
	doc, err := pdf.Render(printing.Samples()[3], pdf.A4)
	if err != nil {
		t.Fatal(err)
	}
	res, err := device.SendJob(context.Background(), "lp:HP_LaserJet_A4", doc)
	if err != nil || !res.Written || res.Before.Known {
		t.Fatalf("PDF to lp: %+v, %v", res, err)
	}
	args, _ = os.ReadFile(filepath.Join(dir, "args"))
	data, _ = os.ReadFile(filepath.Join(dir, "data"))
	if string(args) != "-d\nHP_LaserJet_A4\n" || !bytes.Equal(data, doc) {
		t.Errorf("lp got args %q and %d bytes (want the %d-byte PDF)", args, len(data), len(doc))
	}
	// lp failing (unknown queue) is an error that says what lp said.
	if err := os.WriteFile(filepath.Join(dir, "lp"), []byte("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := device.Send(context.Background(), "lp:Nope", slip); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("lp failure: %v", err)
	}
}

func TestLPWithoutCUPS(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := device.Open("lp:Slips")
	if !errors.Is(err, device.ErrNoLP) || !strings.Contains(err.Error(), "cups-client") {
		t.Errorf("no lp: %v", err)
	}
	l := device.ListWith(context.Background(), []string{filepath.Join(t.TempDir(), "lp*")})
	if len(l.Queues) != 0 || !strings.Contains(l.CUPS, "not installed") {
		t.Errorf("listing without CUPS: %+v", l)
	}
	for _, bad := range []string{"lp:", "lp:My Printer", "lp:a/b"} {
		if _, err := device.ParseSpec(bad); err == nil {
			t.Errorf("ParseSpec(%q) accepted", bad)
		}
	}
}

func TestList(t *testing.T) {
	fakeCUPS(t, true)
	nodes := t.TempDir()
	for _, n := range []string{"lp1", "lp0", "other"} {
		if err := os.WriteFile(filepath.Join(nodes, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := device.ListWith(context.Background(), []string{filepath.Join(nodes, "lp*")})
	want := device.Listing{Queues: []string{"HP_LaserJet_A4", "Slips_80mm"},
		Nodes: []string{filepath.Join(nodes, "lp0"), filepath.Join(nodes, "lp1")}}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("List = %+v, want %+v", l, want)
	}
}

func TestPDFDevice(t *testing.T) {
	doc, err := pdf.Render(printing.Samples()[4], pdf.A4)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "notices", "n.pdf")
	if err := device.Send(context.Background(), "pdf:"+path, doc); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, doc) {
		t.Errorf("pdf: wrote %d bytes, want %d", len(got), len(doc))
	}
	// A folder gets a new file per document.
	dir := t.TempDir()
	for range 2 {
		if err := device.Send(context.Background(), "pdf:"+dir+"/", doc); err != nil {
			t.Fatal(err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "doc-*.pdf")); len(m) != 2 {
		t.Errorf("folder holds %q", m)
	}
	// ESC/POS to a pdf: printer is refused, and leaves no file behind.
	err = device.Send(context.Background(), "pdf:"+dir+"/", encode(t, slip("A001"), escpos.Profile80))
	if err == nil || !strings.Contains(err.Error(), "file: for slips") {
		t.Errorf("ESC/POS to pdf: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 2 {
		t.Errorf("after a refused job the folder holds %q", m)
	}
}

// Devices that cannot answer status print with an unknown status; a character device
// that cannot be polled (/dev/null) too.
func TestSendJobUnknownStatus(t *testing.T) {
	for _, spec := range []string{"file:" + filepath.Join(t.TempDir(), "x.prn"), "dev:/dev/null"} {
		res, err := device.SendJob(context.Background(), spec, []byte{0x1b, 0x40})
		if err != nil || !res.Written || res.Before.Known || res.After.Known {
			t.Errorf("%s: %+v, %v", spec, res, err)
		}
		if st, err := device.QueryStatus(context.Background(), spec); err != nil || st.Known {
			t.Errorf("%s status: %+v, %v", spec, st, err)
		}
	}
}

func TestDocPrinter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "receipt.pdf")
	p, err := device.NewDocPrinter("pdf:"+path, pdf.A5)
	if err != nil {
		t.Fatal(err)
	}
	var _ printing.Printer = p
	if err := p.Print(context.Background(), printing.Samples()[3]); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !device.IsPDF(got) || p.PageSize() != pdf.A5 || p.Spec() != "pdf:"+path {
		t.Errorf("wrote %d bytes, not a PDF", len(got))
	}
	if _, err := device.NewDocPrinter("nowhere", pdf.A4); err == nil {
		t.Error("a spec without a scheme accepted")
	}
}

func TestStatusOf(t *testing.T) {
	err := fmt.Errorf("print ticket: %w", &device.StatusError{Spec: "tcp:x:9100", Status: printing.Status{Known: true, PaperOut: true}})
	if st, ok := device.StatusOf(err); !ok || !st.PaperOut || !strings.Contains(err.Error(), "paper_out") {
		t.Errorf("StatusOf(%v) = %+v, %v", err, st, ok)
	}
	if _, ok := device.StatusOf(errors.New("other")); ok {
		t.Error("status from a plain error")
	}
}
