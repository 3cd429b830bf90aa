// Package device opens the places a printer's bytes go, from a spec string as a hall's
// configuration gives it:
//
//	file:PATH            write to PATH (parent folders are made); when PATH is a folder
//	                     or ends in '/', each print is a new timestamped file in it
//	tcp:HOST:PORT        a network printer's raw port (9100 when PORT is left out)
//	dev:/dev/usb/lp0     a printer's device node, opened for writing
//	lp:QUEUE             a CUPS queue, through the lp command: ESC/POS slips go raw
//	                     (lp -o raw), PDFs as documents for the queue's driver
//	pdf:PATH             a PDF file (a folder or a path ending in '/': a new file per job)
//
// Printer puts it together: it encodes a slip to ESC/POS and sends it to its device.
// SendJob also reads the printer's real-time status (DLE EOT) before and after a job on
// the devices that can answer (tcp and dev), and List shows the CUPS queues and device
// nodes this machine can see.
package device

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"servicehall/printing"
	"servicehall/printing/escpos"
	"servicehall/printing/pdf"
)

// Timeouts of network printers.
const (
	// DialTimeout bounds connecting to a network printer.
	DialTimeout = 3 * time.Second
	// WriteTimeout bounds each write to a network printer.
	WriteTimeout = 10 * time.Second
	// DefaultPort is the raw printing port (JetDirect / AppSocket).
	DefaultPort = "9100"
)

// Forms lists the accepted spec forms, for error messages and help text.
const Forms = "file:PATH, tcp:HOST:PORT, dev:/dev/usb/lp0, lp:QUEUE or pdf:PATH"

// Scheme says which kind of device a spec names.
type Scheme string

// Schemes.
const (
	SchemeFile Scheme = "file"
	SchemeTCP  Scheme = "tcp"
	SchemeDev  Scheme = "dev"
	SchemeLP   Scheme = "lp"
	SchemePDF  Scheme = "pdf"
)

// Spec is a parsed device spec.
type Spec struct {
	Scheme Scheme
	// Target is the path (file, dev, pdf), HOST:PORT (tcp, the port filled in) or the
	// CUPS queue's name (lp).
	Target string
}

// String gives the spec back in its written form.
func (s Spec) String() string { return string(s.Scheme) + ":" + s.Target }

// SpecError reports a spec that names no device.
type SpecError struct {
	Spec   string
	Reason string
}

// Error says what is wrong with the spec and which forms are accepted.
func (e *SpecError) Error() string {
	return fmt.Sprintf("device: bad printer spec %q: %s; want %s", e.Spec, e.Reason, Forms)
}

// ParseSpec checks a spec without opening anything (for configuration checks at start).
func ParseSpec(spec string) (Spec, error) {
	bad := func(reason string) (Spec, error) { return Spec{}, &SpecError{Spec: spec, Reason: reason} }
	scheme, target, ok := strings.Cut(strings.TrimSpace(spec), ":")
	if !ok {
		return bad("no scheme")
	}
	if target == "" {
		return bad("nothing after " + scheme + ":")
	}
	switch Scheme(scheme) {
	case SchemeFile:
		return Spec{SchemeFile, target}, nil
	case SchemePDF:
		return Spec{SchemePDF, target}, nil
	case SchemeLP:
		if strings.ContainsFunc(target, func(r rune) bool { return r <= ' ' || r == '/' || r == '#' || r == 0x7f }) {
			return bad("a CUPS queue name has no spaces, '/' or '#'")
		}
		return Spec{SchemeLP, target}, nil
	case SchemeDev:
		if !filepath.IsAbs(target) {
			return bad("a device node is an absolute path")
		}
		return Spec{SchemeDev, target}, nil
	case SchemeTCP:
		host, port, err := net.SplitHostPort(target)
		if err != nil {
			if strings.Contains(target, ":") && !strings.HasPrefix(target, "[") {
				return bad("HOST:PORT expected")
			}
			host, port = strings.Trim(target, "[]"), DefaultPort
		}
		if host == "" || strings.ContainsAny(host, " /") {
			return bad("no host")
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return bad("port " + strconv.Quote(port) + " is not 1–65535")
		}
		return Spec{SchemeTCP, net.JoinHostPort(host, port)}, nil
	}
	return bad("unknown scheme " + strconv.Quote(scheme))
}

// Open opens the device spec names (see the package documentation). Nothing is written
// until the caller writes; Close finishes the job.
func Open(spec string) (printing.Device, error) {
	return OpenContext(context.Background(), spec)
}

// OpenContext is Open with a context that bounds connecting to a network printer (never
// longer than DialTimeout).
func OpenContext(ctx context.Context, spec string) (printing.Device, error) {
	sp, err := ParseSpec(spec)
	if err != nil {
		return nil, err
	}
	switch sp.Scheme {
	case SchemeFile:
		return openFile(sp.Target)
	case SchemePDF:
		f, err := openFileExt(sp.Target, "doc-", ".pdf")
		if err != nil {
			return nil, err
		}
		return &PDFFile{File: f}, nil
	case SchemeLP:
		return openLP(sp.Target)
	case SchemeDev:
		return openNode(sp.Target)
	default:
		return dialTCP(ctx, sp.Target)
	}
}

// aborter is a device that can give up a job: a cancelled print must not leave a
// half-written file that looks like a finished one.
type aborter interface{ abort() }

// File is a file device.
type File struct {
	f    *os.File
	temp bool // a new file made in a folder: removed if the job is aborted
}

// Name is the path of the file written.
func (f *File) Name() string { return f.f.Name() }

// Write writes p to the file.
func (f *File) Write(p []byte) (int, error) { return f.f.Write(p) }

// Close syncs and closes the file.
func (f *File) Close() error {
	err := f.f.Sync()
	if errors.Is(err, os.ErrClosed) {
		return err
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		err = nil // pipes and character devices cannot sync
	}
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (f *File) abort() {
	f.f.Close()
	if f.temp {
		os.Remove(f.f.Name())
	}
}

// openFile opens PATH for writing, or a new timestamped file when PATH is a folder.
func openFile(path string) (*File, error) { return openFileExt(path, "slip-", ".prn") }

// openFileExt is openFile naming new files in a folder prefix+time+ext.
func openFileExt(path, prefix, ext string) (*File, error) {
	dir := strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator))
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		dir = true
	}
	if !dir {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("device: file printer: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return nil, fmt.Errorf("device: file printer: %w", err)
		}
		return &File{f: f}, nil
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("device: file printer: %w", err)
	}
	stamp := time.Now().Format("20060102-150405.000000000")
	for i := 1; ; i++ {
		name := prefix + stamp + ext
		if i > 1 {
			name = fmt.Sprintf("%s%s-%d%s", prefix, stamp, i, ext)
		}
		f, err := os.OpenFile(filepath.Join(path, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return &File{f: f, temp: true}, nil
		}
		if !errors.Is(err, os.ErrExist) || i > 1000 {
			return nil, fmt.Errorf("device: file printer: %w", err)
		}
	}
}

// Node is a printer's device node (a USB or parallel printer: /dev/usb/lp0).
type Node struct {
	f  *os.File
	rw bool // a character device opened for reading too: status can be asked
}

// Name is the path of the node.
func (n *Node) Name() string { return n.f.Name() }

// Write writes p to the printer.
func (n *Node) Write(p []byte) (int, error) {
	w, err := n.f.Write(p)
	if err != nil {
		err = fmt.Errorf("device: printer %s: %w (out of paper, cover open or unplugged?)", n.f.Name(), err)
	}
	return w, err
}

// Close closes the node.
func (n *Node) Close() error { return n.f.Close() }

func (n *Node) abort() { n.f.Close() }

// openNode opens an existing device node for writing (and, when it is a character device
// that allows it, for reading the printer's status); it never creates a file.
func openNode(path string) (*Node, error) {
	if fi, err := os.Stat(path); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
			return &Node{f: f, rw: true}, nil
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("device: no printer at %s (is it plugged in and powered on?): %w", path, err)
		case errors.Is(err, os.ErrPermission):
			return nil, fmt.Errorf("device: no permission to write to %s (add the user to group lp): %w", path, err)
		}
		return nil, fmt.Errorf("device: printer %s: %w", path, err)
	}
	return &Node{f: f}, nil
}

// TCP is a network printer's raw port.
type TCP struct {
	conn net.Conn
	addr string
}

// Addr is the printer's HOST:PORT.
func (t *TCP) Addr() string { return t.addr }

// Write sends p, failing when the printer takes no bytes for WriteTimeout.
func (t *TCP) Write(p []byte) (int, error) {
	if err := t.conn.SetWriteDeadline(time.Now().Add(WriteTimeout)); err != nil {
		return 0, fmt.Errorf("device: printer %s: %w", t.addr, err)
	}
	n, err := t.conn.Write(p)
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return n, fmt.Errorf("device: printer %s took no data for %s (out of paper or jammed?): %w", t.addr, WriteTimeout, err)
		}
		return n, fmt.Errorf("device: printer %s: %w", t.addr, err)
	}
	return n, nil
}

// Close ends the job: the printer prints what it received.
func (t *TCP) Close() error { return t.conn.Close() }

func (t *TCP) abort() { t.conn.Close() }

func dialTCP(ctx context.Context, addr string) (*TCP, error) {
	d := net.Dialer{Timeout: DialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		var ne net.Error
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return nil, fmt.Errorf("device: printer %s refused the connection (is it on, and is its raw port open?): %w", addr, err)
		case ctx.Err() != nil:
			return nil, fmt.Errorf("device: printer %s: %w (%w)", addr, context.Cause(ctx), err)
		case errors.As(err, &ne) && ne.Timeout():
			return nil, fmt.Errorf("device: no answer from printer %s within %s (wrong address, or off?): %w", addr, DialTimeout, err)
		}
		return nil, fmt.Errorf("device: printer %s: %w", addr, err)
	}
	return &TCP{conn: conn, addr: addr}, nil
}

// Send writes data to the device spec names as one job, and gives up when ctx ends: the
// device is closed at once (a new file is removed) and ctx's error returned.
func Send(ctx context.Context, spec string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dev, err := OpenContext(ctx, spec)
	if err != nil {
		return err
	}
	var once sync.Once
	abort := func() {
		once.Do(func() {
			if a, ok := dev.(aborter); ok {
				a.abort()
			} else {
				dev.Close()
			}
		})
	}
	stop := context.AfterFunc(ctx, abort)
	_, werr := dev.Write(data)
	if !stop() {
		abort() // waits for the abort under way to finish
		return fmt.Errorf("device: print to %s: %w", spec, context.Cause(ctx))
	}
	if werr != nil {
		abort()
		return werr
	}
	if err := dev.Close(); err != nil {
		return fmt.Errorf("device: finishing print to %s: %w", spec, err)
	}
	return nil
}

// Print encodes s to ESC/POS for prof and sends it to the device spec names.
func Print(ctx context.Context, spec string, s *printing.Slip, prof escpos.Profile) error {
	data, err := escpos.Encode(s, prof)
	if err != nil {
		return err
	}
	return Send(ctx, spec, data)
}

// Printer is an ESC/POS printer at a device spec: a printing.Printer. Its prints go out
// one at a time, so two slips never interleave on the paper.
type Printer struct {
	spec    string
	profile escpos.Profile
	mu      sync.Mutex
}

// New checks spec and returns the printer it names, printing for profile prof.
func New(spec string, prof escpos.Profile) (*Printer, error) {
	sp, err := ParseSpec(spec)
	if err != nil {
		return nil, err
	}
	return &Printer{spec: sp.String(), profile: prof}, nil
}

// Spec is the printer's device spec.
func (p *Printer) Spec() string { return p.spec }

// Profile is the printer's profile.
func (p *Printer) Profile() escpos.Profile { return p.profile }

// Print encodes s and sends it to the printer, after any print already under way.
func (p *Printer) Print(ctx context.Context, s *printing.Slip) error {
	data, err := escpos.Encode(s, p.profile)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return Send(ctx, p.spec, data)
}

var _ printing.Printer = (*Printer)(nil)

// DocPrinter prints documents (acceptance receipts, one-time notices) as PDF pages, A4 or
// A5, to a CUPS queue of a laser printer (lp:QUEUE) or a PDF file (pdf:PATH): a
// printing.Printer like Printer, which prints slips as ESC/POS.
type DocPrinter struct {
	spec string
	size pdf.PageSize
	mu   sync.Mutex
}

// NewDocPrinter checks spec and returns the document printer it names, printing pages of
// size.
func NewDocPrinter(spec string, size pdf.PageSize) (*DocPrinter, error) {
	sp, err := ParseSpec(spec)
	if err != nil {
		return nil, err
	}
	return &DocPrinter{spec: sp.String(), size: size}, nil
}

// Spec is the printer's device spec.
func (p *DocPrinter) Spec() string { return p.spec }

// PageSize is the printer's page size.
func (p *DocPrinter) PageSize() pdf.PageSize { return p.size }

// Print renders s as a PDF and sends it, after any print already under way.
func (p *DocPrinter) Print(ctx context.Context, s *printing.Slip) error {
	data, err := pdf.Render(s, p.size)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err = SendJob(ctx, p.spec, data)
	return err
}

var _ printing.Printer = (*DocPrinter)(nil)
