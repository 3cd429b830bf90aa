// Package sqlmigrate applies numbered SQL migrations to a SQLite database: the hall store
// and central's store both use it (central may not import the hall store, so the runner
// lives on its own). Standard library only.
package sqlmigrate

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Apply runs every file matching glob in fsys (named NNN_what.sql) whose number is above
// the database's user_version, in order, all in one transaction, sets user_version to the
// last, and checks foreign keys before committing: a half-migrated file never exists.
func Apply(db *sql.DB, fsys fs.FS, glob string) error {
	names, err := fs.Glob(fsys, glob)
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var have int
	if err := tx.QueryRow(`PRAGMA user_version`).Scan(&have); err != nil {
		return err
	}
	last := have
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", name)
		}
		if n <= have {
			continue
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		last = n
	}
	if last == have {
		return nil
	}
	if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, last)); err != nil {
		return err
	}
	rows, err := tx.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	bad := rows.Next()
	rows.Close()
	if bad {
		return errors.New("migration left foreign key violations")
	}
	return tx.Commit()
}
