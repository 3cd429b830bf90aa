// Package syncer is the hub's sync worker: it pushes the outbox to central in batches,
// deletes rows only after central acknowledged them, probes the link, backs off when it is
// down, and reports its state (up / down / syncing, pending count, last success).
package syncer

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"servicehall/app"
	"servicehall/sync/wire"
)

// Defaults of Config; every zero field takes its default.
const (
	DefaultBatchSize     = 200
	DefaultTimeout       = 10 * time.Second
	DefaultMinBackoff    = 500 * time.Millisecond
	DefaultMaxBackoff    = 30 * time.Second
	DefaultProbeInterval = 15 * time.Second
)

// Outbox is what the worker needs of the hall store (app/sqlite implements it).
type Outbox interface {
	OutboxBatch(ctx context.Context, limit int) ([]app.OutboxRecord, error)
	OutboxAck(ctx context.Context, seqs []int64) error
	OutboxReject(ctx context.Context, seq int64, reason string) error
	OutboxCount(ctx context.Context) (int, error)

	// CentralCredential is the credential central gave in exchange for the enrolment
	// code ("" before enrolment); SaveCentralCredential keeps it.
	CentralCredential(ctx context.Context) (string, error)
	SaveCentralCredential(ctx context.Context, cred string) error

	// PullCursor and ApplyPull: the cursor over central's feed moves in the same
	// transaction that applies a page, and only forward.
	PullCursor(ctx context.Context) (int64, error)
	ApplyPull(ctx context.Context, changes []app.PulledChange, next int64) error
}

// Config of a sync worker.
type Config struct {
	CentralURL string // e.g. https://central.example.gov.cn; empty: unconfigured
	Token      string // the hall's one-time enrolment code from `central hall add`
	PullPage   int    // changes per pull page; wire.MaxPullPage
	// CAFile is a PEM bundle of the authorities that may sign central's certificate (for a
	// city CA); empty: the system's roots.
	CAFile string
	// PinSHA256 pins central's public key: base64 SHA-256 of the certificate's
	// SubjectPublicKeyInfo (as in HPKP, "sha256/…" accepted). Empty: no pin.
	PinSHA256 string
	Hall      string // hall code, repeated in each batch

	BatchSize     int           // records per push; DefaultBatchSize
	Timeout       time.Duration // per request; DefaultTimeout
	MinBackoff    time.Duration // first retry delay, and the least gap between tries; DefaultMinBackoff
	MaxBackoff    time.Duration // cap of the exponential backoff; DefaultMaxBackoff
	ProbeInterval time.Duration // how often an idle, healthy link is probed; DefaultProbeInterval

	Logger *slog.Logger
	// OnChange is called (outside any lock) whenever the status changes.
	OnChange func(app.SyncStatus)
}

// Syncer pushes a hall's outbox to central.
type Syncer struct {
	cfg    Config
	outbox Outbox
	client *resty.Client

	notify chan struct{}
	tlsErr error // a bad CA file or pin: every sync fails with it, visibly
	cancel context.CancelFunc
	wg     sync.WaitGroup
	runMu  sync.Mutex // one sync run at a time

	mu          sync.Mutex
	status      app.SyncStatus
	failures    int
	lastAttempt time.Time
	lastLog     time.Time
}

// New returns a worker; Start runs it.
func New(outbox Outbox, cfg Config) *Syncer {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.BatchSize > wire.MaxBatch {
		cfg.BatchSize = wire.MaxBatch
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = DefaultMinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.PullPage <= 0 || cfg.PullPage > wire.MaxPullPage {
		cfg.PullPage = wire.MaxPullPage
	}
	if cfg.ProbeInterval <= 0 {
		cfg.ProbeInterval = DefaultProbeInterval
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Syncer{
		cfg:    cfg,
		outbox: outbox,
		client: resty.New().SetBaseURL(strings.TrimRight(cfg.CentralURL, "/")),
		notify: make(chan struct{}, 1),
	}
	if tc, err := TLSConfig(cfg.CAFile, cfg.PinSHA256); err != nil {
		s.tlsErr = err
	} else if tc != nil {
		s.client.SetTLSClientConfig(tc)
	}
	s.status.Link = app.LinkDown
	if cfg.CentralURL == "" {
		s.status.Link = app.LinkUnconfigured
	}
	return s
}

// Start runs the worker in the background until Stop or ctx ends. It tries at once.
func (s *Syncer) Start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	if n, err := s.outbox.OutboxCount(ctx); err == nil {
		s.update(func(st *app.SyncStatus) { st.Pending = n })
	}
	if s.cfg.CentralURL == "" {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.monitor(ctx)
	}()
}

// Stop ends the worker and waits for it.
func (s *Syncer) Stop() {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
}

// Notify asks for a try now: called after every local change. It never blocks.
func (s *Syncer) Notify() {
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// Status returns the current state.
func (s *Syncer) Status() app.SyncStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	return st
}

func (s *Syncer) update(fn func(*app.SyncStatus)) {
	s.mu.Lock()
	before := s.status
	fn(&s.status)
	after := s.status
	s.mu.Unlock()
	if s.cfg.OnChange != nil && (before.Link != after.Link || before.Pending != after.Pending || before.Rate != after.Rate ||
		before.ClockSkew != after.ClockSkew ||
		before.LastError != after.LastError || !sameTime(before.LastSync, after.LastSync)) {
		s.cfg.OnChange(after)
	}
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// monitor is the worker's loop: woken by a local change or its timer, it runs a sync and
// sets the timer to the probe interval after success, or the backoff after failure.
func (s *Syncer) monitor(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-s.notify:
			// A local change: try now, but never closer than MinBackoff to the last try,
			// so a busy hall with its link down does not hammer central.
			s.mu.Lock()
			wait := s.cfg.MinBackoff - time.Since(s.lastAttempt)
			s.mu.Unlock()
			if wait > 0 {
				if !timer.Stop() {
					select {
					case <-timer.C:
					default:
					}
				}
				timer.Reset(wait)
				continue
			}
		}
		delay := s.cfg.ProbeInterval
		if err := s.SyncOnce(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			delay = s.backoff()
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(delay)
	}
}

// backoff returns the next retry delay: exponential from MinBackoff, capped at
// MaxBackoff, with jitter in [d/2, d] so halls that lost the link together do not come back
// in step.
func (s *Syncer) backoff() time.Duration {
	s.mu.Lock()
	n := s.failures
	s.mu.Unlock()
	d := s.cfg.MinBackoff
	for i := 1; i < n && d < s.cfg.MaxBackoff; i++ {
		d *= 2
	}
	if d > s.cfg.MaxBackoff {
		d = s.cfg.MaxBackoff
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// SyncOnce runs one sync (enrol, push, pull). Tests call it directly to run the worker
// synchronously.
func (s *Syncer) SyncOnce(ctx context.Context) error {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	s.mu.Lock()
	s.lastAttempt = time.Now()
	s.mu.Unlock()
	err := s.run(ctx)
	n, cerr := s.outbox.OutboxCount(ctx)
	if err != nil {
		s.mu.Lock()
		s.failures++
		logIt := time.Since(s.lastLog) > time.Minute || s.failures == 1
		if logIt {
			s.lastLog = time.Now()
		}
		s.mu.Unlock()
		if logIt { // rate-limited: a hall offline for days logs once a minute, not per try
			s.cfg.Logger.Warn("sync failed", "err", err)
		}
		s.update(func(st *app.SyncStatus) {
			st.Link, st.LastError = app.LinkDown, err.Error()
			if cerr == nil {
				st.Pending = n
			}
		})
		return err
	}
	s.mu.Lock()
	s.failures = 0
	s.mu.Unlock()
	now := time.Now().UTC()
	s.update(func(st *app.SyncStatus) {
		st.Link, st.LastError, st.LastSync = app.LinkUp, "", &now
		if cerr == nil {
			st.Pending = n
		}
	})
	return nil
}

// run is one sync: enrol if needed, push the outbox until it is empty, then pull central's
// feed until it has no more pages. With nothing to push or pull it still talks to central,
// so the link state is probed, never assumed.
func (s *Syncer) run(ctx context.Context) error {
	if s.tlsErr != nil {
		return s.tlsErr
	}
	cred, err := s.credential(ctx)
	if err != nil {
		return err
	}
	batch, err := s.outbox.OutboxBatch(ctx, s.cfg.BatchSize)
	if err != nil {
		return fmt.Errorf("read outbox: %w", err)
	}
	started, moved := time.Now(), 0
	if len(batch) > 0 {
		if n, err := s.outbox.OutboxCount(ctx); err == nil {
			s.update(func(st *app.SyncStatus) { st.DrainTotal, st.Pending = n, n })
		}
	}
	for len(batch) > 0 {
		s.update(func(st *app.SyncStatus) { st.Link = app.LinkSyncing })
		if err := s.push(ctx, cred, batch); err != nil {
			return err
		}
		moved += len(batch)
		rate := float64(moved) / time.Since(started).Seconds()
		if n, err := s.outbox.OutboxCount(ctx); err == nil {
			s.update(func(st *app.SyncStatus) {
				st.Pending, st.Rate = n, rate
				if moved+n > st.DrainTotal { // the hall kept working while it drained
					st.DrainTotal = moved + n
				}
			})
		}
		if batch, err = s.outbox.OutboxBatch(ctx, s.cfg.BatchSize); err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
	}
	return s.pullAll(ctx, cred)
}

// credential returns the hall's credential, exchanging the enrolment code for it on first
// contact. The exchange is safe to retry: central gives the same credential again until
// it has been used once.
func (s *Syncer) credential(ctx context.Context) (string, error) {
	cred, err := s.outbox.CentralCredential(ctx)
	if err != nil || cred != "" {
		return cred, err
	}
	if s.cfg.Token == "" {
		return "", errors.New("no enrolment code for central (--central-token)")
	}
	rctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	var out wire.EnrolResponse
	resp, err := s.client.R().SetContext(rctx).
		SetBody(wire.EnrolRequest{Protocol: wire.ProtocolVersion, Hall: s.cfg.Hall, Code: s.cfg.Token}).
		SetResult(&out).Post(wire.PathEnrol)
	if err != nil {
		return "", fmt.Errorf("enrol at central: %w", err)
	}
	if resp.StatusCode() != http.StatusOK || out.Credential == "" {
		return "", fmt.Errorf("central refused the enrolment code: %d %s", resp.StatusCode(), errorMessage(resp.Body()))
	}
	if err := s.outbox.SaveCentralCredential(ctx, out.Credential); err != nil {
		return "", fmt.Errorf("save credential: %w", err)
	}
	s.cfg.Logger.Info("enrolled at central", "hall", s.cfg.Hall)
	return out.Credential, nil
}

func errorMessage(body []byte) string {
	var e wire.Error
	_ = json.Unmarshal(body, &e)
	return e.Error.Message
}

// pullAll pulls central's feed page by page from the hall's cursor and applies each page
// with its cursor move in one transaction.
func (s *Syncer) pullAll(ctx context.Context, cred string) error {
	for {
		after, err := s.outbox.PullCursor(ctx)
		if err != nil {
			return fmt.Errorf("read pull cursor: %w", err)
		}
		rctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
		var page wire.PullResponse
		resp, err := s.client.R().SetContext(rctx).SetAuthToken(cred).
			SetQueryParam("after", fmt.Sprint(after)).SetQueryParam("limit", fmt.Sprint(s.cfg.PullPage)).
			Get(wire.PathPull)
		if err != nil {
			cancel()
			return fmt.Errorf("pull from central: %w", err)
		}
		cancel()
		if resp.StatusCode() != http.StatusOK {
			return fmt.Errorf("central refused the pull: %d %s", resp.StatusCode(), errorMessage(resp.Body()))
		}
		if err := json.Unmarshal(resp.Body(), &page); err != nil {
			return fmt.Errorf("central's pull answer: %w", err)
		}
		s.noteServerTime(page.ServerTime)
		if len(page.Changes) > 0 {
			changes := make([]app.PulledChange, len(page.Changes))
			for i, c := range page.Changes {
				changes[i] = app.PulledChange{Seq: c.Seq, Kind: c.Kind, ID: c.ID, Version: c.Version, Payload: c.Payload}
			}
			if err := s.outbox.ApplyPull(ctx, changes, page.Next); err != nil {
				return fmt.Errorf("apply central's changes: %w", err)
			}
		}
		if !page.More || len(page.Changes) == 0 {
			return nil
		}
	}
}

// push sends one batch and settles each record by central's answer: stored and duplicate
// rows leave the outbox; rejected ones go to the dead letters with central's reason, so
// they never block the rest. Rows central did not answer for stay and are sent again.
func (s *Syncer) push(ctx context.Context, cred string, batch []app.OutboxRecord) error {
	req := wire.PushRequest{Protocol: wire.ProtocolVersion, Hall: s.cfg.Hall, SentAt: time.Now().UTC()}
	bySeq := map[string][]int64{}
	for _, r := range batch {
		req.Records = append(req.Records, wire.Record{ID: r.RecordID, Kind: r.Kind, Version: r.Version, Payload: r.Payload, CreatedAt: r.CreatedAt})
		key := fmt.Sprintf("%s@%d", r.RecordID, r.Version)
		bySeq[key] = append(bySeq[key], r.Seq)
	}
	body, err := gzipJSON(req)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	var out wire.PushResponse
	resp, err := s.client.R().SetContext(ctx).SetAuthToken(cred).
		SetHeader("Content-Type", "application/json").
		SetHeader("Content-Encoding", "gzip").
		SetBody(body).
		Post(wire.PathPush)
	if err != nil {
		return fmt.Errorf("push to central: %w", err)
	}
	if resp.StatusCode() != http.StatusOK {
		return fmt.Errorf("central refused the batch: %d %s", resp.StatusCode(), errorMessage(resp.Body()))
	}
	if err := json.Unmarshal(resp.Body(), &out); err != nil {
		return fmt.Errorf("central's answer: %w", err)
	}
	s.noteServerTime(out.ServerTime)
	var ack []int64
	for _, res := range out.Results {
		key := fmt.Sprintf("%s@%d", res.ID, res.Version)
		seqs := bySeq[key]
		delete(bySeq, key)
		switch res.Status {
		case wire.Stored, wire.Duplicate:
			ack = append(ack, seqs...)
		case wire.Rejected:
			for _, seq := range seqs {
				if err := s.outbox.OutboxReject(ctx, seq, res.Reason); err != nil {
					return fmt.Errorf("dead-letter record %s: %w", res.ID, err)
				}
			}
		}
	}
	if err := s.outbox.OutboxAck(ctx, ack); err != nil {
		return fmt.Errorf("acknowledge outbox: %w", err)
	}
	if len(bySeq) > 0 {
		return errors.New("central's answer left records unacknowledged")
	}
	return nil
}

// noteServerTime records how far this machine's clock is from central's: central's clock
// orders the city's records; the hall's is reported (and corrected for), never trusted.
func (s *Syncer) noteServerTime(server time.Time) {
	if server.IsZero() {
		return
	}
	skew := server.Sub(time.Now()).Round(time.Second)
	s.update(func(st *app.SyncStatus) { st.ClockSkew = skew })
}

func gzipJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
