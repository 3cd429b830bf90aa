package central

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"servicehall/app"
)

// AddHall registers a hall (or renames an existing one) and returns a new one-time
// enrolment code for it. The hub presents the code once and gets its long-lived credential
// in exchange (Enrol). Giving a hall a new code is how a hall whose credential was lost is
// enrolled again.
func (s *Store) AddHall(ctx context.Context, code, name string) (string, error) {
	code, name = strings.TrimSpace(code), strings.TrimSpace(name)
	if code == "" {
		return "", app.Errorf(app.EINVALID, "hall code is required").WithField("code")
	}
	if name == "" {
		name = code
	}
	enrol := app.NewToken()
	now := s.Now().UnixMicro()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO halls (code, name, created_at) VALUES (?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name`, code, name, now); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO enrolments (code_hash, hall, created_at) VALUES (?, ?, ?)`, app.HashToken(enrol), code, now)
		return err
	})
	return enrol, err
}

// Enrol exchanges an enrolment code for the hall's long-lived credential. It is safe to
// retry: until the credential has been used once, presenting the same code gives the same
// credential again (the hub may have lost the reply, or died before saving it). After
// that, and for revoked or unknown codes, it answers EFORBIDDEN.
func (s *Store) Enrol(ctx context.Context, hall, code string) (string, error) {
	var cred string
	err := s.write(ctx, func(tx *sql.Tx) error {
		var owner string
		var pending sql.NullString
		var used sql.NullInt64
		var revoked int
		err := tx.QueryRow(`SELECT hall, credential, used_at, revoked FROM enrolments WHERE code_hash = ?`,
			app.HashToken(code)).Scan(&owner, &pending, &used, &revoked)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return app.Errorf(app.EFORBIDDEN, "unknown enrolment code")
		case err != nil:
			return err
		case revoked != 0:
			return app.Errorf(app.EFORBIDDEN, "this enrolment code was revoked")
		case hall != "" && owner != hall:
			return app.Errorf(app.EFORBIDDEN, "this enrolment code belongs to another hall")
		case used.Valid:
			return app.Errorf(app.EFORBIDDEN, "this enrolment code was already used; ask central for a new one")
		case pending.Valid:
			cred = pending.String
			return nil
		}
		cred = app.NewToken()
		now := s.Now().UnixMicro()
		if _, err := tx.Exec(`UPDATE enrolments SET credential = ?, issued_at = ? WHERE code_hash = ?`, cred, now, app.HashToken(code)); err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE halls SET credential_hash = ? WHERE code = ?`, app.HashToken(cred), owner)
		return err
	})
	return cred, err
}

// HallByToken returns the hall a credential belongs to. The first use of a credential
// closes its enrolment: the code can no longer fetch it, and the clear copy is wiped.
// EUNAUTHORIZED for unknown or revoked credentials.
func (s *Store) HallByToken(ctx context.Context, token string) (string, error) {
	var code string
	h := app.HashToken(token)
	err := s.r.QueryRowContext(ctx, `SELECT code FROM halls WHERE credential_hash = ?`, h).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", app.Errorf(app.EUNAUTHORIZED, "unknown or revoked hall credential")
	} else if err != nil {
		return "", err
	}
	var open int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM enrolments WHERE hall = ? AND credential IS NOT NULL`, code).Scan(&open); err != nil {
		return "", err
	}
	if open > 0 {
		err = s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE enrolments SET credential = NULL, used_at = ? WHERE hall = ? AND credential = ?`,
				s.Now().UnixMicro(), code, token)
			return err
		})
	}
	return code, err
}

// RevokeHall withdraws a hall's credential and every enrolment code not yet used. The hall
// syncs again only after `central hall add` gives it a new code.
func (s *Store) RevokeHall(ctx context.Context, code string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE halls SET credential_hash = NULL WHERE code = ?`, code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ENOTFOUND, "no hall %q", code)
		}
		_, err = tx.Exec(`UPDATE enrolments SET revoked = 1, credential = NULL WHERE hall = ?`, code)
		return err
	})
}

// NewAdminToken creates and returns an administrator token.
func (s *Store) NewAdminToken(ctx context.Context) (string, error) {
	token := app.NewToken()
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO admin_tokens (token_hash, created_at) VALUES (?, ?)`, app.HashToken(token), s.Now().UnixMicro())
		return err
	})
	return token, err
}
