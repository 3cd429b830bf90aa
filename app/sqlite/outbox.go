package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"servicehall/app"
)

// OutboxBatch returns up to limit of the oldest rows waiting for central.
func (db *DB) OutboxBatch(ctx context.Context, limit int) ([]app.OutboxRecord, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, record_id, kind, version, payload, created_at FROM outbox ORDER BY seq LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.OutboxRecord
	for rows.Next() {
		var r app.OutboxRecord
		var payload string
		var created int64
		if err := rows.Scan(&r.Seq, &r.RecordID, &r.Kind, &r.Version, &payload, &created); err != nil {
			return nil, err
		}
		r.Payload, r.CreatedAt = []byte(payload), fromMicros(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// OutboxAck deletes rows central has acknowledged. Unknown sequence numbers are ignored,
// so acknowledging twice is harmless.
func (db *DB) OutboxAck(ctx context.Context, seqs []int64) error {
	if len(seqs) == 0 {
		return nil
	}
	args := make([]any, len(seqs))
	for i, s := range seqs {
		args[i] = s
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM outbox WHERE seq IN (?`+strings.Repeat(`, ?`, len(seqs)-1)+`)`, args...)
		return err
	})
}

// OutboxCount says how many rows still wait for central.
func (db *DB) OutboxCount(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&n)
	return n, err
}

// OutboxReject moves a row central refused for good to the dead letters, with its reason.
func (db *DB) OutboxReject(ctx context.Context, seq int64, reason string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO dead_letters (seq, record_id, kind, version, payload, created_at, reason, failed_at)
			SELECT seq, record_id, kind, version, payload, created_at, ?, ? FROM outbox WHERE seq = ?`, reason, micros(db.Now()), seq); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM outbox WHERE seq = ?`, seq)
		return err
	})
}

// DeadLetterCount says how many records central refused for good.
func (db *DB) DeadLetterCount(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM dead_letters`).Scan(&n)
	return n, err
}
