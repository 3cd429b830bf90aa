package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"servicehall/app"
)

// updateVersioned loads a record inside a write transaction, lets fn change it, and stores
// it (with its outbox row) only when fn bumped its version. ENOTFOUND ("no " + what) when
// load finds no row; fn's error rolls everything back. Records with personal data need the
// store's cipher, which is made before the transaction.
func updateVersioned[T any](ctx context.Context, db *DB, what string, load func(*sql.Tx) (T, error),
	version func(*T) int, fn func(*T) error, store func(*sql.Tx, *T) error) (T, error) {
	var v T
	if _, err := db.personalAEAD(ctx); err != nil {
		return v, err
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = load(tx)
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ENOTFOUND, "no %s", what)
		} else if err != nil {
			return err
		}
		before := version(&v)
		if err := fn(&v); err != nil {
			return err
		}
		if version(&v) == before {
			return nil
		}
		return store(tx, &v)
	})
	return v, err
}
