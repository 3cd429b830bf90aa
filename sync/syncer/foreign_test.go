package syncer_test

import (
	"database/sql"

	_ "modernc.org/sqlite"
)

// insertForeign writes an outbox row of a kind central does not know, as a newer hub
// version might.
func insertForeign(path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(`INSERT INTO outbox (record_id, kind, version, payload, created_at) VALUES ('x-1', 'hologram', 1, '{}', 0)`)
	return err
}
