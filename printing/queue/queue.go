// Package queue is a terminal's small local print queue: every job is written to a spool
// folder before it is sent, so a job that fails (printer off, out of paper, cover open)
// is kept, survives a restart, and can be reprinted once the printer is fixed.
//
// Nothing is printed twice by a retry. Each job has an ID (the caller may choose it, for
// example the ticket's ID and the document's name, so that printing the same thing again
// finds the same job). A job whose bytes were all written to the printer, acknowledged
// by a clean close and a status reading without faults, is done: Reprint and Submit of
// that ID refuse with ErrDone. A job refused before any byte was sent (the printer said
// it was out of paper) is safe to send again. A job whose fault was read only after all
// its bytes went out may have printed in part: it is kept with MayHavePrinted set, and
// printing it again is the person's explicit Reprint, never an automatic retry.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"servicehall/printing"
	"servicehall/printing/device"
)

// Errors.
var (
	// ErrDone: the job was printed; it is not sent again.
	ErrDone = errors.New("queue: job already printed")
	// ErrNotFound: no such job in the queue.
	ErrNotFound = errors.New("queue: no such print job")
)

// State is where a job stands.
type State string

// States.
const (
	StatePending State = "pending" // kept: not printed yet, or failed; can be reprinted
	StateDone    State = "done"    // printed and acknowledged
)

// Job is one document to print and what happened to it.
type Job struct {
	// ID identifies the job; Submit makes a UUIDv7 when it is empty.
	ID string `json:"id"`
	// Printer is the device spec the job goes to.
	Printer string `json:"printer"`
	// Name is the document kind (printing.DocTicket…); Label what a person recognises
	// it by ("A001", a tracking number). Neither may hold personal data.
	Name  string `json:"name"`
	Label string `json:"label"`
	// Size is the job's length in bytes.
	Size int `json:"size"`
	// Created is when the job was submitted; Finished when it was printed.
	Created  time.Time `json:"created"`
	Finished time.Time `json:"finished,omitzero"`
	// State, Attempts and the last error.
	State    State  `json:"state"`
	Attempts int    `json:"attempts"`
	Err      string `json:"error,omitempty"`
	// Status is the printer's status as last read for this job.
	Status printing.Status `json:"status"`
	// MayHavePrinted reports that the last attempt sent every byte before its fault was
	// read: part of the document may be on paper.
	MayHavePrinted bool `json:"may_have_printed,omitempty"`
}

// Sender sends one job's bytes to a printer: device.SendJob, or a fake in tests.
type Sender func(ctx context.Context, printer string, data []byte) (device.Result, error)

// KeepDone is how many printed jobs the queue remembers (in memory) so that a repeated
// Submit or Reprint of their IDs is refused.
const KeepDone = 500

// Queue is a print queue spooling to a folder. Its methods are safe for concurrent use;
// jobs are sent one at a time.
type Queue struct {
	dir    string
	send   Sender
	sendMu sync.Mutex // held while a job is being sent
	mu     sync.Mutex // guards jobs and done
	jobs   map[string]*Job
	done   []string // IDs of done jobs, oldest first
}

// Open opens the queue spooling in dir (made if missing) and loads the jobs kept there.
// A nil send uses device.SendJob.
func Open(dir string, send Sender) (*Queue, error) {
	if send == nil {
		send = device.SendJob
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("queue: spool folder: %w", err)
	}
	q := &Queue{dir: dir, send: send, jobs: map[string]*Job{}}
	metas, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	for _, m := range metas {
		b, err := os.ReadFile(m)
		if err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		var j Job
		if err := json.Unmarshal(b, &j); err != nil || j.ID == "" || j.ID+".json" != filepath.Base(m) {
			return nil, fmt.Errorf("queue: spooled job %s is damaged: %v", m, err)
		}
		if _, err := os.Stat(q.dataPath(j.ID)); err != nil {
			return nil, fmt.Errorf("queue: spooled job %s lost its data: %w", j.ID, err)
		}
		j.State = StatePending
		q.jobs[j.ID] = &j
	}
	return q, nil
}

func (q *Queue) dataPath(id string) string { return filepath.Join(q.dir, id+".job") }
func (q *Queue) metaPath(id string) string { return filepath.Join(q.dir, id+".json") }

// validID keeps IDs usable as file names.
func validID(id string) bool {
	return id != "" && len(id) <= 128 && !strings.ContainsAny(id, `/\`) && id != "." && id != ".." &&
		!strings.ContainsFunc(id, func(r rune) bool { return r < ' ' || r == 0x7f })
}

// Submit spools a job and sends it. j.Printer is required; j.ID is made when empty; the
// other fields of j but Name and Label are ignored. The job is on disk before the
// first byte goes out, so a failure (returned with the job as kept) loses nothing:
// Pending lists it and Reprint sends it again. Submitting the ID of a job already printed
// returns ErrDone and prints nothing; the ID of a job still pending sends that job (its
// spooled bytes, not data) again, as Reprint.
func (q *Queue) Submit(ctx context.Context, j Job, data []byte) (Job, error) {
	if j.Printer == "" {
		return Job{}, errors.New("queue: a job needs a printer")
	}
	if len(data) == 0 {
		return Job{}, errors.New("queue: an empty job")
	}
	if j.ID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return Job{}, fmt.Errorf("queue: %w", err)
		}
		j.ID = id.String()
	}
	if !validID(j.ID) {
		return Job{}, fmt.Errorf("queue: job ID %q is not usable", j.ID)
	}
	q.sendMu.Lock()
	defer q.sendMu.Unlock()
	q.mu.Lock()
	if old, ok := q.jobs[j.ID]; ok {
		q.mu.Unlock()
		if old.State == StateDone {
			return *old, ErrDone
		}
		return q.sendLocked(ctx, old.ID)
	}
	job := &Job{ID: j.ID, Printer: j.Printer, Name: j.Name, Label: j.Label, Size: len(data),
		Created: time.Now().UTC(), State: StatePending}
	q.mu.Unlock()
	if err := writeFile(q.dataPath(job.ID), data); err != nil {
		return Job{}, fmt.Errorf("queue: spooling job: %w", err)
	}
	if err := q.saveMeta(job); err != nil {
		os.Remove(q.dataPath(job.ID))
		return Job{}, err
	}
	q.mu.Lock()
	q.jobs[job.ID] = job
	q.mu.Unlock()
	return q.sendLocked(ctx, job.ID)
}

// Reprint sends a kept job again. A printed job is refused with ErrDone, an unknown one
// with ErrNotFound.
func (q *Queue) Reprint(ctx context.Context, id string) (Job, error) {
	q.sendMu.Lock()
	defer q.sendMu.Unlock()
	return q.sendLocked(ctx, id)
}

// sendLocked sends job id (sendMu held).
func (q *Queue) sendLocked(ctx context.Context, id string) (Job, error) {
	q.mu.Lock()
	j, ok := q.jobs[id]
	if !ok {
		q.mu.Unlock()
		return Job{}, ErrNotFound
	}
	if j.State == StateDone {
		q.mu.Unlock()
		return *j, ErrDone
	}
	printer := j.Printer
	q.mu.Unlock()
	data, err := os.ReadFile(q.dataPath(id))
	if err != nil {
		return q.Get(id), fmt.Errorf("queue: spooled job %s: %w", id, err)
	}
	res, serr := q.send(ctx, printer, data)

	q.mu.Lock()
	j.Attempts++
	j.Status = res.Before
	if res.After.Known || res.Written {
		j.Status = res.After
	}
	if serr == nil {
		j.State, j.Err, j.MayHavePrinted, j.Finished = StateDone, "", false, time.Now().UTC()
		q.done = append(q.done, id)
		if len(q.done) > KeepDone {
			delete(q.jobs, q.done[0])
			q.done = q.done[1:]
		}
		out := *j
		q.mu.Unlock()
		os.Remove(q.metaPath(id))
		os.Remove(q.dataPath(id))
		return out, nil
	}
	j.Err = serr.Error()
	j.MayHavePrinted = res.Written
	out := *j
	q.mu.Unlock()
	if err := q.saveMeta(&out); err != nil {
		return out, errors.Join(serr, err)
	}
	return out, serr
}

// Get returns the job with that ID (a zero Job when there is none).
func (q *Queue) Get(id string) Job {
	q.mu.Lock()
	defer q.mu.Unlock()
	if j, ok := q.jobs[id]; ok {
		return *j
	}
	return Job{}
}

// Pending lists the kept jobs, oldest first.
func (q *Queue) Pending() []Job {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Job
	for _, j := range q.jobs {
		if j.State == StatePending {
			out = append(out, *j)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if !out[a].Created.Equal(out[b].Created) {
			return out[a].Created.Before(out[b].Created)
		}
		return out[a].ID < out[b].ID
	})
	return out
}

// Discard drops a kept job without printing it (an administrator's decision). A printed
// job is refused with ErrDone.
func (q *Queue) Discard(id string) error {
	q.sendMu.Lock()
	defer q.sendMu.Unlock()
	q.mu.Lock()
	j, ok := q.jobs[id]
	if !ok {
		q.mu.Unlock()
		return ErrNotFound
	}
	if j.State == StateDone {
		q.mu.Unlock()
		return ErrDone
	}
	delete(q.jobs, id)
	q.mu.Unlock()
	if err := os.Remove(q.metaPath(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("queue: %w", err)
	}
	if err := os.Remove(q.dataPath(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("queue: %w", err)
	}
	return nil
}

func (q *Queue) saveMeta(j *Job) error {
	b, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	if err := writeFile(q.metaPath(j.ID), b); err != nil {
		return fmt.Errorf("queue: saving job: %w", err)
	}
	return nil
}

// writeFile writes data to path through a synced temporary file and a rename, so a crash
// leaves the old file or the new one, never half of it.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
