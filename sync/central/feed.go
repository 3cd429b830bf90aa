package central

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"time"

	"servicehall/app"
	"servicehall/sync/wire"
)

// Publish appends a change to central's feed for one hall ("" for every hall). Its version
// is one more than the last published version of the same kind and ID, so halls keep the
// newest whatever order they see pages in.
func (s *Store) Publish(ctx context.Context, hall, kind, id string, payload any) (wire.Change, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return wire.Change{}, err
	}
	var ch wire.Change
	err = s.write(ctx, func(tx *sql.Tx) error {
		ch, err = publish(tx, hall, kind, id, body, s.Now())
		return err
	})
	return ch, err
}

func publish(tx *sql.Tx, hall, kind, id string, body []byte, now time.Time) (wire.Change, error) {
	ch := wire.Change{Kind: kind, ID: id, Payload: body}
	if err := tx.QueryRow(`SELECT COALESCE(MAX(version), 0) + 1 FROM feed WHERE kind = ? AND id = ?`, kind, id).Scan(&ch.Version); err != nil {
		return ch, err
	}
	err := tx.QueryRow(`INSERT INTO feed (hall, kind, id, version, payload, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq`,
		hall, kind, id, ch.Version, string(body), now.UnixMicro()).Scan(&ch.Seq)
	return ch, err
}

// Pull returns up to limit changes for hall after the cursor, oldest first.
func (s *Store) Pull(ctx context.Context, hall string, after int64, limit int) (wire.PullResponse, error) {
	if limit <= 0 || limit > wire.MaxPullPage {
		limit = wire.MaxPullPage
	}
	out := wire.PullResponse{Protocol: wire.ProtocolVersion, Next: after, Changes: []wire.Change{}}
	rows, err := s.r.QueryContext(ctx, `SELECT seq, kind, id, version, payload FROM feed
		WHERE (hall = ? OR hall = '') AND seq > ? ORDER BY seq LIMIT ?`, hall, after, limit+1)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var c wire.Change
		var payload string
		if err := rows.Scan(&c.Seq, &c.Kind, &c.ID, &c.Version, &payload); err != nil {
			return out, err
		}
		if len(out.Changes) == limit {
			out.More = true
			break
		}
		c.Payload = json.RawMessage(payload)
		out.Changes = append(out.Changes, c)
		out.Next = c.Seq
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	_ = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE halls SET last_pull = ? WHERE code = ?`, s.Now().UnixMicro(), hall)
		return err
	})
	out.ServerTime = s.Now().UTC()
	return out, nil
}

// applicationOrder ranks application states: a decision may only move an application
// forward (DESIGN.md: merges are monotonic).
var applicationOrder = map[string]int{
	"submitted": 1, "accepted": 2, "in_review": 3, "approved": 4, "rejected": 4, "delivered": 5, "withdrawn": 5,
}

// AdvanceApplication plays the back office: it moves the application with this tracking
// number to status and tells its hall through the feed. ENOTFOUND when central has no such
// application yet; ECONFLICT when the move would go backwards.
func (s *Store) AdvanceApplication(ctx context.Context, trackingNo, status, note string) (wire.Change, error) {
	to, ok := applicationOrder[status]
	if !ok {
		return wire.Change{}, app.Errorf(app.EINVALID, "unknown application status %q", status).WithField("to")
	}
	var ch wire.Change
	err := s.write(ctx, func(tx *sql.Tx) error {
		var hall, id, cur string
		err := tx.QueryRow(`SELECT hall, id, COALESCE(json_extract(payload, '$.status'), '') FROM records
			WHERE kind = 'application' AND json_extract(payload, '$.tracking_no') = ?`, trackingNo).Scan(&hall, &id, &cur)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "central has no application %s (not arrived yet, or no such number)", trackingNo)
		} else if err != nil {
			return err
		}
		// The newest decision already sent counts too: the hall may not have pushed it back yet.
		var last sql.NullString
		_ = tx.QueryRow(`SELECT json_extract(payload, '$.status') FROM feed WHERE kind = ? AND id = ? ORDER BY seq DESC LIMIT 1`,
			wire.KindApplicationStatus, id).Scan(&last)
		if last.Valid && applicationOrder[last.String] > applicationOrder[cur] {
			cur = last.String
		}
		if applicationOrder[cur] >= to && cur != status {
			return app.Errorf(app.ECONFLICT, "application %s is %s; it cannot move back to %s", trackingNo, cur, status)
		}
		body, err := json.Marshal(wire.ApplicationStatus{TrackingNo: trackingNo, Status: status, Note: note, At: s.Now().UTC()})
		if err != nil {
			return err
		}
		ch, err = publish(tx, hall, wire.KindApplicationStatus, id, body, s.Now())
		return err
	})
	return ch, err
}

// ApplicationState is what the public status page shows of an application.
type ApplicationState struct {
	TrackingNo string
	Hall       string
	Status     string
	Service    string
	UpdatedAt  time.Time
}

// ApplicationByTracking finds an application central holds. ENOTFOUND.
func (s *Store) ApplicationByTracking(ctx context.Context, trackingNo string) (ApplicationState, error) {
	st := ApplicationState{TrackingNo: trackingNo}
	var id string
	var upd int64
	err := s.r.QueryRowContext(ctx, `SELECT id, hall, COALESCE(json_extract(payload, '$.status'), ''),
		COALESCE(json_extract(payload, '$.service_name'), json_extract(payload, '$.service.name'), ''), updated_at
		FROM records WHERE kind = 'application' AND json_extract(payload, '$.tracking_no') = ?`, trackingNo).
		Scan(&id, &st.Hall, &st.Status, &st.Service, &upd)
	if errors.Is(err, sql.ErrNoRows) {
		return st, app.Errorf(app.ENOTFOUND, "no application %s", trackingNo)
	} else if err != nil {
		return st, err
	}
	st.UpdatedAt = time.UnixMicro(upd).UTC()
	var last sql.NullString
	var at sql.NullInt64
	_ = s.r.QueryRowContext(ctx, `SELECT json_extract(payload, '$.status'), at FROM feed WHERE kind = ? AND id = ? ORDER BY seq DESC LIMIT 1`,
		wire.KindApplicationStatus, id).Scan(&last, &at)
	if last.Valid && applicationOrder[last.String] > applicationOrder[st.Status] {
		st.Status, st.UpdatedAt = last.String, time.UnixMicro(at.Int64).UTC()
	}
	return st, nil
}

// HallExists reports whether central knows a hall code.
func (s *Store) HallExists(ctx context.Context, code string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM halls WHERE code = ?`, code).Scan(&n)
	return n > 0, err
}
