package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"servicehall/app"
)

// CreateRating stores a validated rating of a ticket (r.TicketID) or an application
// (r.TrackingNo) with its outbox row, in one transaction. It gives the rating its ID and
// the hall's code and fills in the rated ticket's number, service and window, or the
// application's service and the window that handled it. ENOTFOUND for an unknown
// ticket or application; ECONFLICT for a ticket that is not done, or a ticket or
// application already rated.
func (db *DB) CreateRating(ctx context.Context, r app.Rating) (app.Rating, error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return r, err
	}
	r.ID, r.Hall = uuid.Must(uuid.NewV7()).String(), hall.Code
	if r.Version == 0 {
		r.Version = 1
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		ref, err := rateSubject(tx, &r)
		if err != nil {
			return err
		}
		var have string
		err = tx.QueryRow(`SELECT id FROM ratings WHERE subject = ? AND subject_ref = ?`, string(r.Subject), ref).Scan(&have)
		if err == nil {
			return app.Errorf(app.ECONFLICT, "this %s is already rated", r.Subject)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		reasons, _ := json.Marshal(nonNilStrings(r.Reasons))
		if _, err := tx.Exec(`INSERT INTO ratings (id, subject, subject_ref, ticket_number, service_id, window, overall, efficiency,
			quality, attitude, reasons, text, follow_up, terminal, rated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, string(r.Subject), ref, r.TicketNumber, r.ServiceID, r.Window, int(r.Scores.Overall), int(r.Scores.Efficiency),
			int(r.Scores.Quality), int(r.Scores.Attitude), string(reasons), r.Text, r.FollowUp, r.Terminal, micros(r.RatedAt), r.Version); err != nil {
			return err
		}
		payload, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO outbox (record_id, kind, version, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
			r.ID, app.KindRating, r.Version, string(payload), micros(db.Now()))
		return err
	})
	return r, err
}

// rateSubject checks the rated ticket or application, fills r in from it and returns the
// reference the uniqueness rule keys on.
func rateSubject(tx *sql.Tx, r *app.Rating) (string, error) {
	switch r.Subject {
	case app.RatingOfTicket:
		var status string
		var win sql.NullInt64
		err := tx.QueryRow(`SELECT number, service_id, status, window FROM tickets WHERE id = ?`, r.TicketID).
			Scan(&r.TicketNumber, &r.ServiceID, &status, &win)
		if errors.Is(err, sql.ErrNoRows) {
			return "", app.Errorf(app.ENOTFOUND, "no ticket %q", r.TicketID)
		} else if err != nil {
			return "", err
		}
		if app.TicketStatus(status) != app.TicketDone {
			return "", app.Errorf(app.ECONFLICT, "ticket %s is %s: a ticket is rated once it is finished", r.TicketNumber, status)
		}
		r.Window = int(win.Int64)
		return r.TicketID, nil
	case app.RatingOfApplication:
		var timeline string
		err := tx.QueryRow(`SELECT service_id, timeline FROM applications WHERE tracking_no = ?`, r.TrackingNo).Scan(&r.ServiceID, &timeline)
		if errors.Is(err, sql.ErrNoRows) {
			return "", app.Errorf(app.ENOTFOUND, "no application %s", r.TrackingNo)
		} else if err != nil {
			return "", err
		}
		var steps []app.Step
		if json.Unmarshal([]byte(timeline), &steps) == nil {
			for _, s := range steps { // the last window that handled it
				if s.Window > 0 {
					r.Window = s.Window
				}
			}
		}
		return r.TrackingNo, nil
	}
	return "", app.Errorf(app.EINVALID, "unknown rating subject %q", r.Subject).WithField("subject")
}

func nonNilStrings(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

const ratingCols = `id, subject, subject_ref, ticket_number, service_id, window, overall, efficiency, quality, attitude,
	reasons, text, follow_up, terminal, rated_at, version`

func scanRating(row interface{ Scan(...any) error }, hall string) (app.Rating, error) {
	var r app.Rating
	var subject, ref, reasons string
	var o, e, q, a int
	var at int64
	if err := row.Scan(&r.ID, &subject, &ref, &r.TicketNumber, &r.ServiceID, &r.Window, &o, &e, &q, &a, &reasons, &r.Text,
		&r.FollowUp, &r.Terminal, &at, &r.Version); err != nil {
		return r, err
	}
	r.Hall, r.Subject, r.RatedAt = hall, app.RatingSubject(subject), fromMicros(at)
	if r.Subject == app.RatingOfTicket {
		r.TicketID = ref
	} else {
		r.TrackingNo = ref
	}
	r.Scores = app.RatingScores{Overall: app.RatingLevel(o), Efficiency: app.RatingLevel(e), Quality: app.RatingLevel(q), Attitude: app.RatingLevel(a)}
	if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
		return r, fmt.Errorf("rating %s: reasons: %w", r.ID, err)
	}
	if len(r.Reasons) == 0 {
		r.Reasons = nil
	}
	return r, nil
}

// Ratings lists ratings newest first, selected by f, at most f.Limit
// (app.DefaultRatingLimit when 0).
func (db *DB) Ratings(ctx context.Context, f app.RatingFilter) ([]app.Rating, error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return nil, err
	}
	var where []string
	var args []any
	if f.FollowUp {
		where = append(where, `follow_up = 1`)
	}
	if f.Window > 0 {
		where = append(where, `window = ?`)
		args = append(args, f.Window)
	}
	q := `SELECT ` + ratingCols + ` FROM ratings`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = app.DefaultRatingLimit
	}
	q += fmt.Sprintf(` ORDER BY rated_at DESC, id DESC LIMIT %d`, limit)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []app.Rating{}
	for rows.Next() {
		r, err := scanRating(rows, hall.Code)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RatingCount says how many ratings the store holds.
func (db *DB) RatingCount(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM ratings`).Scan(&n)
	return n, err
}
