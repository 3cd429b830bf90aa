package device

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// LPTimeout bounds one run of CUPS's lp command (handing a job to the spooler, not
// printing it) and of lpstat.
const LPTimeout = 20 * time.Second

// ErrNoLP is returned (wrapped) when an lp: printer is used on a machine without CUPS's
// lp command.
var ErrNoLP = errors.New("the lp command (CUPS) is not installed: apt-get install cups-client, or use tcp: or dev:")

// IsPDF reports whether data is a PDF document (starts with "%PDF-"): such jobs go to a
// CUPS queue as documents and never get ESC/POS status requests.
func IsPDF(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }

// LP is a CUPS queue. Writes are collected; Close hands them to `lp -d QUEUE` as one job,
// with -o raw unless the job is a PDF (a thermal printer's queue takes ESC/POS raw; an A4
// printer's driver renders the PDF).
type LP struct {
	queue string
	lp    string // path of the lp command
	buf   bytes.Buffer
	done  bool
	// JobID is what lp answered ("request id is HP-42 (1 file(s))"), after Close.
	JobID string
}

// Queue is the CUPS queue's name.
func (l *LP) Queue() string { return l.queue }

func openLP(queue string) (*LP, error) {
	path, err := exec.LookPath("lp")
	if err != nil {
		return nil, fmt.Errorf("device: lp:%s: %w", queue, ErrNoLP)
	}
	return &LP{queue: queue, lp: path}, nil
}

// Write collects p for the job.
func (l *LP) Write(p []byte) (int, error) {
	if l.done {
		return 0, fmt.Errorf("device: lp:%s: write after close", l.queue)
	}
	return l.buf.Write(p)
}

// Close runs lp with the collected bytes on its standard input, at most LPTimeout.
func (l *LP) Close() error {
	if l.done {
		return fmt.Errorf("device: lp:%s: already closed", l.queue)
	}
	l.done = true
	if l.buf.Len() == 0 {
		return nil
	}
	args := []string{"-d", l.queue}
	if !IsPDF(l.buf.Bytes()) {
		args = append(args, "-o", "raw")
	}
	ctx, cancel := context.WithTimeout(context.Background(), LPTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, l.lp, args...)
	cmd.Stdin = &l.buf
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("device: lp:%s: lp did not finish within %s", l.queue, LPTimeout)
		}
		return fmt.Errorf("device: lp:%s: %w: %s", l.queue, err, strings.TrimSpace(errOut.String()))
	}
	l.JobID = strings.TrimSpace(out.String())
	return nil
}

func (l *LP) abort() { l.done = true; l.buf.Reset() }

// PDFFile is a pdf: device: a file that takes PDF documents only (an ESC/POS slip sent
// to it is a configuration mistake, refused before anything is written).
type PDFFile struct {
	*File
	started bool
}

// Write writes p, refusing a job that does not start as a PDF.
func (p *PDFFile) Write(b []byte) (int, error) {
	if !p.started {
		if len(b) >= 5 && !IsPDF(b) {
			return 0, fmt.Errorf("device: pdf:%s takes PDF documents, not ESC/POS (use file: for slips)", p.Name())
		}
		p.started = true
	}
	return p.File.Write(b)
}

// DefaultNodePatterns are where List looks for printer device nodes.
var DefaultNodePatterns = []string{"/dev/usb/lp*"}

// Listing is what List found.
type Listing struct {
	// Queues are the CUPS destinations (lpstat -e), sorted; print to one with lp:NAME.
	Queues []string
	// CUPS says why Queues is empty when CUPS could not be asked ("" when it was).
	CUPS string
	// Nodes are the printer device nodes present, sorted; print to one with dev:PATH.
	Nodes []string
}

// List finds the CUPS queues (lpstat -e, when lpstat is installed) and the device nodes
// matching DefaultNodePatterns. It never fails: what cannot be listed is said in CUPS.
func List(ctx context.Context) Listing { return ListWith(ctx, DefaultNodePatterns) }

// ListWith is List looking for device nodes matching patterns (filepath.Glob).
func ListWith(ctx context.Context, patterns []string) Listing {
	var l Listing
	for _, p := range patterns {
		m, _ := filepath.Glob(p)
		l.Nodes = append(l.Nodes, m...)
	}
	sort.Strings(l.Nodes)
	path, err := exec.LookPath("lpstat")
	if err != nil {
		l.CUPS = "lpstat (CUPS) is not installed"
		return l
	}
	ctx, cancel := context.WithTimeout(ctx, LPTimeout)
	defer cancel()
	var errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, path, "-e")
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		l.CUPS = strings.TrimSpace("lpstat -e: " + err.Error() + " " + strings.TrimSpace(errOut.String()))
		return l
	}
	for _, line := range strings.Split(string(out), "\n") {
		if q := strings.TrimSpace(line); q != "" {
			l.Queues = append(l.Queues, q)
		}
	}
	sort.Strings(l.Queues)
	if len(l.Queues) == 0 {
		l.CUPS = "CUPS has no printer queues"
	}
	return l
}
