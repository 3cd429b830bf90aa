// Package central is the city's reference central server: the store of every hall's
// records, the sync API halls push to, and the administrator API. It is a real server
// with a real SQLite store, so the whole system runs and is tested here; a city would run
// it (or its PostgreSQL twin) behind TLS.
package central

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"servicehall/app"
	"servicehall/sync/wire"
)

// FileName is the store's file inside central's data folder.
const FileName = "central.db"

//go:embed migrations/*.sql
var migrations embed.FS

// Store is central's SQLite store. One writer connection; readers in their own pool.
type Store struct {
	w, r *sql.DB
	Now  func() time.Time
}

// Open opens (creating if needed) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	mk := func(writer bool) string {
		q := url.Values{}
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "busy_timeout(5000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		if writer {
			q.Set("_txlock", "immediate")
		}
		return "file:" + path + "?" + q.Encode()
	}
	s := &Store{Now: time.Now}
	var err error
	if s.w, err = sql.Open("sqlite", mk(true)); err != nil {
		return nil, err
	}
	s.w.SetMaxOpenConns(1)
	if s.r, err = sql.Open("sqlite", mk(false)); err != nil {
		s.w.Close()
		return nil, err
	}
	var mode string
	if err := s.w.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || !strings.EqualFold(mode, "wal") {
		s.Close()
		return nil, fmt.Errorf("central store: journal mode %q, want wal (%v)", mode, err)
	}
	if err := s.migrate(); err != nil {
		s.Close()
		return nil, fmt.Errorf("central store: %w", err)
	}
	return s, nil
}

// Close closes the store.
func (s *Store) Close() error { return errors.Join(s.r.Close(), s.w.Close()) }

func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// IsAdmin reports whether token is an administrator token.
func (s *Store) IsAdmin(ctx context.Context, token string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM admin_tokens WHERE token_hash = ?`, app.HashToken(token)).Scan(&n)
	return n > 0, err
}

// knownKinds are the record kinds central stores.
var knownKinds = map[string]bool{app.KindTicket: true, "application": true, app.KindRating: true, app.KindRequest: true}

// Push stores a hall's batch idempotently: a record is stored when its ID is new or its
// version is higher than the one held; a version central already has is a duplicate; a
// replayed batch therefore changes nothing. The whole batch is one transaction.
func (s *Store) Push(ctx context.Context, hall string, req wire.PushRequest) ([]wire.PushResult, error) {
	now := s.Now()
	out := make([]wire.PushResult, len(req.Records))
	err := s.write(ctx, func(tx *sql.Tx) error {
		for i, rec := range req.Records {
			res := wire.PushResult{ID: rec.ID, Version: rec.Version}
			switch {
			case rec.ID == "" || rec.Version < 1:
				res.Status, res.Reason = wire.Rejected, "record needs an id and a version ≥ 1"
			case !knownKinds[rec.Kind]:
				res.Status, res.Reason = wire.Rejected, fmt.Sprintf("unknown record kind %q", rec.Kind)
			case len(rec.Payload) == 0 || rec.Payload[0] != '{':
				res.Status, res.Reason = wire.Rejected, "payload must be a JSON object"
			default:
				st, err := upsert(tx, hall, rec, now)
				if err != nil {
					return err
				}
				res.Status = st
				if st == wire.Rejected {
					res.Reason = "record belongs to another hall"
				}
			}
			out[i] = res
		}
		skew := now.Sub(req.SentAt).Milliseconds()
		_, err := tx.Exec(`UPDATE halls SET last_push = ?, last_skew_ms = ? WHERE code = ?`, now.UnixMicro(), skew, hall)
		return err
	})
	return out, err
}

func upsert(tx *sql.Tx, hall string, rec wire.Record, now time.Time) (string, error) {
	var have int
	var owner string
	err := tx.QueryRow(`SELECT version, hall FROM records WHERE id = ?`, rec.ID).Scan(&have, &owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.Exec(`INSERT INTO records (id, hall, kind, version, payload, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			rec.ID, hall, rec.Kind, rec.Version, string(rec.Payload), now.UnixMicro(), now.UnixMicro()); err != nil {
			return "", err
		}
	case err != nil:
		return "", err
	case owner != hall:
		return wire.Rejected, nil
	case rec.Version <= have:
		return wire.Duplicate, nil
	default:
		if _, err := tx.Exec(`UPDATE records SET version = ?, payload = ?, updated_at = ? WHERE id = ?`,
			rec.Version, string(rec.Payload), now.UnixMicro(), rec.ID); err != nil {
			return "", err
		}
	}
	_, err = tx.Exec(`INSERT INTO changes (hall, kind, id, version, at) VALUES (?, ?, ?, ?, ?)`, hall, rec.Kind, rec.ID, rec.Version, now.UnixMicro())
	return wire.Stored, err
}

// Summary is what central holds for one hall.
type Summary struct {
	Hall     string         `json:"hall"`
	Name     string         `json:"name"`
	Tickets  int            `json:"tickets"`
	Records  int            `json:"records"`
	ByKind   map[string]int `json:"by_kind"`
	Changes  int            `json:"changes"`
	LastPush *time.Time     `json:"last_push"`
	// ClockSkewMS is how far the hall's clock was from central's at its last push
	// (positive: the hall is behind). Reported, never obeyed.
	ClockSkewMS *int64 `json:"clock_skew_ms"`
}

// HallSummary counts the distinct records central holds for a hall. ENOTFOUND.
func (s *Store) HallSummary(ctx context.Context, code string) (Summary, error) {
	sum := Summary{Hall: code, ByKind: map[string]int{}}
	var last, skew sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT name, last_push, last_skew_ms FROM halls WHERE code = ?`, code).Scan(&sum.Name, &last, &skew)
	if errors.Is(err, sql.ErrNoRows) {
		return sum, app.Errorf(app.ENOTFOUND, "no hall %q", code)
	} else if err != nil {
		return sum, err
	}
	if last.Valid {
		t := time.UnixMicro(last.Int64).UTC()
		sum.LastPush = &t
	}
	if skew.Valid {
		sum.ClockSkewMS = &skew.Int64
	}
	rows, err := s.r.QueryContext(ctx, `SELECT kind, COUNT(*) FROM records WHERE hall = ? GROUP BY kind`, code)
	if err != nil {
		return sum, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return sum, err
		}
		sum.ByKind[k] = n
		sum.Records += n
	}
	sum.Tickets = sum.ByKind[app.KindTicket]
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM changes WHERE hall = ?`, code).Scan(&sum.Changes); err != nil {
		return sum, err
	}
	return sum, rows.Err()
}
