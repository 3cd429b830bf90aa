package queue_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"servicehall/printing"
	"servicehall/printing/device"
	"servicehall/printing/escpos"
	"servicehall/printing/queue"
)

// fakePrinter is a network thermal printer on loopback: it answers DLE EOT n with the
// status byte of its current state (when it answers status at all) and hands every
// connection's other bytes, the job, to jobs when the connection closes.
type fakePrinter struct {
	addr   string
	jobs   chan []byte
	mu     sync.Mutex
	st     printing.Status
	silent bool // answers no status requests
	// runsOut makes the printer report paper out as soon as job bytes arrive.
	runsOut bool
}

func newFakePrinter(t *testing.T) *fakePrinter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &fakePrinter{addr: ln.Addr().String(), jobs: make(chan []byte, 16), st: printing.Status{Known: true}}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.handle(c)
		}
	}()
	return p
}

func (p *fakePrinter) set(st printing.Status) {
	p.mu.Lock()
	p.st = st
	p.mu.Unlock()
}

func (p *fakePrinter) handle(c net.Conn) {
	defer c.Close()
	var job, pending []byte
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		pending = append(pending, buf[:n]...)
		for len(pending) > 0 {
			if pending[0] == escpos.DLE {
				if len(pending) < 3 {
					break // the rest of the request is on its way
				}
				if pending[1] == escpos.EOT {
					p.mu.Lock()
					st, silent := p.st, p.silent
					p.mu.Unlock()
					if !silent {
						c.Write([]byte{escpos.StatusByte(escpos.StatusKind(pending[2]), st)})
					}
					pending = pending[3:]
					continue
				}
			}
			job = append(job, pending[0])
			pending = pending[1:]
			p.mu.Lock()
			if p.runsOut {
				p.st = printing.Status{Known: true, PaperOut: true, Offline: true}
			}
			p.mu.Unlock()
		}
		if err != nil {
			if len(job) > 0 {
				p.jobs <- job
			}
			return
		}
	}
}

// noJob checks that the printer got no job: the connection that asked for status is
// closed, so a job would have been handed over already.
func (p *fakePrinter) noJob(t *testing.T) {
	t.Helper()
	select {
	case j := <-p.jobs:
		t.Fatalf("printer got a %d-byte job", len(j))
	default:
	}
}

func (p *fakePrinter) job(t *testing.T) []byte {
	t.Helper()
	select {
	case j := <-p.jobs:
		return j
	case <-time.After(5 * time.Second):
		t.Fatal("no job reached the printer")
		return nil
	}
}

func ticketBytes(t *testing.T) []byte {
	t.Helper()
	data, err := escpos.Encode(printing.Samples()[0], escpos.Profile80)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func files(t *testing.T, dir string) int {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*"))
	return len(m)
}

// The printer is out of paper: the ticket is kept (in memory and on disk, across a
// restart), the status says paper out, nothing reaches the paper; once paper is back a
// reprint prints it exactly once, and a second reprint prints nothing.
func TestPaperOutKeepsTheJobAndReprintPrintsOnce(t *testing.T) {
	p := newFakePrinter(t)
	p.set(printing.Status{Known: true, PaperOut: true, Offline: true})
	dir := t.TempDir()
	q, err := queue.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := ticketBytes(t)
	spec := "tcp:" + p.addr
	job, err := q.Submit(context.Background(), queue.Job{Printer: spec, Name: printing.DocTicket, Label: "A001"}, data)
	var se *device.StatusError
	if !errors.As(err, &se) || se.Written || !se.Status.PaperOut {
		t.Fatalf("submit to a printer out of paper: %v", err)
	}
	if job.State != queue.StatePending || !job.Status.PaperOut || job.Status.CanPrint() || job.MayHavePrinted || job.Attempts != 1 {
		t.Errorf("kept job %+v", job)
	}
	if st, err := device.QueryStatus(context.Background(), spec); err != nil || !st.PaperOut || st.String() != "paper_out" {
		t.Errorf("status %v (%s), %v", st, st, err)
	}
	p.noJob(t)
	if files(t, dir) != 2 {
		t.Errorf("%d files spooled, want the job's data and its record", files(t, dir))
	}

	// The terminal restarts: the job is still there.
	q, err = queue.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	pending := q.Pending()
	if len(pending) != 1 || pending[0].ID != job.ID || pending[0].Label != "A001" || !pending[0].Status.PaperOut {
		t.Fatalf("pending after restart %+v", pending)
	}

	// Paper is back.
	p.set(printing.Status{Known: true})
	done, err := q.Reprint(context.Background(), job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.job(t); !bytes.Equal(got, data) {
		t.Errorf("printer got %d bytes, want the %d of the ticket", len(got), len(data))
	}
	if done.State != queue.StateDone || done.Attempts != 2 || !done.Status.Known || !done.Status.CanPrint() {
		t.Errorf("printed job %+v", done)
	}
	if len(q.Pending()) != 0 || files(t, dir) != 0 {
		t.Errorf("after printing: %d pending, %d files", len(q.Pending()), files(t, dir))
	}
	// A retry of the same job, by reprint or by submitting its ID again, prints nothing.
	if _, err := q.Reprint(context.Background(), job.ID); !errors.Is(err, queue.ErrDone) {
		t.Errorf("second reprint: %v", err)
	}
	if _, err := q.Submit(context.Background(), queue.Job{ID: job.ID, Printer: spec}, data); !errors.Is(err, queue.ErrDone) {
		t.Errorf("resubmit: %v", err)
	}
	p.noJob(t)
}

// Concurrent reprints of one kept job (two taps on the button) print it once.
func TestConcurrentReprintsPrintOnce(t *testing.T) {
	p := newFakePrinter(t)
	p.set(printing.Status{Known: true, CoverOpen: true, Offline: true})
	q, err := queue.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	job, err := q.Submit(context.Background(), queue.Job{ID: "ticket-A001", Printer: "tcp:" + p.addr}, ticketBytes(t))
	if err == nil || !job.Status.CoverOpen {
		t.Fatalf("cover open: %+v, %v", job, err)
	}
	p.set(printing.Status{Known: true})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			_, err := q.Reprint(context.Background(), "ticket-A001")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	ok, done := 0, 0
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, queue.ErrDone):
			done++
		default:
			t.Error(err)
		}
	}
	if ok != 1 || done != 3 {
		t.Errorf("%d printed, %d refused as done", ok, done)
	}
	p.job(t)
	p.noJob(t)
}

// A printer that runs out of paper during the job: every byte went out, the status after
// says paper out, so the job is kept as maybe printed, and only a person's reprint sends it.
func TestFaultAfterTheJobIsKeptAsMaybePrinted(t *testing.T) {
	p := newFakePrinter(t)
	p.runsOut = true
	q, err := queue.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	job, err := q.Submit(context.Background(), queue.Job{Printer: "tcp:" + p.addr}, ticketBytes(t))
	var se *device.StatusError
	if !errors.As(err, &se) || !se.Written || !job.MayHavePrinted || job.State != queue.StatePending || !job.Status.PaperOut {
		t.Fatalf("%+v, %v", job, err)
	}
	p.job(t) // it did reach the printer
	if d := q.Discard(job.ID); d != nil || len(q.Pending()) != 0 {
		t.Errorf("discard: %v, %d pending", d, len(q.Pending()))
	}
}

// A printer that does not answer status prints normally: its status is unknown, not an
// error. Near-end paper prints and is reported.
func TestSilentAndNearEndPrinters(t *testing.T) {
	p := newFakePrinter(t)
	p.silent = true
	q, err := queue.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	job, err := q.Submit(context.Background(), queue.Job{Printer: "tcp:" + p.addr}, ticketBytes(t))
	if err != nil || job.State != queue.StateDone || job.Status.Known {
		t.Fatalf("silent printer: %+v, %v", job, err)
	}
	p.job(t)
	if st, err := device.QueryStatus(context.Background(), "tcp:"+p.addr); err != nil || st.Known || st.String() != "unknown" {
		t.Errorf("silent printer status %v, %v", st, err)
	}
	p2 := newFakePrinter(t)
	p2.set(printing.Status{Known: true, PaperNearEnd: true})
	job, err = q.Submit(context.Background(), queue.Job{Printer: "tcp:" + p2.addr}, ticketBytes(t))
	if err != nil || job.State != queue.StateDone || !job.Status.PaperNearEnd {
		t.Fatalf("near end: %+v, %v", job, err)
	}
	p2.job(t)
}

// A printer that is off keeps the job; so does a spool folder that cannot be read back.
func TestUnreachablePrinterAndBadInput(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	q, err := queue.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	job, err := q.Submit(context.Background(), queue.Job{Printer: "tcp:" + addr, Label: "A002"}, []byte{0x1b, 0x40})
	if err == nil || job.State != queue.StatePending || job.Err == "" {
		t.Errorf("printer off: %+v, %v", job, err)
	}
	for name, tc := range map[string]struct {
		j    queue.Job
		data []byte
	}{
		"no printer": {queue.Job{}, []byte{1}},
		"empty":      {queue.Job{Printer: "file:/tmp/x"}, nil},
		"bad ID":     {queue.Job{ID: "../x", Printer: "file:/tmp/x"}, []byte{1}},
	} {
		if _, err := q.Submit(context.Background(), tc.j, tc.data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := q.Reprint(context.Background(), "nope"); !errors.Is(err, queue.ErrNotFound) {
		t.Errorf("unknown job: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := queue.Open(dir, nil); err == nil {
		t.Error("a damaged spool opened silently")
	}
}
