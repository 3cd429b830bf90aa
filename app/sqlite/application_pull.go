package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"servicehall/app"
)

// centralDecision is the payload of an application_status change (sync/wire's
// ApplicationStatus; app/sqlite may not import sync/wire).
type centralDecision struct {
	TrackingNo string                `json:"tracking_no"`
	Status     app.ApplicationStatus `json:"status"`
	Note       string                `json:"note"`
	At         time.Time             `json:"at"`
}

// applyApplicationStatus merges a back-office decision monotonically: a status later on the
// machine than the hall's is applied (with a step in the timeline and an outbox row); one
// the hall already passed is ignored; two decisions that cannot both hold (the hall says
// rejected, central says approved) are a real conflict: kept in sync_conflicts and shown to
// staff, the hall's record left as it is.
func applyApplicationStatus(db *DB, tx *sql.Tx, ch app.PulledChange, now time.Time) error {
	var d centralDecision
	if err := json.Unmarshal(ch.Payload, &d); err != nil {
		return err
	}
	ctx := context.Background()
	a, err := db.scanApplication(ctx, tx.QueryRowContext(ctx, `SELECT `+applicationCols+` FROM applications a
		JOIN services s ON s.id = a.service_id WHERE a.tracking_no = ?`, d.TrackingNo))
	if errors.Is(err, sql.ErrNoRows) {
		return applyGeneric(db, tx, ch, now) // not ours (yet): keep it as it came
	} else if err != nil {
		return err
	}
	switch {
	case a.Status == d.Status || reachable(d.Status, a.Status):
		return nil // the hall is there already, or further on
	case reachable(a.Status, d.Status):
		if err := a.MoveTo(d.Status, "central: "+d.Note, now); err != nil {
			return err
		}
		return db.storeApplication(ctx, tx, &a, "", false)
	}
	local, _ := json.Marshal(map[string]any{"tracking_no": a.TrackingNo, "status": a.Status})
	_, err = tx.Exec(`INSERT INTO sync_conflicts (kind, record_id, local, remote, detected_at) VALUES (?, ?, ?, ?, ?)`,
		app.KindApplication, a.TrackingNo, string(local), string(ch.Payload), micros(now))
	return err
}

// reachable reports whether status to can follow from along the application machine.
func reachable(from, to app.ApplicationStatus) bool {
	seen := map[app.ApplicationStatus]bool{from: true}
	next := []app.ApplicationStatus{from}
	for len(next) > 0 {
		cur := next[0]
		next = next[1:]
		for _, n := range app.NextStatuses(cur) {
			if n == to {
				return true
			}
			if !seen[n] {
				seen[n] = true
				next = append(next, n)
			}
		}
	}
	return false
}

// SyncConflicts counts unresolved conflicts between the hall and central.
func (db *DB) SyncConflicts(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_conflicts WHERE resolved_at IS NULL`).Scan(&n)
	return n, err
}
