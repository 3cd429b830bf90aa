package sqlite

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"servicehall/app"
)

// KeyFileName is the hall's personal-data key, beside the store file in the hub's data
// folder.
//
// Personal data at rest (an applicant's name, ID number and phone, and every form value)
// is sealed with AES-256-GCM under a 256-bit key. The key is created from crypto/rand on
// first use as DATA/personal.key with mode 0600 (64 hex digits), never inside the database:
// a copied or leaked hall.db, a backup of it or a support bundle with it reveals nothing
// personal. Whoever holds the data folder holds both; protecting the folder itself is the
// machine's job (file permissions, disk encryption). Losing the key file makes the
// sealed fields unreadable: back it up with the folder. Only when the store has no folder
// (an in-memory database) is the key kept in the store's meta table instead.
const KeyFileName = "personal.key"

const metaPersonalKey = "personal_key"

// personalAEAD returns the store's cipher, creating its key on first use.
func (db *DB) personalAEAD(ctx context.Context) (cipher.AEAD, error) {
	db.aeadMu.Lock()
	defer db.aeadMu.Unlock()
	if db.aead != nil {
		return db.aead, nil
	}
	key, err := db.personalKey(ctx)
	if err != nil {
		return nil, fmt.Errorf("personal-data key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	db.aead = g
	return g, nil
}

func (db *DB) inMemory() bool {
	return db.Path == "" || strings.Contains(db.Path, ":memory:") || strings.Contains(db.Path, "mode=memory")
}

// KeyPath is where the store's personal-data key lives ("" when it is kept in meta).
func (db *DB) KeyPath() string {
	if db.inMemory() {
		return ""
	}
	return filepath.Join(filepath.Dir(db.Path), KeyFileName)
}

func (db *DB) personalKey(ctx context.Context) ([]byte, error) {
	if path := db.KeyPath(); path != "" {
		return keyFile(path)
	}
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaPersonalKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		if err := db.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)`, metaPersonalKey, hex.EncodeToString(key))
			return err
		}); err != nil {
			return nil, err
		}
		err = db.w.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaPersonalKey).Scan(&v)
	}
	if err != nil {
		return nil, err
	}
	return decodeKey(v)
}

// keyFile reads the key at path, creating it (0600, never overwriting) when absent.
func keyFile(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil {
		return decodeKey(string(b))
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // another process made it first
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return decodeKey(string(b))
	} else if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return key, f.Close()
}

func decodeKey(s string) ([]byte, error) {
	key, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(key) != 32 {
		return nil, errors.New("the key is not 64 hex digits; restore it from a backup (a new key cannot read what the old one sealed)")
	}
	return key, nil
}

// personal is what an application row seals.
type personal struct {
	Applicant app.Applicant  `json:"applicant"`
	Fields    app.FormValues `json:"fields"`
}

func (db *DB) seal(ctx context.Context, trackingNo string, p personal) ([]byte, error) {
	g, err := db.personalAEAD(ctx)
	if err != nil {
		return nil, err
	}
	plain, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize(), g.NonceSize()+len(plain)+g.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, plain, []byte(trackingNo)), nil
}

func (db *DB) open(ctx context.Context, trackingNo string, sealed []byte) (personal, error) {
	var p personal
	g, err := db.personalAEAD(ctx)
	if err != nil {
		return p, err
	}
	if len(sealed) < g.NonceSize() {
		return p, fmt.Errorf("application %s: sealed data is truncated", trackingNo)
	}
	plain, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], []byte(trackingNo))
	if err != nil {
		return p, fmt.Errorf("application %s: cannot open its personal data (wrong key file?)", trackingNo)
	}
	return p, json.Unmarshal(plain, &p)
}

// ServiceDetails returns every service's whole guide entry, in catalogue order.
func (db *DB) ServiceDetails(ctx context.Context) ([]app.ServiceDetail, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, department, department_en, detail FROM services ORDER BY position, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.ServiceDetail
	for rows.Next() {
		var d app.ServiceDetail
		var detail string
		if err := rows.Scan(&d.ID, &d.DepartmentName, &d.DepartmentNameEN, &detail); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(detail), &d.CatalogueService); err != nil {
			return nil, fmt.Errorf("service %s: stored guide entry: %w", d.ID, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// serviceForm returns a service's form from its stored guide entry.
func serviceForm(tx *sql.Tx, serviceID string) (app.Form, error) {
	var detail string
	if err := tx.QueryRow(`SELECT detail FROM services WHERE id = ?`, serviceID).Scan(&detail); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return app.Form{}, app.Errorf(app.ENOTFOUND, "no service %s", serviceID)
		}
		return app.Form{}, err
	}
	var s app.CatalogueService
	if err := json.Unmarshal([]byte(detail), &s); err != nil {
		return app.Form{}, err
	}
	return s.Form, nil
}

// CreateApplication stores a new, validated application with the next tracking number of
// the hall-local day of its SubmittedAt, and its outbox row, in one transaction: only a
// stored application takes a number.
func (db *DB) CreateApplication(ctx context.Context, a app.Application) (app.Application, error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return a, err
	}
	if _, err := db.personalAEAD(ctx); err != nil {
		return a, err
	}
	local := a.SubmittedAt.In(hall.Location())
	day := local.Format(app.DateLayout)
	err = db.write(ctx, func(tx *sql.Tx) error {
		var seq int
		err := tx.QueryRow(`INSERT INTO application_seq (day, last) VALUES (?, 1)
			ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`, day).Scan(&seq)
		if err != nil {
			return err
		}
		a.TrackingNo = app.TrackingNo(hall.Code, local, seq)
		return db.storeApplication(ctx, tx, &a, day, true)
	})
	return a, err
}

// storeApplication writes a (insert or update) and its outbox row.
func (db *DB) storeApplication(ctx context.Context, tx *sql.Tx, a *app.Application, day string, insert bool) error {
	form, err := serviceForm(tx, a.ServiceID)
	if err != nil {
		return err
	}
	sealed, err := db.seal(ctx, a.TrackingNo, personal{Applicant: a.Applicant, Fields: a.Fields})
	if err != nil {
		return err
	}
	received, _ := json.Marshal(nonNilInts(a.Received))
	timeline, err := json.Marshal(a.Timeline)
	if err != nil {
		return err
	}
	if insert {
		_, err = tx.Exec(`INSERT INTO applications (tracking_no, service_id, status, day, personal, received, submitted_at,
			accepted_at, promised_date, legal_date, timeline, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.TrackingNo, a.ServiceID, string(a.Status), day, sealed, string(received), micros(a.SubmittedAt),
			nullMicros(a.AcceptedAt), nullText(a.PromisedDate), nullText(a.LegalDate), string(timeline), a.Version)
	} else {
		_, err = tx.Exec(`UPDATE applications SET status = ?, personal = ?, received = ?, accepted_at = ?, promised_date = ?,
			legal_date = ?, timeline = ?, version = ? WHERE tracking_no = ?`,
			string(a.Status), sealed, string(received), nullMicros(a.AcceptedAt), nullText(a.PromisedDate),
			nullText(a.LegalDate), string(timeline), a.Version, a.TrackingNo)
	}
	if err != nil {
		return err
	}
	// Central gets the record with personal data masked: the outbox lives in this file too.
	payload, err := json.Marshal(a.Masked(form))
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO outbox (record_id, kind, version, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
		a.TrackingNo, app.KindApplication, a.Version, string(payload), micros(db.Now()))
	return err
}

func nonNilInts(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const applicationCols = `a.tracking_no, a.service_id, a.status, a.personal, a.received, a.submitted_at, a.accepted_at,
	a.promised_date, a.legal_date, a.timeline, a.version, s.code, s.name, s.name_en, s.detail`

func (db *DB) scanApplication(ctx context.Context, row interface{ Scan(...any) error }) (app.Application, error) {
	var a app.Application
	var status, received, timeline, detail string
	var sealed []byte
	var submitted int64
	var accepted sql.NullInt64
	var promised, legal sql.NullString
	if err := row.Scan(&a.TrackingNo, &a.ServiceID, &status, &sealed, &received, &submitted, &accepted, &promised, &legal,
		&timeline, &a.Version, &a.ServiceCode, &a.ServiceName, &a.ServiceNameEN, &detail); err != nil {
		return a, err
	}
	a.Status = app.ApplicationStatus(status)
	a.SubmittedAt, a.AcceptedAt = fromMicros(submitted), timePtr(accepted)
	a.PromisedDate, a.LegalDate = promised.String, legal.String
	if err := json.Unmarshal([]byte(received), &a.Received); err != nil {
		return a, err
	}
	if len(a.Received) == 0 {
		a.Received = nil
	}
	if err := json.Unmarshal([]byte(timeline), &a.Timeline); err != nil {
		return a, err
	}
	var svc struct {
		Kind app.ServiceKind `json:"kind"`
	}
	_ = json.Unmarshal([]byte(detail), &svc)
	a.Kind = svc.Kind
	p, err := db.open(ctx, a.TrackingNo, sealed)
	if err != nil {
		return a, err
	}
	a.Applicant, a.Fields = p.Applicant, p.Fields
	if a.Fields == nil {
		a.Fields = app.FormValues{}
	}
	return a, nil
}

// Application returns one application, personal data in clear (the hub masks it).
// ENOTFOUND for an unknown tracking number.
func (db *DB) Application(ctx context.Context, trackingNo string) (app.Application, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+applicationCols+` FROM applications a JOIN services s ON s.id = a.service_id
		WHERE a.tracking_no = ?`, trackingNo)
	a, err := db.scanApplication(ctx, row)
	if errors.Is(err, sql.ErrNoRows) {
		return a, app.Errorf(app.ENOTFOUND, "no application %s", trackingNo)
	}
	return a, err
}

// Applications lists applications newest first, selected by f's status and service. When
// f asks for a deadline state only accepted and in-review ones are returned, unlimited
// (the hub computes deadlines on its calendar and applies the limit); otherwise at most
// f.Limit (app.DefaultApplicationLimit when 0).
func (db *DB) Applications(ctx context.Context, f app.ApplicationFilter) ([]app.Application, error) {
	q := `SELECT ` + applicationCols + ` FROM applications a JOIN services s ON s.id = a.service_id WHERE 1 = 1`
	var args []any
	if f.Status != "" {
		q += ` AND a.status = ?`
		args = append(args, string(f.Status))
	}
	if f.ServiceID != "" {
		q += ` AND a.service_id = ?`
		args = append(args, f.ServiceID)
	}
	if f.Overdue || f.Deadline != "" {
		q += ` AND a.status IN ('accepted', 'in_review')`
	}
	q += ` ORDER BY a.submitted_at DESC, a.tracking_no DESC`
	if !f.Overdue && f.Deadline == "" {
		limit := f.Limit
		if limit <= 0 {
			limit = app.DefaultApplicationLimit
		}
		q += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []app.Application{}
	for rows.Next() {
		a, err := db.scanApplication(ctx, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// UpdateApplication loads an application inside a write transaction, lets fn change it,
// and stores it with its outbox row when fn bumped its version. ENOTFOUND for an unknown
// tracking number; fn's error rolls everything back.
func (db *DB) UpdateApplication(ctx context.Context, trackingNo string, fn func(*app.Application) error) (app.Application, error) {
	return updateVersioned(ctx, db, "application "+trackingNo,
		func(tx *sql.Tx) (app.Application, error) {
			return db.scanApplication(ctx, tx.QueryRowContext(ctx, `SELECT `+applicationCols+` FROM applications a
				JOIN services s ON s.id = a.service_id WHERE a.tracking_no = ?`, trackingNo))
		},
		func(a *app.Application) int { return a.Version }, fn,
		func(tx *sql.Tx, a *app.Application) error { return db.storeApplication(ctx, tx, a, "", false) })
}

// ApplicationCount says how many applications the store holds.
func (db *DB) ApplicationCount(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications`).Scan(&n)
	return n, err
}
