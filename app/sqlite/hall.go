package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"servicehall/app"
)

// Meta keys.
const (
	metaHallCode = "hall_code"
	metaHallName = "hall_name"
	metaTimeZone = "time_zone"
)

// Hall returns the hall this store belongs to. ENOTFOUND before EnsureHall ran.
func (db *DB) Hall(ctx context.Context) (app.Hall, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT key, value FROM meta WHERE key IN (?, ?, ?)`, metaHallCode, metaHallName, metaTimeZone)
	if err != nil {
		return app.Hall{}, err
	}
	defer rows.Close()
	var h app.Hall
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return app.Hall{}, err
		}
		switch k {
		case metaHallCode:
			h.Code = v
		case metaHallName:
			h.Name = v
		case metaTimeZone:
			h.TimeZone = v
		}
	}
	if err := rows.Err(); err != nil {
		return app.Hall{}, err
	}
	if h.Code == "" {
		return app.Hall{}, app.Errorf(app.ENOTFOUND, "this store has no hall yet")
	}
	if h.TimeZone == "" {
		h.TimeZone = app.DefaultTimeZone
	}
	return h, nil
}

// EnsureHall sets up a new store for hall h: its identity, the seed catalogue and windows
// 1–app.DefaultWindows serving every queue. On a store that already has a hall it checks
// the code matches (a data folder belongs to one hall for life) and updates the name.
func (db *DB) EnsureHall(ctx context.Context, h app.Hall, catalogue []byte) error {
	if h.Code == "" {
		return app.Errorf(app.EINVALID, "hall code is required")
	}
	if h.TimeZone == "" {
		h.TimeZone = app.DefaultTimeZone
	}
	cur, err := db.Hall(ctx)
	switch {
	case err == nil && cur.Code != h.Code:
		return app.Errorf(app.ECONFLICT, "data folder belongs to hall %s, not %s", cur.Code, h.Code)
	case err == nil:
		if h.Name == "" || h.Name == cur.Name {
			return nil
		}
		return db.write(ctx, func(tx *sql.Tx) error {
			return setMeta(tx, metaHallName, h.Name)
		})
	case app.ErrorCode(err) != app.ENOTFOUND:
		return err
	}
	cat, err := app.ParseCatalogue(catalogue)
	if err != nil {
		return fmt.Errorf("seed catalogue: %w", err)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		for k, v := range map[string]string{metaHallCode: h.Code, metaHallName: h.Name, metaTimeZone: h.TimeZone} {
			if err := setMeta(tx, k, v); err != nil {
				return err
			}
		}
		if err := loadCatalogue(tx, cat); err != nil {
			return err
		}
		return defaultWindows(tx, app.DefaultWindows)
	})
}

func setMeta(tx *sql.Tx, k, v string) error {
	_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v)
	return err
}

// loadCatalogue upserts queues and services from a parsed catalogue.
func loadCatalogue(tx *sql.Tx, cat *app.Catalogue) error {
	for _, q := range cat.Queues {
		if _, err := tx.Exec(`INSERT INTO queues (code, prefix, name, name_en) VALUES (?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET prefix = excluded.prefix, name = excluded.name, name_en = excluded.name_en`,
			q.Code, q.Prefix, q.Name, q.NameEN); err != nil {
			return fmt.Errorf("queue %s: %w", q.Code, err)
		}
	}
	depts := map[string]app.Department{}
	for _, d := range cat.Departments {
		depts[d.Code] = d
	}
	for i, s := range cat.Services {
		detail, err := json.Marshal(s)
		if err != nil {
			return err
		}
		d := depts[s.Department]
		if _, err := tx.Exec(`INSERT INTO services (id, code, name, name_en, department, department_en, queue, position, detail)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, department = excluded.department,
				department_en = excluded.department_en, queue = excluded.queue, position = excluded.position, detail = excluded.detail`,
			app.ServiceID(s.Code), s.Code, s.Name, s.NameEN, d.Name, d.NameEN, s.Queue, i, string(detail)); err != nil {
			return fmt.Errorf("service %s: %w", s.Code, err)
		}
	}
	return nil
}

// defaultWindows creates windows 1..n, each serving every queue in prefix order.
func defaultWindows(tx *sql.Tx, n int) error {
	for w := 1; w <= n; w++ {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO windows (number) VALUES (?)`, w); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT OR IGNORE INTO window_queues (window, queue, rank)
			SELECT ?, code, ROW_NUMBER() OVER (ORDER BY prefix) FROM queues`, w); err != nil {
			return err
		}
	}
	return nil
}

// Services lists the catalogue in its seed order.
func (db *DB) Services(ctx context.Context) ([]app.Service, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, code, name, name_en, department, department_en, queue FROM services ORDER BY position, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []app.Service{}
	for rows.Next() {
		var s app.Service
		if err := rows.Scan(&s.ID, &s.Code, &s.Name, &s.NameEN, &s.Department, &s.DepartmentEN, &s.Queue); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Window returns a window and its queues in order. ENOTFOUND for an unknown number.
func (db *DB) Window(ctx context.Context, n int) (app.Window, error) {
	return window(ctx, db.r, n)
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func window(ctx context.Context, q querier, n int) (app.Window, error) {
	w := app.Window{Number: n}
	var paused int
	err := q.QueryRowContext(ctx, `SELECT paused FROM windows WHERE number = ?`, n).Scan(&paused)
	if errors.Is(err, sql.ErrNoRows) {
		return w, app.Errorf(app.ENOTFOUND, "no window %d in this hall", n)
	} else if err != nil {
		return w, err
	}
	w.Paused = paused != 0
	rows, err := q.QueryContext(ctx, `SELECT queue FROM window_queues WHERE window = ? ORDER BY rank`, n)
	if err != nil {
		return w, err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return w, err
		}
		w.Queues = append(w.Queues, c)
	}
	return w, rows.Err()
}

const (
	metaCentralURL   = "central_url"
	metaCentralToken = "central_token"
)

// CentralLink returns the central URL and hall credential saved by an earlier start.
func (db *DB) CentralLink(ctx context.Context) (url, token string, err error) {
	rows, err := db.r.QueryContext(ctx, `SELECT key, value FROM meta WHERE key IN (?, ?)`, metaCentralURL, metaCentralToken)
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return "", "", err
		}
		if k == metaCentralURL {
			url = v
		} else {
			token = v
		}
	}
	return url, token, rows.Err()
}

// SetCentralLink saves the central URL and the hall's enrolment code, so a township office restarted
// without flags still knows where to sync.
func (db *DB) SetCentralLink(ctx context.Context, url, token string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := setMeta(tx, metaCentralURL, url); err != nil {
			return err
		}
		// A new enrolment code means a new credential is wanted: forget the old one.
		if _, err := tx.Exec(`DELETE FROM meta WHERE key = ? AND NOT EXISTS
			(SELECT 1 FROM meta WHERE key = ? AND value = ?)`, metaCentralCredential, metaCentralToken, token); err != nil {
			return err
		}
		return setMeta(tx, metaCentralToken, token)
	})
}
