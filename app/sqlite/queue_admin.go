package sqlite

import (
	"context"
	"database/sql"

	"servicehall/app"
)

// EnsureWindows makes windows 1..n exist; new ones serve every queue in prefix order.
func (db *DB) EnsureWindows(ctx context.Context, n int) error {
	if n < 1 {
		return app.Errorf(app.EINVALID, "a hall needs at least one window").WithField("windows")
	}
	return db.write(ctx, func(tx *sql.Tx) error { return defaultWindows(tx, n) })
}

// AddQueue adds queue q with one service s and appends q to every window's list, so
// every window serves it last. ECONFLICT-free: an existing queue or service is updated.
func (db *DB) AddQueue(ctx context.Context, q app.Queue, s app.Service) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO queues (code, prefix, name, name_en) VALUES (?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET prefix = excluded.prefix, name = excluded.name, name_en = excluded.name_en`,
			q.Code, q.Prefix, q.Name, q.NameEN); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO services (id, code, name, name_en, department, department_en, queue, position)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1000) ON CONFLICT (code) DO UPDATE SET queue = excluded.queue`,
			s.ID, s.Code, s.Name, s.NameEN, s.Department, s.DepartmentEN, q.Code); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR IGNORE INTO window_queues (window, queue, rank)
			SELECT number, ?, 1 + COALESCE((SELECT MAX(rank) FROM window_queues wq WHERE wq.window = number), 0) FROM windows`, q.Code)
		return err
	})
}
