// Package sqlite is the hall store: the hub's SQLite file, its migrations, and every write
// of a hall's data. It is the only writer; every change that must reach central writes its
// outbox row in the same transaction as the change.
package sqlite

import (
	"context"
	"crypto/cipher"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"servicehall/app/sqlmigrate"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DefaultBusyTimeout is how long a connection waits on a lock held by another process
// (such as `hallhub terminal add` while the hub runs) before it gives up.
const DefaultBusyTimeout = 5 * time.Second

// FileName is the store's file inside a hub's data folder.
const FileName = "hall.db"

// DB is an open hall store. Writes go through one connection (SQLite has one writer
// anyway; one connection makes that explicit and keeps BEGIN IMMEDIATE from spinning on
// busy errors); reads use their own small pool, so a long read never stalls a write.
type DB struct {
	Path string
	// Now returns the current time; tests replace it to cross day boundaries.
	Now func() time.Time

	w *sql.DB
	r *sql.DB

	aeadMu sync.Mutex
	aead   cipher.AEAD // the personal-data cipher, made on first use (applications.go)
}

// Open opens (creating if needed) the store at path, applies pending migrations and checks
// that the file really is in WAL mode.
func Open(path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	db := &DB{Path: path, Now: time.Now}
	var err error
	if db.w, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		return nil, err
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetConnMaxLifetime(0)
	if db.r, err = sql.Open("sqlite", dsn(path, false)); err != nil {
		db.w.Close()
		return nil, err
	}
	db.r.SetMaxOpenConns(4)
	if err := db.init(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// dsn sets the pragmas on every connection the pool opens: a PRAGMA run with Exec reaches
// only one pooled connection. synchronous=FULL because the outbox lives in this file: a
// ticket the kiosk showed must survive a power cut, and so must its outbox row.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", DefaultBusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	if writer {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + q.Encode()
}

func (db *DB) init() error {
	var mode string
	if err := db.w.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		return fmt.Errorf("read journal mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, want wal (is the data folder on a network share?)", mode)
	}
	return db.migrate()
}

// migrate applies the embedded migrations newer than the file's user_version.
func (db *DB) migrate() error {
	return sqlmigrate.Apply(db.w, migrations, "migrations/*.sql")
}

// SchemaVersion returns the number of the last migration applied.
func (db *DB) SchemaVersion() (int, error) {
	var v int
	err := db.r.QueryRow(`PRAGMA user_version`).Scan(&v)
	return v, err
}

// IntegrityCheck runs PRAGMA integrity_check and returns its first line ("ok" when sound).
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var s string
	err := db.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&s)
	return s, err
}

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	return errors.Join(errs...)
}

// write runs fn in one immediate transaction on the writer connection.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func micros(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullMicros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return micros(*t)
}

func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}
