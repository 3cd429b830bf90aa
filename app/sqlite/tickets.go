package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"servicehall/app"
)

const ticketCols = `id, number, service_id, queue, priority, status, window, day, issued_at, called_at, finished_at, version, recalls, outcome, for_window, booking_id, est_wait_min`

func scanTicket(row interface{ Scan(...any) error }) (app.Ticket, error) {
	var t app.Ticket
	var prio, status string
	var win sql.NullInt64
	var issued int64
	var called, finished sql.NullInt64
	var outcome, booking sql.NullString
	var forWin sql.NullInt64
	err := row.Scan(&t.ID, &t.Number, &t.ServiceID, &t.Queue, &prio, &status, &win, &t.Day, &issued, &called, &finished, &t.Version,
		&t.Recalls, &outcome, &forWin, &booking, &t.EstimatedWaitMin)
	if err != nil {
		return t, err
	}
	t.Outcome, t.ForWindow, t.BookingID = app.Outcome(outcome.String), int(forWin.Int64), booking.String
	t.Priority, t.Status = app.Priority(prio), app.TicketStatus(status)
	t.Window = int(win.Int64)
	t.IssuedAt = fromMicros(issued)
	t.CalledAt, t.FinishedAt = timePtr(called), timePtr(finished)
	return t, nil
}

// IssueTicket takes the next number of the service's queue for the hall's current local
// day, stores the ticket and its outbox row in one transaction, and says how many wait
// ahead of it. EINVALID for bad input, ENOTFOUND for an unknown service.
func (db *DB) IssueTicket(ctx context.Context, req app.IssueRequest) (app.Ticket, error) {
	if err := req.Validate(); err != nil {
		return app.Ticket{}, err
	}
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		var err error
		t, err = q.issue(req, nil)
		return err
	})
	return t, err
}

// CallNext calls the next waiting ticket to window n: green channel first, then the
// window's queues in order, oldest first. A ticket the window still holds (called or
// serving) is finished first, in the same transaction. It returns the called ticket (nil
// when nobody waits) and the finished one (nil when the window held none).
// ENOTFOUND for an unknown window, ECONFLICT for a paused one.
func (db *DB) CallNext(ctx context.Context, n int) (called, finished *app.Ticket, err error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return nil, nil, err
	}
	now := db.Now().UTC()
	day := app.HallDay(now, hall.Location())
	err = db.write(ctx, func(tx *sql.Tx) error {
		w, err := window(ctx, tx, n)
		if err != nil {
			return err
		}
		if w.Paused {
			return app.Errorf(app.ECONFLICT, "window %d is paused", n)
		}
		if err := rollover(tx, day, now, hall.Code); err != nil {
			return err
		}
		if finished, err = finishAtWindow(tx, n, now, hall.Code); err != nil {
			return err
		}
		id, err := nextWaiting(tx, w)
		if err != nil || id == "" {
			return err
		}
		t, err := callTicket(tx, n, id, now)
		if err != nil {
			return err
		}
		t.Hall = hall.Code
		called = &t
		return enqueue(tx, t, now)
	})
	if err != nil {
		return nil, nil, err
	}
	return called, finished, nil
}

// nextWaiting finds the ID of the ticket window w calls next, with one index probe per
// queue and priority: fast with tens of thousands waiting. Tickets transferred to this
// window come first; then green channel before normal, the window's queues in order,
// and in a queue the earliest place (issue time, or booked time for a check-in).
// Waiting tickets of past days were expired by rollover unless the hall keeps them.
func nextWaiting(tx *sql.Tx, w app.Window) (string, error) {
	for _, prio := range []app.Priority{app.PriorityGreen, app.PriorityNormal} {
		var id string
		err := tx.QueryRow(`SELECT id FROM tickets INDEXED BY tickets_for_window
			WHERE status = 'waiting' AND for_window = ? AND priority = ?
			ORDER BY sort_at, id LIMIT 1`, w.Number, string(prio)).Scan(&id)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return id, err
		}
	}
	for _, prio := range []app.Priority{app.PriorityGreen, app.PriorityNormal} {
		for _, q := range w.Queues {
			var id string
			err := tx.QueryRow(`SELECT id FROM tickets INDEXED BY tickets_waiting
				WHERE status = 'waiting' AND queue = ? AND priority = ? AND for_window IS NULL
				ORDER BY sort_at, id LIMIT 1`, q, string(prio)).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			return id, err
		}
	}
	return "", nil
}

func finishAtWindow(tx *sql.Tx, n int, now time.Time, hall string) (*app.Ticket, error) {
	t, err := scanTicket(tx.QueryRow(`UPDATE tickets SET status = 'done', finished_at = ?, outcome = COALESCE(outcome, 'on_the_spot'),
		version = version + 1 WHERE window = ? AND status IN ('called', 'serving') RETURNING `+ticketCols, micros(now), n))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	t.Hall = hall
	return &t, enqueue(tx, t, now)
}

// FinishTicket marks a called, serving or held ticket done on the spot. ENOTFOUND, or
// ECONFLICT when the ticket is not at a window.
func (db *DB) FinishTicket(ctx context.Context, id string) (app.Ticket, error) {
	return db.FinishWith(ctx, id, app.OutcomeOnTheSpot)
}

// Ticket returns one ticket. ENOTFOUND.
func (db *DB) Ticket(ctx context.Context, id string) (app.Ticket, error) {
	t, err := scanTicket(db.r.QueryRowContext(ctx, `SELECT `+ticketCols+` FROM tickets WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, app.Errorf(app.ENOTFOUND, "no ticket %q", id)
	}
	return t, err
}

// WaitingCount counts today's waiting tickets (in the hall's local day).
func (db *DB) WaitingCount(ctx context.Context) (int, error) {
	hall, err := db.Hall(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets WHERE status = 'waiting' AND day = ?`,
		app.HallDay(db.Now(), hall.Location())).Scan(&n)
	return n, err
}

// enqueue writes a ticket's new version to the outbox, inside the caller's transaction.
func enqueue(tx *sql.Tx, t app.Ticket, now time.Time) error {
	t.WaitingAhead = 0 // a moment's view, not part of the record
	payload, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO outbox (record_id, kind, version, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
		t.ID, app.KindTicket, t.Version, string(payload), micros(now))
	return err
}
