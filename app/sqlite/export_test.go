package sqlite

import "database/sql"

// DBRaw exposes the read pool to tests that check what is at rest.
func DBRaw(db *DB) *sql.DB { return db.r }
