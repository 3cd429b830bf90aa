package central

import "servicehall/app/sqlmigrate"

// migrate applies the embedded migrations newer than the file's user_version.
func (s *Store) migrate() error {
	return sqlmigrate.Apply(s.w, migrations, "migrations/*.sql")
}
