package central

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// migrate applies every embedded migration newer than the file's user_version in one
// transaction, then checks foreign keys. (The hall store does the same; central keeps its
// own copy because it must not import the hall store.)
func (s *Store) migrate() error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := s.w.Begin()
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
		n, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", name)
		}
		if n <= have {
			continue
		}
		body, _ := migrations.ReadFile(name)
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
