package sqlite

import "context"

// TicketCount counts every ticket the hall holds, of every day and state.
func (db *DB) TicketCount(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets`).Scan(&n)
	return n, err
}
