package device

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"servicehall/printing"
	"servicehall/printing/escpos"
)

// StatusTimeout bounds the wait for each real-time status byte. A printer that has not
// answered by then does not answer status: its status is unknown.
const StatusTimeout = 400 * time.Millisecond

// statusDevice is a device that can be asked for its real-time status.
type statusDevice interface {
	status() printing.Status
}

// StatusError is a job refused or spoiled by the printer's state.
type StatusError struct {
	// Spec is the printer.
	Spec string
	// Status is what the printer reported.
	Status printing.Status
	// Written reports that the whole job had been sent when the fault was read: part of
	// it may have printed. When false, nothing of the job reached the printer.
	Written bool
}

// Error names the printer and its faults.
func (e *StatusError) Error() string {
	if e.Written {
		return fmt.Sprintf("device: printer %s reports %s after the job: it may not have printed completely", e.Spec, e.Status)
	}
	return fmt.Sprintf("device: printer %s reports %s: nothing sent", e.Spec, e.Status)
}

// Result is what happened to a job sent with SendJob.
type Result struct {
	// Before and After are the printer's status read before and after the job (unknown
	// for devices that do not answer, and After for a job not sent).
	Before, After printing.Status
	// Written reports that every byte of the job reached the device and the device was
	// closed without error.
	Written bool
}

// SendJob sends data to the device spec names as one job, like Send, and on devices
// that answer real-time status (tcp, dev) reads it before the job (DLE EOT 1, 2 and 4)
// and after it. A printer that reports it cannot print (paper out, cover open, offline,
// error) gets nothing: the job fails with a *StatusError whose Written is false, safe
// to send again later. A fault read after the job fails it with Written true: the job
// may have printed in part, and whether to print it again is a person's decision. PDFs
// get no status requests (laser printers would print them as text).
func SendJob(ctx context.Context, spec string, data []byte) (Result, error) {
	var res Result
	if err := ctx.Err(); err != nil {
		return res, err
	}
	dev, err := OpenContext(ctx, spec)
	if err != nil {
		return res, err
	}
	sd, ok := dev.(statusDevice)
	ok = ok && !IsPDF(data)
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
	if ok {
		res.Before = sd.status()
		if !res.Before.CanPrint() {
			stop()
			abort()
			return res, &StatusError{Spec: spec, Status: res.Before}
		}
	}
	_, werr := dev.Write(data)
	if werr == nil && ok {
		res.After = sd.status()
	}
	if !stop() {
		abort()
		return res, fmt.Errorf("device: print to %s: %w", spec, context.Cause(ctx))
	}
	if werr != nil {
		abort()
		return res, werr
	}
	if err := dev.Close(); err != nil {
		return res, fmt.Errorf("device: finishing print to %s: %w", spec, err)
	}
	res.Written = true
	if !res.After.CanPrint() {
		return res, &StatusError{Spec: spec, Status: res.After, Written: true}
	}
	return res, nil
}

// QueryStatus asks the printer spec names for its real-time status. Devices that cannot
// answer (file, pdf, lp) and printers that do not answer have an unknown status, not an
// error; only a printer that cannot be reached at all is an error.
func QueryStatus(ctx context.Context, spec string) (printing.Status, error) {
	sp, err := ParseSpec(spec)
	if err != nil {
		return printing.Status{}, err
	}
	if sp.Scheme != SchemeTCP && sp.Scheme != SchemeDev {
		return printing.Status{}, nil
	}
	dev, err := OpenContext(ctx, spec)
	if err != nil {
		return printing.Status{}, err
	}
	defer dev.Close()
	if sd, ok := dev.(statusDevice); ok {
		return sd.status(), nil
	}
	return printing.Status{}, nil
}

// readWriter is a connection status can be asked over: a TCP connection or a device node
// opened for reading and writing.
type readWriter interface {
	Write([]byte) (int, error)
	Read([]byte) (int, error)
	SetReadDeadline(time.Time) error
}

// askStatus sends DLE EOT 1, 2 and 4 and reads one answer to each, at most StatusTimeout
// apiece. Any missing or malformed answer makes the whole status unknown.
func askStatus(rw readWriter) printing.Status {
	var st printing.Status
	var b [1]byte
	// Drop a late answer to an earlier request, so it is not taken for this one's.
	if rw.SetReadDeadline(time.Now()) != nil {
		return printing.Status{} // not pollable: cannot wait with a timeout
	}
	for {
		if n, err := rw.Read(b[:]); n == 0 || err != nil {
			break
		}
	}
	for _, n := range escpos.StatusKinds {
		if _, err := rw.Write(escpos.StatusRequest(n)); err != nil {
			return printing.Status{}
		}
		if err := rw.SetReadDeadline(time.Now().Add(StatusTimeout)); err != nil {
			return printing.Status{}
		}
		if k, err := rw.Read(b[:]); k != 1 || err != nil {
			return printing.Status{}
		}
		one, err := escpos.ParseStatus(n, b[0])
		if err != nil {
			return printing.Status{}
		}
		st = st.Merge(one)
	}
	rw.SetReadDeadline(time.Time{})
	return st
}

func (t *TCP) status() printing.Status {
	if err := t.conn.SetWriteDeadline(time.Now().Add(StatusTimeout)); err != nil {
		return printing.Status{}
	}
	defer t.conn.SetWriteDeadline(time.Time{})
	return askStatus(t.conn)
}

// status asks a device node, when it was opened for reading too.
func (n *Node) status() printing.Status {
	if !n.rw {
		return printing.Status{}
	}
	return askStatus(n.f)
}

var (
	_ statusDevice = (*TCP)(nil)
	_ statusDevice = (*Node)(nil)
	_ readWriter   = (*os.File)(nil)
)

// StatusOf returns the printer status carried by a print error (a *StatusError anywhere
// in its chain), so a screen can say "out of paper" rather than "print failed".
func StatusOf(err error) (printing.Status, bool) {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status, true
	}
	return printing.Status{}, false
}

// PrintFaults names the printer's faults (app.PrintFaulter), so a screen that knows nothing
// of printers can say "out of paper".
func (e *StatusError) PrintFaults() []string {
	var out []string
	for _, f := range e.Status.Faults() {
		out = append(out, string(f))
	}
	return out
}
