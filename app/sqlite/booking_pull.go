package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"servicehall/app"
)

func init() { RegisterApplier("booking", applyBooking) }

// centralBooking is the payload of a booking central sends to its hall (made online or by
// phone). The service is named by its catalogue code or its ID.
type centralBooking struct {
	ID          string    `json:"id"`
	Code        string    `json:"code"`
	ServiceCode string    `json:"service_code"`
	ServiceID   string    `json:"service_id"`
	At          time.Time `json:"at"`
	BookedAt    time.Time `json:"booked_at"`
	IDNumber    string    `json:"id_number"`
}

// applyBooking stores a booking from central in the hall's bookings, so the kiosk's
// check-in finds it offline: the ID number only as the hall's salted hash and a masked copy,
// as for bookings made at the hall. A booking the hall already has is left as it is; one
// it cannot take (unknown service, a code already used here) is kept as it came.
func applyBooking(db *DB, tx *sql.Tx, ch app.PulledChange, now time.Time) error {
	var b centralBooking
	if err := json.Unmarshal(ch.Payload, &b); err != nil {
		return err
	}
	if b.BookedAt.IsZero() {
		b.BookedAt = b.At
	}
	if b.ID == "" {
		b.ID = ch.ID
	}
	serviceID := b.ServiceID
	if serviceID == "" && b.ServiceCode != "" {
		serviceID = app.ServiceID(b.ServiceCode)
	}
	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM services WHERE id = ?`, serviceID).Scan(&n); err != nil {
		return err
	}
	if n == 0 || b.Code == "" || b.BookedAt.IsZero() {
		return applyGeneric(db, tx, ch, now)
	}
	if err := tx.QueryRow(`SELECT COUNT(*) FROM bookings WHERE code = ? AND id <> ?`, b.Code, b.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return applyGeneric(db, tx, ch, now)
	}
	rules, err := db.Rules(context.Background())
	if err != nil {
		return err
	}
	var idHash, masked any
	if id := strings.ToUpper(strings.TrimSpace(b.IDNumber)); id != "" {
		salt, err := idSalt(tx)
		if err != nil {
			return err
		}
		idHash, masked = hashID(salt, id), app.MaskID(id)
	}
	_, err = tx.Exec(`INSERT INTO bookings (id, code, service_id, booked_at, day, id_hash, id_masked, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		b.ID, b.Code, serviceID, micros(b.BookedAt), app.HallDay(b.BookedAt, app.LoadLocation(rules.TimeZone)),
		idHash, masked, micros(now))
	return err
}
