package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/google/uuid"

	"servicehall/app"
)

// Meta keys of the queue.
const (
	metaHallRules = "hall_rules"
	metaQueueDay  = "queue_day" // the hall day the last rollover ran for
	metaIDSalt    = "id_salt"   // the hall's salt for ID number hashes
)

// queueTx is one write transaction of the queue with what every action needs: the hall,
// its rules and the moment, read once.
type queueTx struct {
	ctx   context.Context
	tx    *sql.Tx
	hall  app.Hall
	rules app.HallRules
	loc   *time.Location
	now   time.Time
	day   string
}

// writeQueue runs fn in one write transaction after rolling the queue over to today.
func (db *DB) writeQueue(ctx context.Context, fn func(q *queueTx) error) error {
	hall, err := db.Hall(ctx)
	if err != nil {
		return err
	}
	rules, err := db.Rules(ctx)
	if err != nil {
		return err
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	loc := app.LoadLocation(rules.TimeZone)
	return db.write(ctx, func(tx *sql.Tx) error {
		q := &queueTx{ctx: ctx, tx: tx, hall: hall, rules: rules, loc: loc, now: now, day: app.HallDay(now, loc)}
		if !rules.KeepOvernight {
			if err := rollover(tx, q.day, now, hall.Code); err != nil {
				return err
			}
		}
		return fn(q)
	})
}

// rollover closes the waiting and held tickets of past hall days ("expired") once per
// day, at the first write of a new day, each with its outbox row. Halls that keep their
// queue overnight skip it.
func rollover(tx *sql.Tx, day string, now time.Time, hall string) error {
	var last string
	err := tx.QueryRow(`SELECT value FROM meta WHERE key = ?`, metaQueueDay).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if last == day {
		return nil
	}
	var keep bool
	var raw string
	if tx.QueryRow(`SELECT value FROM meta WHERE key = ?`, metaHallRules).Scan(&raw) == nil {
		var r app.HallRules
		if json.Unmarshal([]byte(raw), &r) == nil {
			keep = r.KeepOvernight
		}
	}
	if !keep {
		rows, err := tx.Query(`UPDATE tickets SET status = 'expired', finished_at = ?, window = NULL, version = version + 1
			WHERE status IN ('waiting', 'held') AND day < ? RETURNING `+ticketCols, micros(now), day)
		if err != nil {
			return err
		}
		var expired []app.Ticket
		for rows.Next() {
			t, err := scanTicket(rows)
			if err != nil {
				rows.Close()
				return err
			}
			t.Hall = hall
			expired = append(expired, t)
		}
		rows.Close()
		for _, t := range expired {
			if err := enqueue(tx, t, now); err != nil {
				return err
			}
		}
	}
	return setMeta(tx, metaQueueDay, day)
}

// Rules returns the hall's queue rules (the defaults until an admin set them).
func (db *DB) Rules(ctx context.Context) (app.HallRules, error) {
	r := app.DefaultHallRules()
	var raw string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaHallRules).Scan(&raw)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, err
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return r, fmt.Errorf("stored hall rules: %w", err)
		}
	}
	hall, err := db.Hall(ctx)
	if err != nil {
		return r, err
	}
	r.TimeZone = hall.TimeZone
	if r.Queues == nil {
		r.Queues = []app.QueueRules{}
	}
	return r, nil
}

// SetRules validates and stores the hall's rules; the time zone goes to the hall itself.
// EINVALID for bad rules or a queue the hall does not have.
func (db *DB) SetRules(ctx context.Context, r app.HallRules) (app.HallRules, error) {
	if err := r.Validate(); err != nil {
		return r, err
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		for i, q := range r.Queues {
			var n int
			if err := tx.QueryRow(`SELECT COUNT(*) FROM queues WHERE code = ?`, q.Queue).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return app.Errorf(app.EINVALID, "no queue %q in this hall", q.Queue).WithField(fmt.Sprintf("queues[%d].queue", i))
			}
		}
		raw, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if err := setMeta(tx, metaHallRules, string(raw)); err != nil {
			return err
		}
		return setMeta(tx, metaTimeZone, r.TimeZone)
	})
	if err != nil {
		return r, err
	}
	return db.Rules(ctx)
}

// issue takes a number in the caller's transaction: the rules' hours and daily cap (a
// booking's check-in passes both: its place was given in advance), the next number, how
// many wait ahead, the estimated wait, the ticket and its outbox row.
func (q *queueTx) issue(req app.IssueRequest, bk *app.Booking) (app.Ticket, error) {
	t := app.Ticket{
		ID:        uuid.Must(uuid.NewV7()).String(),
		ServiceID: req.ServiceID,
		Priority:  req.Priority,
		Status:    app.TicketWaiting,
		Day:       q.day,
		IssuedAt:  q.now,
		Version:   1,
		Hall:      q.hall.Code,
	}
	var prefix string
	err := q.tx.QueryRow(`SELECT s.queue, qu.prefix FROM services s JOIN queues qu ON qu.code = s.queue WHERE s.id = ?`,
		req.ServiceID).Scan(&t.Queue, &prefix)
	if errors.Is(err, sql.ErrNoRows) {
		return t, app.Errorf(app.ENOTFOUND, "no service %q in this hall", req.ServiceID).WithField("service_id")
	} else if err != nil {
		return t, err
	}
	sortAt := q.now
	if bk != nil {
		sortAt, t.BookingID = bk.BookedAt, bk.ID
	} else {
		qr := q.rules.For(t.Queue)
		if !qr.Issuing(q.now, q.loc) {
			return t, app.Errorf(app.ECONFLICT, "queue %s issues numbers %s–%s only", t.Queue, qr.Opens, qr.Closes).WithField(app.FieldIssuingHours)
		}
		if qr.DailyCap > 0 {
			var last int
			err := q.tx.QueryRow(`SELECT last FROM ticket_seq WHERE day = ? AND queue = ?`, q.day, t.Queue).Scan(&last)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return t, err
			}
			if last >= qr.DailyCap {
				return t, app.Errorf(app.ECONFLICT, "today's numbers of queue %s are all given out", t.Queue).WithField(app.FieldDailyCap)
			}
		}
	}
	var seq int
	if err := q.tx.QueryRow(`INSERT INTO ticket_seq (day, queue, last) VALUES (?, ?, 1)
		ON CONFLICT (day, queue) DO UPDATE SET last = last + 1 RETURNING last`, t.Day, t.Queue).Scan(&seq); err != nil {
		return t, err
	}
	t.Number = app.TicketNumber(prefix, seq)
	// Green tickets wait only behind earlier green tickets; normal ones behind everyone
	// placed before them.
	if err := q.tx.QueryRow(`SELECT COUNT(*) FROM tickets WHERE status = 'waiting' AND queue = ? AND sort_at <= ?
		AND (? = 'normal' OR priority = 'green')`, t.Queue, micros(sortAt), string(t.Priority)).Scan(&t.WaitingAhead); err != nil {
		return t, err
	}
	est, err := estimate(q.ctx, q.tx, t.Queue, q.day, t.WaitingAhead)
	if err != nil {
		return t, err
	}
	t.EstimatedWaitMin = app.WaitMinutes(est)
	if _, err := q.tx.Exec(`INSERT INTO tickets (id, number, service_id, queue, priority, status, day, issued_at, version,
		sort_at, booking_id, est_wait_min) VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, 1, ?, ?, ?)`,
		t.ID, t.Number, t.ServiceID, t.Queue, string(t.Priority), t.Day, micros(t.IssuedAt), micros(sortAt),
		nullString(t.BookingID), t.EstimatedWaitMin); err != nil {
		return t, err
	}
	return t, enqueue(q.tx, t, q.now)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// estimate is the wait of someone with ahead people before them in queue, from the last
// app.RecentServiceSample service times of today and the open windows serving the queue.
func estimate(ctx context.Context, q querier, queue, day string, ahead int) (time.Duration, error) {
	if ahead <= 0 {
		return 0, nil
	}
	var open int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM window_queues wq JOIN windows w ON w.number = wq.window
		WHERE wq.queue = ? AND w.paused = 0`, queue).Scan(&open); err != nil {
		return 0, err
	}
	rows, err := q.QueryContext(ctx, `SELECT finished_at - first_called_at FROM tickets INDEXED BY tickets_day
		WHERE day = ? AND queue = ? AND status = 'done' AND first_called_at IS NOT NULL
		ORDER BY finished_at DESC LIMIT ?`, day, queue, app.RecentServiceSample)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var recent []time.Duration
	for rows.Next() {
		var us int64
		if err := rows.Scan(&us); err != nil {
			return 0, err
		}
		recent = append(recent, time.Duration(us)*time.Microsecond)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return app.EstimateWait(ahead, recent, open), nil
}

// callTicket moves waiting ticket id to window n, inside the caller's transaction.
func callTicket(tx *sql.Tx, n int, id string, now time.Time) (app.Ticket, error) {
	t, err := scanTicket(tx.QueryRow(`UPDATE tickets SET status = 'called', window = ?, called_at = ?,
		first_called_at = COALESCE(first_called_at, ?), for_window = NULL, finished_at = NULL, version = version + 1
		WHERE id = ? AND status IN ('waiting', 'no_show') RETURNING `+ticketCols, n, micros(now), micros(now), id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, app.Errorf(app.ECONFLICT, "ticket is not waiting")
	}
	return t, err
}

// find returns a ticket by record ID or by number (today's first, then the latest).
func (q *queueTx) find(ref string) (app.Ticket, error) {
	ref = strings.TrimSpace(ref)
	t, err := scanTicket(q.tx.QueryRow(`SELECT `+ticketCols+` FROM tickets WHERE id = ?`, ref))
	if errors.Is(err, sql.ErrNoRows) {
		t, err = scanTicket(q.tx.QueryRow(`SELECT `+ticketCols+` FROM tickets WHERE number = ?
			ORDER BY day = ? DESC, day DESC LIMIT 1`, strings.ToUpper(ref), q.day))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return t, app.Errorf(app.ENOTFOUND, "no ticket %q", ref)
	}
	t.Hall = q.hall.Code
	return t, err
}

// update applies set to ticket id (bumping its version) and writes the outbox row.
func (q *queueTx) update(id, set string, args ...any) (app.Ticket, error) {
	t, err := scanTicket(q.tx.QueryRow(`UPDATE tickets SET `+set+`, version = version + 1 WHERE id = ? RETURNING `+ticketCols,
		append(args, id)...))
	if err != nil {
		return t, err
	}
	t.Hall = q.hall.Code
	return t, enqueue(q.tx, t, q.now)
}

// move checks that ticket ref may go to next and returns it.
func (q *queueTx) move(ref string, next app.TicketStatus) (app.Ticket, error) {
	t, err := q.find(ref)
	if err != nil {
		return t, err
	}
	if !t.Status.CanMove(next) {
		return t, app.Errorf(app.ECONFLICT, "ticket %s is %s and cannot become %s", t.Number, t.Status, next)
	}
	return t, nil
}

// CallTicket calls one ticket (by ID or number) to window n out of order, finishing the
// window's current ticket first. It returns the called ticket and the finished one.
// ENOTFOUND, ECONFLICT for a paused window or a ticket that is not waiting.
func (db *DB) CallTicket(ctx context.Context, n int, ref string) (called app.Ticket, finished *app.Ticket, err error) {
	err = db.writeQueue(ctx, func(q *queueTx) error {
		w, err := window(ctx, q.tx, n)
		if err != nil {
			return err
		}
		if w.Paused {
			return app.Errorf(app.ECONFLICT, "window %d is paused", n)
		}
		cur, err := q.move(ref, app.TicketCalled)
		if err != nil {
			return err
		}
		if cur.Status != app.TicketWaiting && cur.Status != app.TicketNoShow {
			return app.Errorf(app.ECONFLICT, "ticket %s is %s", cur.Number, cur.Status)
		}
		if finished, err = finishAtWindow(q.tx, n, q.now, q.hall.Code); err != nil {
			return err
		}
		if called, err = callTicket(q.tx, n, cur.ID, q.now); err != nil {
			return err
		}
		called.Hall = q.hall.Code
		return enqueue(q.tx, called, q.now)
	})
	return called, finished, err
}

// Recall calls a called ticket again. ECONFLICT with app.FieldRecallLimit once the hall's
// recall limit is reached.
func (db *DB) Recall(ctx context.Context, id string) (app.Ticket, error) {
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		cur, err := q.find(id)
		if err != nil {
			return err
		}
		if cur.Status != app.TicketCalled {
			return app.Errorf(app.ECONFLICT, "ticket %s is %s, not called", cur.Number, cur.Status)
		}
		if cur.Recalls >= q.rules.RecallLimit {
			return app.Errorf(app.ECONFLICT, "ticket %s was recalled %d times, the hall's limit", cur.Number, cur.Recalls).WithField(app.FieldRecallLimit)
		}
		t, err = q.update(cur.ID, `recalls = recalls + 1, called_at = ?`, micros(q.now))
		return err
	})
	return t, err
}

// NoShow marks a called ticket a no-show. ECONFLICT with app.FieldRecalls until it was
// recalled as often as the hall's rules say.
func (db *DB) NoShow(ctx context.Context, id string) (app.Ticket, error) {
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		cur, err := q.move(id, app.TicketNoShow)
		if err != nil {
			return err
		}
		if cur.Recalls < q.rules.RecallLimit {
			return app.Errorf(app.ECONFLICT, "ticket %s needs %d recalls before a no-show (has %d)", cur.Number, q.rules.RecallLimit, cur.Recalls).WithField(app.FieldRecalls)
		}
		t, err = q.update(cur.ID, `status = 'no_show', finished_at = ?`, micros(q.now))
		return err
	})
	return t, err
}

// Transfer puts an open ticket back to waiting in another queue, or for one window,
// keeping its place in time. EINVALID for a bad target, ENOTFOUND, ECONFLICT.
func (db *DB) Transfer(ctx context.Context, id string, req app.TransferRequest) (app.Ticket, error) {
	if err := req.Validate(); err != nil {
		return app.Ticket{}, err
	}
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		cur, err := q.find(id)
		if err != nil {
			return err
		}
		if !cur.Status.Open() {
			return app.Errorf(app.ECONFLICT, "ticket %s is %s", cur.Number, cur.Status)
		}
		if req.Window > 0 {
			if _, err := window(ctx, q.tx, req.Window); err != nil {
				return err
			}
			t, err = q.update(cur.ID, `status = 'waiting', window = NULL, for_window = ?`, req.Window)
			return err
		}
		var n int
		if err := q.tx.QueryRow(`SELECT COUNT(*) FROM queues WHERE code = ?`, req.Queue).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return app.Errorf(app.EINVALID, "no queue %q in this hall", req.Queue).WithField("queue")
		}
		t, err = q.update(cur.ID, `status = 'waiting', window = NULL, for_window = NULL, queue = ?`, req.Queue)
		return err
	})
	return t, err
}

// ReturnToQueue puts a called, serving, held or no-show ticket back to waiting at its old
// place in its queue.
func (db *DB) ReturnToQueue(ctx context.Context, id string) (app.Ticket, error) {
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		cur, err := q.move(id, app.TicketWaiting)
		if err != nil {
			return err
		}
		t, err = q.update(cur.ID, `status = 'waiting', window = NULL, finished_at = NULL`)
		return err
	})
	return t, err
}

// Hold parks a called or serving ticket at its window.
func (db *DB) Hold(ctx context.Context, id string) (app.Ticket, error) {
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		cur, err := q.move(id, app.TicketHeld)
		if err != nil {
			return err
		}
		t, err = q.update(cur.ID, `status = 'held'`)
		return err
	})
	return t, err
}

// Resume makes a held ticket its window's current ticket again. ECONFLICT while the
// window serves another ticket.
func (db *DB) Resume(ctx context.Context, id string) (app.Ticket, error) {
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		cur, err := q.find(id)
		if err != nil {
			return err
		}
		if cur.Status != app.TicketHeld {
			return app.Errorf(app.ECONFLICT, "ticket %s is %s, not held", cur.Number, cur.Status)
		}
		var busy string
		err = q.tx.QueryRow(`SELECT number FROM tickets WHERE window = ? AND status IN ('called', 'serving') LIMIT 1`, cur.Window).Scan(&busy)
		if err == nil {
			return app.Errorf(app.ECONFLICT, "window %d is serving %s", cur.Window, busy).WithField("window")
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		t, err = q.update(cur.ID, `status = 'called', called_at = ?`, micros(q.now))
		return err
	})
	return t, err
}

// SetPriority confirms or withdraws the green channel of an open ticket.
func (db *DB) SetPriority(ctx context.Context, id string, p app.Priority) (app.Ticket, error) {
	if !p.Valid() {
		return app.Ticket{}, app.Errorf(app.EINVALID, "priority must be normal or green").WithField("priority")
	}
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		cur, err := q.find(id)
		if err != nil {
			return err
		}
		if !cur.Status.Open() {
			return app.Errorf(app.ECONFLICT, "ticket %s is %s", cur.Number, cur.Status)
		}
		t, err = q.update(cur.ID, `priority = ?`, string(p))
		return err
	})
	return t, err
}

// PauseWindow pauses (true) or reopens (false) window n. ENOTFOUND.
func (db *DB) PauseWindow(ctx context.Context, n int, paused bool) (app.Window, error) {
	var w app.Window
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE windows SET paused = ? WHERE number = ?`, paused, n)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return app.Errorf(app.ENOTFOUND, "no window %d in this hall", n)
		}
		w, err = window(ctx, tx, n)
		return err
	})
	return w, err
}

// FinishWith finishes a called, serving or held ticket with an outcome. EINVALID for an
// unknown outcome, ENOTFOUND, ECONFLICT.
func (db *DB) FinishWith(ctx context.Context, id string, outcome app.Outcome) (app.Ticket, error) {
	if outcome == "" {
		outcome = app.OutcomeOnTheSpot
	}
	if !outcome.Valid() {
		return app.Ticket{}, app.Errorf(app.EINVALID, "unknown outcome %q", outcome).WithField("outcome")
	}
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		cur, err := q.find(id)
		if errors.Is(err, sql.ErrNoRows) || app.ErrorCode(err) == app.ENOTFOUND {
			return app.Errorf(app.ENOTFOUND, "no ticket %q", id)
		} else if err != nil {
			return err
		}
		if !cur.Status.CanMove(app.TicketDone) {
			return app.Errorf(app.ECONFLICT, "ticket %s is %s and cannot be finished", cur.Number, cur.Status)
		}
		t, err = q.update(cur.ID, `status = 'done', outcome = ?, finished_at = ?`, string(outcome), micros(q.now))
		return err
	})
	return t, err
}

// today returns the hall's rules, zone and current day for readers.
func (db *DB) today(ctx context.Context) (app.HallRules, string, error) {
	r, err := db.Rules(ctx)
	if err != nil {
		return r, "", err
	}
	return r, app.HallDay(db.Now(), app.LoadLocation(r.TimeZone)), nil
}

// QueueStatus lists every queue with its waiting count, open windows, the estimated wait
// of a number taken now, and whether it issues now.
func (db *DB) QueueStatus(ctx context.Context) ([]app.QueueStatus, error) {
	rules, day, err := db.today(ctx)
	if err != nil {
		return nil, err
	}
	// A hall that clears at midnight counts only today's tickets, even before the first
	// write of the day expired yesterday's.
	dayFilter := ` AND t.day = ?`
	args := []any{day}
	if rules.KeepOvernight {
		dayFilter, args = ``, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT q.code, q.prefix, q.name, q.name_en,
		(SELECT COUNT(*) FROM tickets t WHERE t.status = 'waiting' AND t.queue = q.code`+dayFilter+`),
		(SELECT COUNT(*) FROM window_queues wq JOIN windows w ON w.number = wq.window WHERE wq.queue = q.code AND w.paused = 0),
		COALESCE((SELECT last FROM ticket_seq s WHERE s.day = ? AND s.queue = q.code), 0)
		FROM queues q ORDER BY q.prefix`, append(args, day)...)
	if err != nil {
		return nil, err
	}
	var out []app.QueueStatus
	issued := map[string]int{}
	for rows.Next() {
		var s app.QueueStatus
		var n int
		if err := rows.Scan(&s.Queue, &s.Prefix, &s.Name, &s.NameEN, &s.Waiting, &s.OpenWindows, &n); err != nil {
			rows.Close()
			return nil, err
		}
		issued[s.Queue] = n
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	loc := app.LoadLocation(rules.TimeZone)
	for i := range out {
		s := &out[i]
		est, err := estimate(ctx, db.r, s.Queue, day, s.Waiting)
		if err != nil {
			return nil, err
		}
		s.EstimatedMinutes = app.WaitMinutes(est)
		qr := rules.For(s.Queue)
		s.Issuing = qr.Issuing(db.Now(), loc) && (qr.DailyCap == 0 || issued[s.Queue] < qr.DailyCap)
	}
	return out, nil
}

// RecentCalls lists today's latest calls, newest first (at most limit, 1–50).
func (db *DB) RecentCalls(ctx context.Context, limit int) ([]app.Ticket, error) {
	_, day, err := db.today(ctx)
	if err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), 50)
	rows, err := db.r.QueryContext(ctx, `SELECT `+ticketCols+` FROM tickets INDEXED BY tickets_calls
		WHERE called_at IS NOT NULL AND day = ? ORDER BY called_at DESC LIMIT ?`, day, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []app.Ticket{}
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// StatsToday computes today's figures per queue and window: issued, served (done),
// no-shows, and the mean and 90th percentile of waits (issue → first call) and service
// times (first call → finish).
func (db *DB) StatsToday(ctx context.Context) (app.DayStats, error) {
	_, day, err := db.today(ctx)
	if err != nil {
		return app.DayStats{}, err
	}
	st := app.DayStats{Day: day, Queues: []app.QueueFigures{}, Windows: []app.WindowFigures{}}
	rows, err := db.r.QueryContext(ctx, `SELECT queue, COALESCE(window, 0), status, issued_at, first_called_at, finished_at
		FROM tickets INDEXED BY tickets_day WHERE day = ?`, day)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	type acc struct {
		f               app.Figures
		waits, services []float64
	}
	total := &acc{}
	queues, windows := map[string]*acc{}, map[int]*acc{}
	var qOrder []string
	var wOrder []int
	for rows.Next() {
		var queue, status string
		var win int
		var issued int64
		var called, finished sql.NullInt64
		if err := rows.Scan(&queue, &win, &status, &issued, &called, &finished); err != nil {
			return st, err
		}
		qa := queues[queue]
		if qa == nil {
			qa = &acc{}
			queues[queue] = qa
			qOrder = append(qOrder, queue)
		}
		targets := []*acc{total, qa}
		if win > 0 {
			wa := windows[win]
			if wa == nil {
				wa = &acc{}
				windows[win] = wa
				wOrder = append(wOrder, win)
			}
			targets = append(targets, wa)
		}
		for i, a := range targets {
			if i < 2 { // a window did not issue the ticket
				a.f.Issued++
			}
			switch app.TicketStatus(status) {
			case app.TicketDone:
				a.f.Served++
			case app.TicketNoShow:
				a.f.NoShow++
			}
			if called.Valid {
				a.waits = append(a.waits, float64(called.Int64-issued)/1e6)
				if status == string(app.TicketDone) && finished.Valid {
					a.services = append(a.services, float64(finished.Int64-called.Int64)/1e6)
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	total.f.FigureTimes(total.waits, total.services)
	st.Total = total.f
	for _, q := range sortedStrings(qOrder) {
		a := queues[q]
		a.f.FigureTimes(a.waits, a.services)
		st.Queues = append(st.Queues, app.QueueFigures{Queue: q, Figures: a.f})
	}
	for _, w := range sortedInts(wOrder) {
		a := windows[w]
		a.f.FigureTimes(a.waits, a.services)
		st.Windows = append(st.Windows, app.WindowFigures{Window: w, Figures: a.f})
	}
	return st, nil
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func sortedInts(s []int) []int {
	out := append([]int(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// idSalt returns the hall's salt for ID number hashes, making one on first use.
func idSalt(tx *sql.Tx) (string, error) {
	var salt string
	err := tx.QueryRow(`SELECT value FROM meta WHERE key = ?`, metaIDSalt).Scan(&salt)
	if err == nil {
		return salt, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	salt = hex.EncodeToString(b)
	return salt, setMeta(tx, metaIDSalt, salt)
}

// hashID is SHA-256(salt ‖ ID number), hex: the only form an ID number is stored in.
func hashID(salt, id string) string {
	sum := sha256.Sum256([]byte(salt + strings.ToUpper(id)))
	return hex.EncodeToString(sum[:])
}

// bookingCols are the columns scanBooking reads.
const bookingCols = `id, code, service_id, booked_at, day, COALESCE(id_masked, ''), COALESCE(ticket_id, ''), created_at`

func scanBooking(row interface{ Scan(...any) error }) (app.Booking, error) {
	var b app.Booking
	var booked, created int64
	err := row.Scan(&b.ID, &b.Code, &b.ServiceID, &booked, &b.Day, &b.IDMasked, &b.TicketID, &created)
	b.BookedAt, b.CreatedAt = fromMicros(booked), fromMicros(created)
	return b, err
}

// AddBooking stores a booking; the ID number only as a salted hash and a masked copy.
// A booking code is made when none is given. EINVALID, ENOTFOUND for an unknown service,
// ECONFLICT for a code already in use.
func (db *DB) AddBooking(ctx context.Context, req app.BookingRequest) (app.Booking, error) {
	if err := req.Validate(); err != nil {
		return app.Booking{}, err
	}
	rules, err := db.Rules(ctx)
	if err != nil {
		return app.Booking{}, err
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	b := app.Booking{
		ID:        uuid.Must(uuid.NewV7()).String(),
		Code:      req.Code,
		ServiceID: req.ServiceID,
		BookedAt:  req.BookedAt.UTC().Truncate(time.Microsecond),
		Day:       app.HallDay(req.BookedAt, app.LoadLocation(rules.TimeZone)),
		CreatedAt: now,
	}
	if req.IDNumber != "" {
		b.IDMasked = app.MaskID(req.IDNumber)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM services WHERE id = ?`, req.ServiceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return app.Errorf(app.ENOTFOUND, "no service %q in this hall", req.ServiceID).WithField("service_id")
		}
		if b.Code == "" {
			for {
				v, err := rand.Int(rand.Reader, big.NewInt(100000000))
				if err != nil {
					return err
				}
				b.Code = fmt.Sprintf("%08d", v.Int64())
				if err := tx.QueryRow(`SELECT COUNT(*) FROM bookings WHERE code = ?`, b.Code).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					break
				}
			}
		} else {
			if err := tx.QueryRow(`SELECT COUNT(*) FROM bookings WHERE code = ?`, b.Code).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return app.Errorf(app.ECONFLICT, "booking code %s is in use", b.Code).WithField("code")
			}
		}
		var idHash any
		if req.IDNumber != "" {
			salt, err := idSalt(tx)
			if err != nil {
				return err
			}
			idHash = hashID(salt, req.IDNumber)
		}
		_, err := tx.Exec(`INSERT INTO bookings (id, code, service_id, booked_at, day, id_hash, id_masked, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, b.ID, b.Code, b.ServiceID, micros(b.BookedAt), b.Day, idHash, nullString(b.IDMasked), micros(now))
		return err
	})
	return b, err
}

// CheckIn finds the booking by code, or today's first open booking of an ID number, and
// issues its ticket placed by its booked time. A booking already checked in returns its
// ticket again (a double tap issues nothing twice). ENOTFOUND; ECONFLICT with
// app.FieldTooEarly or app.FieldTooLate outside the hall's check-in window.
func (db *DB) CheckIn(ctx context.Context, req app.CheckInRequest) (app.Ticket, error) {
	if err := req.Validate(); err != nil {
		return app.Ticket{}, err
	}
	var t app.Ticket
	err := db.writeQueue(ctx, func(q *queueTx) error {
		var b app.Booking
		var err error
		if req.Code != "" {
			b, err = scanBooking(q.tx.QueryRow(`SELECT `+bookingCols+` FROM bookings WHERE code = ?`, req.Code))
		} else {
			var salt string
			if salt, err = idSalt(q.tx); err != nil {
				return err
			}
			b, err = scanBooking(q.tx.QueryRow(`SELECT `+bookingCols+` FROM bookings WHERE id_hash = ? AND day = ?
				ORDER BY ticket_id IS NOT NULL, booked_at LIMIT 1`, hashID(salt, req.IDNumber), q.day))
		}
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "no booking found for today")
		} else if err != nil {
			return err
		}
		if b.TicketID != "" {
			t, err = scanTicket(q.tx.QueryRow(`SELECT `+ticketCols+` FROM tickets WHERE id = ?`, b.TicketID))
			t.Hall = q.hall.Code
			return err
		}
		early := b.BookedAt.Add(-time.Duration(q.rules.BookingEarly) * time.Minute)
		late := b.BookedAt.Add(time.Duration(q.rules.BookingLate) * time.Minute)
		switch {
		case q.now.Before(early):
			return app.Errorf(app.ECONFLICT, "check-in opens at %s", early.In(q.loc).Format("2006-01-02 15:04")).WithField(app.FieldTooEarly)
		case q.now.After(late):
			return app.Errorf(app.ECONFLICT, "check-in closed at %s", late.In(q.loc).Format("2006-01-02 15:04")).WithField(app.FieldTooLate)
		}
		t, err = q.issue(app.IssueRequest{ServiceID: b.ServiceID, Priority: app.PriorityNormal}, &b)
		if err != nil {
			return err
		}
		_, err = q.tx.Exec(`UPDATE bookings SET ticket_id = ? WHERE id = ?`, t.ID, b.ID)
		return err
	})
	return t, err
}

// PrintFailed records that ticket id's slip did not print. The ticket stays valid.
func (db *DB) PrintFailed(ctx context.Context, id, reason string) error {
	reason = strings.TrimSpace(reason)
	if r := []rune(reason); len(r) > 200 {
		reason = string(r[:200])
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM tickets WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return app.Errorf(app.ENOTFOUND, "no ticket %q", id)
		}
		_, err := tx.Exec(`INSERT INTO print_failures (ticket_id, reason, at) VALUES (?, ?, ?)`, id, reason, micros(db.Now()))
		return err
	})
}

// PrintFailures counts the slips that did not print.
func (db *DB) PrintFailures(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM print_failures`).Scan(&n)
	return n, err
}
