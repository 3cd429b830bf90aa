package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"servicehall/app"
)

const (
	metaPullCursor        = "pull_cursor"
	metaCentralCredential = "central_credential"
)

// Applier applies one pulled change of its kind inside the pull's transaction. It must be
// idempotent and keep the higher version: a page may arrive twice or out of order.
type Applier func(db *DB, tx *sql.Tx, ch app.PulledChange, now time.Time) error

var (
	appliersMu sync.RWMutex
	appliers   = map[string]Applier{
		"service":            applyService,
		"notice":             applyNotice,
		"application_status": applyApplicationStatus,
	}
)

// RegisterApplier makes kind's changes go through fn instead of the generic
// central_records table. Packages that own a kind's table register in init.
func RegisterApplier(kind string, fn Applier) {
	appliersMu.Lock()
	appliers[kind] = fn
	appliersMu.Unlock()
}

func applierFor(kind string) Applier {
	appliersMu.RLock()
	defer appliersMu.RUnlock()
	if fn, ok := appliers[kind]; ok {
		return fn
	}
	return applyGeneric
}

// PullCursor is the seq of the last central change this hall applied.
func (db *DB) PullCursor(ctx context.Context) (int64, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaPullCursor).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// ApplyPull applies a page of central changes and moves the cursor to next in the same
// transaction, and only forward: a page delivered twice, or an older page after a newer
// one, leaves the hall's data as it was.
func (db *DB) ApplyPull(ctx context.Context, changes []app.PulledChange, next int64) error {
	now := db.Now().UTC()
	for _, ch := range changes {
		if ch.Kind == "application_status" { // decrypting needs the key before the transaction
			if _, err := db.personalAEAD(ctx); err != nil {
				return err
			}
			break
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		for _, ch := range changes {
			if err := applierFor(ch.Kind)(db, tx, ch, now); err != nil {
				return fmt.Errorf("apply %s %s v%d: %w", ch.Kind, ch.ID, ch.Version, err)
			}
		}
		_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)`,
			metaPullCursor, strconv.FormatInt(next, 10))
		return err
	})
}

func applyGeneric(_ *DB, tx *sql.Tx, ch app.PulledChange, now time.Time) error {
	_, err := tx.Exec(`INSERT INTO central_records (kind, id, version, payload, received_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, payload = excluded.payload, received_at = excluded.received_at
		WHERE excluded.version > central_records.version`, ch.Kind, ch.ID, ch.Version, string(ch.Payload), micros(now))
	return err
}

func applyNotice(_ *DB, tx *sql.Tx, ch app.PulledChange, _ time.Time) error {
	var n app.Notice
	if err := json.Unmarshal(ch.Payload, &n); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT INTO notices (id, version, title, body, department, published_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title, body = excluded.body,
			department = excluded.department, published_at = excluded.published_at
		WHERE excluded.version > notices.version`, ch.ID, ch.Version, n.Title, n.Body, n.Department, micros(n.PublishedAt))
	return err
}

// applyService upserts a catalogue entry central changed, keeping the higher version.
func applyService(_ *DB, tx *sql.Tx, ch app.PulledChange, _ time.Time) error {
	var s app.CatalogueService
	if err := json.Unmarshal(ch.Payload, &s); err != nil {
		return err
	}
	var have int
	err := tx.QueryRow(`SELECT version FROM services WHERE code = ?`, s.Code).Scan(&have)
	if err == nil && have >= ch.Version {
		return nil
	} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var qn int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM queues WHERE code = ?`, s.Queue).Scan(&qn); err != nil {
		return err
	}
	if qn == 0 {
		return fmt.Errorf("service %s names unknown queue %q", s.Code, s.Queue)
	}
	var dept, deptEN string
	_ = tx.QueryRow(`SELECT department, department_en FROM services WHERE json_extract(detail, '$.department') = ? LIMIT 1`, s.Department).Scan(&dept, &deptEN)
	if dept == "" {
		dept = s.Department
	}
	detail, _ := json.Marshal(s)
	_, err = tx.Exec(`INSERT INTO services (id, code, name, name_en, department, department_en, queue, position, detail, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM services), ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, department = excluded.department,
			department_en = excluded.department_en, queue = excluded.queue, detail = excluded.detail, version = excluded.version`,
		app.ServiceID(s.Code), s.Code, s.Name, s.NameEN, dept, deptEN, s.Queue, string(detail), ch.Version)
	return err
}

// Notices lists the cached notices, newest first.
func (db *DB) Notices(ctx context.Context) ([]app.Notice, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, title, body, department, published_at FROM notices ORDER BY published_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []app.Notice{}
	for rows.Next() {
		var n app.Notice
		var at int64
		if err := rows.Scan(&n.ID, &n.Title, &n.Body, &n.Department, &at); err != nil {
			return nil, err
		}
		n.PublishedAt = fromMicros(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// CentralRecordCount counts central changes kept in the generic table, per kind.
func (db *DB) CentralRecordCount(ctx context.Context, kind string) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM central_records WHERE kind = ?`, kind).Scan(&n)
	return n, err
}

// CentralCredential is the long-lived credential central gave this hall ("" before
// enrolment).
func (db *DB) CentralCredential(ctx context.Context) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaCentralCredential).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SaveCentralCredential keeps the credential central gave in exchange for the enrolment code.
func (db *DB) SaveCentralCredential(ctx context.Context, cred string) error {
	return db.write(ctx, func(tx *sql.Tx) error { return setMeta(tx, metaCentralCredential, cred) })
}

// DeadLetters lists records central refused for good, newest first.
func (db *DB) DeadLetters(ctx context.Context) ([]app.DeadLetter, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, record_id, kind, version, reason, failed_at FROM dead_letters ORDER BY seq DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []app.DeadLetter{}
	for rows.Next() {
		var d app.DeadLetter
		var at int64
		if err := rows.Scan(&d.Seq, &d.RecordID, &d.Kind, &d.Version, &d.Reason, &at); err != nil {
			return nil, err
		}
		d.FailedAt = fromMicros(at)
		out = append(out, d)
	}
	return out, rows.Err()
}
