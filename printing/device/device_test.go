package device_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"servicehall/printing"
	"servicehall/printing/device"
	"servicehall/printing/escpos"
)

func slip(n string) *printing.Slip {
	return printing.TicketSlip(printing.TicketSlipData{
		Hall: "天城市政务服务中心", Title: "排队取号凭条", Number: n, Service: "户籍办理",
		AheadLine: "前面还有 3 人", Issued: "取号时间 2026-11-26 09:45",
		QR: "https://zwfw.tiancheng.gov.cn/q/" + n, Footer: "请留意叫号",
	})
}

func encode(t *testing.T, s *printing.Slip, p escpos.Profile) []byte {
	t.Helper()
	data, err := escpos.Encode(s, p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseSpec(t *testing.T) {
	for in, want := range map[string]device.Spec{
		"file:/tmp/slips/out.prn": {Scheme: device.SchemeFile, Target: "/tmp/slips/out.prn"},
		"file:relative/dir/":      {Scheme: device.SchemeFile, Target: "relative/dir/"},
		"tcp:192.168.1.50:9100":   {Scheme: device.SchemeTCP, Target: "192.168.1.50:9100"},
		"tcp:printer.local":       {Scheme: device.SchemeTCP, Target: "printer.local:9100"},
		"tcp:[fe80::1]:9101":      {Scheme: device.SchemeTCP, Target: "[fe80::1]:9101"},
		"tcp:[::1]":               {Scheme: device.SchemeTCP, Target: "[::1]:9100"},
		" dev:/dev/usb/lp0 ":      {Scheme: device.SchemeDev, Target: "/dev/usb/lp0"},
	} {
		got, err := device.ParseSpec(in)
		if err != nil || got != want {
			t.Errorf("ParseSpec(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lp0", "/dev/usb/lp0", "usb:/dev/usb/lp0", "file:", "tcp:", "tcp::9100",
		"tcp:host:port", "tcp:host:0", "tcp:host:70000", "tcp:::1", "dev:usb/lp0", "http://printer:9100"} {
		_, err := device.ParseSpec(bad)
		var se *device.SpecError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), device.Forms) {
			t.Errorf("ParseSpec(%q): %v; want a SpecError naming %s", bad, err, device.Forms)
		}
		if d, err := device.Open(bad); err == nil || d != nil {
			t.Errorf("Open(%q) opened %v", bad, d)
		}
	}
}

func TestFileDeviceWritesExactBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "slip.prn") // parents do not exist yet
	for _, n := range []string{"A001", "B2"} {               // the second print replaces the first
		want := encode(t, slip(n), escpos.Profile58)
		if err := device.Print(context.Background(), "file:"+path, slip(n), escpos.Profile58); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("file holds %d bytes, want the %d encoded", len(got), len(want))
		}
	}
}

func TestFileDeviceFolderGetsANewFilePerPrint(t *testing.T) {
	root := t.TempDir()
	for _, spec := range []string{"file:" + filepath.Join(root, "spool") + "/", "file:" + root} {
		seen := map[string]bool{}
		for _, n := range []string{"A001", "A002", "A003"} {
			d, err := device.Open(spec)
			if err != nil {
				t.Fatal(err)
			}
			f, ok := d.(*device.File)
			if !ok {
				t.Fatalf("%s opened a %T", spec, d)
			}
			want := encode(t, slip(n), escpos.Profile80)
			if _, err := d.Write(want); err != nil {
				t.Fatal(err)
			}
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			name := f.Name()
			if seen[name] || !strings.HasPrefix(filepath.Base(name), "slip-") || !strings.HasSuffix(name, ".prn") {
				t.Errorf("%s: file %s (seen before: %v)", spec, name, seen[name])
			}
			seen[name] = true
			if got, _ := os.ReadFile(name); !bytes.Equal(got, want) {
				t.Errorf("%s: %s holds %d bytes, want %d", spec, name, len(got), len(want))
			}
		}
	}
}

func TestFileDeviceRefusesWhatCannotBeWritten(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "plain")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A parent that is a file: no folder can be made under it.
	if _, err := device.Open("file:" + filepath.Join(blocker, "x.prn")); err == nil {
		t.Error("opened a file under a regular file")
	}
}

// listen starts a loopback printer that records everything each connection sends.
func listen(t *testing.T) (addr string, jobs <-chan []byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan []byte, 8)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				b, _ := io.ReadAll(c)
				ch <- b
			}()
		}
	}()
	return ln.Addr().String(), ch
}

func TestConcurrentPrintsEachArriveWhole(t *testing.T) {
	addr, jobs := listen(t)
	p, err := device.New("tcp:"+addr, escpos.Profile58)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	var wg sync.WaitGroup
	numbers := []string{"A1", "A0002", "A03", "A000000004", "A5", "A0000006"}
	for _, n := range numbers {
		want[string(encode(t, slip(n), escpos.Profile58))] = true
		wg.Go(func() {
			if err := p.Print(context.Background(), slip(n)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for range numbers {
		got := string(<-jobs)
		if !want[got] {
			t.Fatalf("the printer received %d bytes that are no single slip", len(got))
		}
		delete(want, got)
	}
}

func TestTCPDeviceSendsExactBytes(t *testing.T) {
	addr, jobs := listen(t)
	for _, p := range []escpos.Profile{escpos.Profile58, escpos.Profile80.WithUTF8()} {
		want := encode(t, slip("A001"), p)
		if err := device.Print(context.Background(), "tcp:"+addr, slip("A001"), p); err != nil {
			t.Fatal(err)
		}
		got := <-jobs
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: printer received %d bytes, want the %d encoded", p, len(got), len(want))
		}
		d, err := escpos.Decode(got)
		if err != nil || d.Cuts() != 1 || !strings.Contains(d.Text(), "A001") {
			t.Errorf("%s: received stream decodes to %v, %v", p, d, err)
		}
	}
}

func TestTCPRefusedFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	start := time.Now()
	d, err := device.Open("tcp:" + addr)
	took := time.Since(start)
	if err == nil {
		d.Close()
		t.Fatal("connected to a closed port")
	}
	if !errors.Is(err, syscall.ECONNREFUSED) || !strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q does not say the printer at %s refused", err, addr)
	}
	if took >= device.DialTimeout {
		t.Errorf("refusal took %s: it waited for the dial timeout instead of failing at once", took)
	}
}

func TestSendGivesUpWhenCancelled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept() // a jammed printer: it accepts and never reads
		if err == nil {
			accepted <- c
			cancel()
		}
	}()
	big := bytes.Repeat([]byte("x"), 64<<20) // far beyond the socket buffers
	err = device.Send(ctx, "tcp:"+ln.Addr().String(), big)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled send: %v", err)
	}
	(<-accepted).Close()

	// A folder print cancelled before it starts leaves no file behind.
	dir := t.TempDir()
	if err := device.Send(ctx, "file:"+dir+"/", []byte("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled file send: %v", err)
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("cancelled print left %d files", len(names))
	}
}

func TestDeviceNode(t *testing.T) {
	if err := device.Send(context.Background(), "dev:/dev/null", []byte{0x1b, 0x40}); err != nil {
		t.Errorf("dev:/dev/null: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "lp9")
	_, err := device.Open("dev:" + missing)
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "no printer at") {
		t.Errorf("missing node: %v", err)
	}
	if _, statErr := os.Stat(missing); !errors.Is(statErr, os.ErrNotExist) {
		t.Error("opening a missing node created a file")
	}
	// A node is written as it is, never truncated or created: a regular file stands in.
	node := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(node, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := device.Send(context.Background(), "dev:"+node, []byte("AB")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(node); string(got) != "AB23456789" {
		t.Errorf("node holds %q", got)
	}
}

func TestPrinter(t *testing.T) {
	if _, err := device.New("lp0", escpos.Profile58); err == nil {
		t.Error("New accepted a spec without a scheme")
	}
	path := filepath.Join(t.TempDir(), "out.prn")
	p, err := device.New("file:"+path, escpos.Profile80)
	if err != nil {
		t.Fatal(err)
	}
	var _ printing.Printer = p
	if p.Spec() != "file:"+path || p.Profile() != escpos.Profile80 {
		t.Errorf("printer %s %s", p.Spec(), p.Profile())
	}
	// Concurrent prints to one file leave it holding one whole slip. (Printer serialises
	// its prints with a mutex; this checks the outcome, it cannot catch every interleaving.)
	wants := map[string]bool{}
	var wg sync.WaitGroup
	for _, n := range []string{"A1", "A0002", "A03", "A000000004", "A5", "A0000006"} {
		wants[string(encode(t, slip(n), escpos.Profile80))] = true
		wg.Go(func() {
			if err := p.Print(context.Background(), slip(n)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, _ := os.ReadFile(path)
	if !wants[string(got)] {
		t.Errorf("file holds %d bytes that are no single slip", len(got))
	}
	// An encoding failure reaches the caller and touches no device.
	bad := printing.NewSlip("x").Barcode("号码")
	if err := p.Print(context.Background(), bad); err == nil {
		t.Error("printed an unencodable slip")
	}
	if got2, _ := os.ReadFile(path); !bytes.Equal(got, got2) {
		t.Error("a failed encode rewrote the file")
	}
}
