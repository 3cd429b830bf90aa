package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"servicehall/app"
)

// sealContact seals a request's contact under the hall's personal-data key (see
// KeyFileName), bound to the tracking number like an applicant's data.
func (db *DB) sealContact(ctx context.Context, trackingNo string, c app.Contact) ([]byte, error) {
	g, err := db.personalAEAD(ctx)
	if err != nil {
		return nil, err
	}
	plain, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize(), g.NonceSize()+len(plain)+g.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, plain, []byte(trackingNo)), nil
}

func (db *DB) openContact(ctx context.Context, trackingNo string, sealed []byte) (app.Contact, error) {
	var c app.Contact
	g, err := db.personalAEAD(ctx)
	if err != nil {
		return c, err
	}
	if len(sealed) < g.NonceSize() {
		return c, fmt.Errorf("request %s: sealed data is truncated", trackingNo)
	}
	plain, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], []byte(trackingNo))
	if err != nil {
		return c, fmt.Errorf("request %s: cannot open its personal data (wrong key file?)", trackingNo)
	}
	return c, json.Unmarshal(plain, &c)
}

// CreateRequest stores a new, validated request with the next request tracking number of
// the hall-local day of its SubmittedAt ({hall}-R-{yyyymmdd}-{seq}, from its own daily
// sequence) and its outbox row, in one transaction: only a stored request takes a number.
// ENOTFOUND (field service_id) for a ServiceID the catalogue does not have.
func (db *DB) CreateRequest(ctx context.Context, r app.Request) (app.Request, error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return r, err
	}
	if _, err := db.personalAEAD(ctx); err != nil {
		return r, err
	}
	local := r.SubmittedAt.In(hall.Location())
	day := local.Format(app.DateLayout)
	r.Hall = hall.Code
	if r.Version == 0 {
		r.Version = 1
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if r.ServiceID != "" {
			var n int
			if err := tx.QueryRow(`SELECT COUNT(*) FROM services WHERE id = ?`, r.ServiceID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return app.Errorf(app.ENOTFOUND, "no service %s", r.ServiceID).WithField("service_id")
			}
		}
		var seq int
		err := tx.QueryRow(`INSERT INTO request_seq (day, last) VALUES (?, 1)
			ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`, day).Scan(&seq)
		if err != nil {
			return err
		}
		r.TrackingNo = app.RequestTrackingNo(hall.Code, local, seq)
		return db.storeRequest(ctx, tx, &r, day, true)
	})
	return r, err
}

// storeRequest writes r (insert or update) and its outbox row. Central gets it with the
// contact masked: the outbox lives in this file too.
func (db *DB) storeRequest(ctx context.Context, tx *sql.Tx, r *app.Request, day string, insert bool) error {
	sealed, err := db.sealContact(ctx, r.TrackingNo, r.Contact)
	if err != nil {
		return err
	}
	var disclosure any
	if r.Disclosure != nil {
		b, err := json.Marshal(r.Disclosure)
		if err != nil {
			return err
		}
		disclosure = string(b)
	}
	if insert {
		_, err = tx.Exec(`INSERT INTO requests (tracking_no, kind, status, day, subject, text, personal, disclosure, service_id,
			window, terminal, submitted_at, answer, answered_at, answer_window, close_note, closed_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.TrackingNo, string(r.Kind), string(r.Status), day, r.Subject, r.Text, sealed, disclosure, r.ServiceID,
			r.Window, r.Terminal, micros(r.SubmittedAt), r.Answer, nullMicros(r.AnsweredAt), r.AnswerWindow, r.CloseNote,
			nullMicros(r.ClosedAt), r.Version)
	} else {
		_, err = tx.Exec(`UPDATE requests SET status = ?, personal = ?, answer = ?, answered_at = ?, answer_window = ?,
			close_note = ?, closed_at = ?, version = ? WHERE tracking_no = ?`,
			string(r.Status), sealed, r.Answer, nullMicros(r.AnsweredAt), r.AnswerWindow, r.CloseNote, nullMicros(r.ClosedAt),
			r.Version, r.TrackingNo)
	}
	if err != nil {
		return err
	}
	payload, err := json.Marshal(r.Masked())
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO outbox (record_id, kind, version, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
		r.TrackingNo, app.KindRequest, r.Version, string(payload), micros(db.Now()))
	return err
}

const requestCols = `tracking_no, kind, status, subject, text, personal, disclosure, service_id, window, terminal,
	submitted_at, answer, answered_at, answer_window, close_note, closed_at, version`

func (db *DB) scanRequest(ctx context.Context, row interface{ Scan(...any) error }, hall string) (app.Request, error) {
	var r app.Request
	var kind, status string
	var sealed []byte
	var disclosure sql.NullString
	var submitted int64
	var answered, closed sql.NullInt64
	if err := row.Scan(&r.TrackingNo, &kind, &status, &r.Subject, &r.Text, &sealed, &disclosure, &r.ServiceID, &r.Window,
		&r.Terminal, &submitted, &r.Answer, &answered, &r.AnswerWindow, &r.CloseNote, &closed, &r.Version); err != nil {
		return r, err
	}
	r.Hall, r.Kind, r.Status = hall, app.RequestKind(kind), app.RequestStatus(status)
	r.SubmittedAt, r.AnsweredAt, r.ClosedAt = fromMicros(submitted), timePtr(answered), timePtr(closed)
	if disclosure.Valid {
		r.Disclosure = &app.Disclosure{}
		if err := json.Unmarshal([]byte(disclosure.String), r.Disclosure); err != nil {
			return r, fmt.Errorf("request %s: disclosure: %w", r.TrackingNo, err)
		}
	}
	c, err := db.openContact(ctx, r.TrackingNo, sealed)
	if err != nil {
		return r, err
	}
	r.Contact = c
	return r, nil
}

// Request returns one request, its contact in clear (the hub masks it). ENOTFOUND.
func (db *DB) Request(ctx context.Context, trackingNo string) (app.Request, error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return app.Request{}, err
	}
	r, err := db.scanRequest(ctx, db.r.QueryRowContext(ctx, `SELECT `+requestCols+` FROM requests WHERE tracking_no = ?`, trackingNo), hall.Code)
	if errors.Is(err, sql.ErrNoRows) {
		return r, app.Errorf(app.ENOTFOUND, "no request %s", trackingNo)
	}
	return r, err
}

// Requests lists requests newest first, selected by f's kind and status, at most f.Limit
// (app.DefaultRequestLimit when 0); contacts in clear.
func (db *DB) Requests(ctx context.Context, f app.RequestFilter) ([]app.Request, error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return nil, err
	}
	var where []string
	var args []any
	if f.Kind != "" {
		where, args = append(where, `kind = ?`), append(args, string(f.Kind))
	}
	if f.Status != "" {
		where, args = append(where, `status = ?`), append(args, string(f.Status))
	}
	q := `SELECT ` + requestCols + ` FROM requests`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = app.DefaultRequestLimit
	}
	q += fmt.Sprintf(` ORDER BY submitted_at DESC, tracking_no DESC LIMIT %d`, limit)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []app.Request{}
	for rows.Next() {
		r, err := db.scanRequest(ctx, rows, hall.Code)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UpdateRequest loads a request inside a write transaction, lets fn change it, and stores
// it with its outbox row when fn bumped its version. ENOTFOUND; fn's error rolls
// everything back.
func (db *DB) UpdateRequest(ctx context.Context, trackingNo string, fn func(*app.Request) error) (app.Request, error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return app.Request{}, err
	}
	return updateVersioned(ctx, db, "request "+trackingNo,
		func(tx *sql.Tx) (app.Request, error) {
			return db.scanRequest(ctx, tx.QueryRowContext(ctx, `SELECT `+requestCols+` FROM requests WHERE tracking_no = ?`, trackingNo), hall.Code)
		},
		func(r *app.Request) int { return r.Version }, fn,
		func(tx *sql.Tx, r *app.Request) error { return db.storeRequest(ctx, tx, r, "", false) })
}

// RequestCount says how many requests the store holds.
func (db *DB) RequestCount(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM requests`).Scan(&n)
	return n, err
}

// SearchNotices lists the cached notices newest first, at most limit
// (app.DefaultNoticeLimit when ≤ 0), keeping those whose title or body contains every
// word (Latin letters in any case). No words lists them all. It reads only the hall's
// cache, so it works while the link to central is down.
func (db *DB) SearchNotices(ctx context.Context, words []string, limit int) ([]app.Notice, error) {
	if limit <= 0 {
		limit = app.DefaultNoticeLimit
	}
	q := `SELECT id, title, body, department, published_at FROM notices WHERE 1 = 1`
	var args []any
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	for _, w := range words {
		q += ` AND (title LIKE ? ESCAPE '\' OR body LIKE ? ESCAPE '\' OR department LIKE ? ESCAPE '\')`
		p := "%" + esc.Replace(w) + "%"
		args = append(args, p, p, p)
	}
	q += fmt.Sprintf(` ORDER BY published_at DESC, id LIMIT %d`, limit)
	rows, err := db.r.QueryContext(ctx, q, args...)
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
