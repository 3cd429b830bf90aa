package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/google/uuid"

	"servicehall/app"
)

// AddTerminal enrols a terminal and returns its bearer token. Only the token's SHA-256 is
// stored: a copied database file gives no one a working token.
func (db *DB) AddTerminal(ctx context.Context, name string, role app.Role) (app.Terminal, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return app.Terminal{}, "", app.Errorf(app.EINVALID, "terminal name is required").WithField("name")
	}
	if !role.Valid() {
		return app.Terminal{}, "", app.Errorf(app.EINVALID, "role must be kiosk, counter, board or admin").WithField("role")
	}
	token := app.NewToken()
	t := app.Terminal{ID: uuid.Must(uuid.NewV7()).String(), Name: name, Role: role}
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO terminals (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.ID, t.Name, string(t.Role), app.HashToken(token), micros(db.Now()))
		return err
	})
	return t, token, err
}

// TerminalByToken finds the terminal a bearer token belongs to. It reads the file each
// time, so a terminal added by another process is honoured at once. EUNAUTHORIZED when
// the token is unknown or revoked.
func (db *DB) TerminalByToken(ctx context.Context, token string) (app.Terminal, error) {
	var t app.Terminal
	var role string
	err := db.r.QueryRowContext(ctx, `SELECT id, name, role FROM terminals WHERE token_hash = ? AND revoked_at IS NULL`,
		app.HashToken(token)).Scan(&t.ID, &t.Name, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return t, app.Errorf(app.EUNAUTHORIZED, "unknown or revoked terminal token")
	}
	t.Role = app.Role(role)
	return t, err
}

// EnsureTerminal gives the terminal with this name and role a fresh token, enrolling it if
// it is new. The GUI's embedded hub uses it for its own screens, so a restart does not add
// a terminal row each time; the old token stops working.
func (db *DB) EnsureTerminal(ctx context.Context, name string, role app.Role) (string, error) {
	if !role.Valid() || strings.TrimSpace(name) == "" {
		return "", app.Errorf(app.EINVALID, "terminal needs a name and a valid role")
	}
	token := app.NewToken()
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE terminals SET token_hash = ?, revoked_at = NULL WHERE name = ? AND role = ?`,
			app.HashToken(token), name, string(role))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		_, err = tx.Exec(`INSERT INTO terminals (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			uuid.Must(uuid.NewV7()).String(), name, string(role), app.HashToken(token), micros(db.Now()))
		return err
	})
	return token, err
}
