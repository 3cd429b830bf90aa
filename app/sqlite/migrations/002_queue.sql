-- Hall-grade queueing (issue 3): tickets gain held/expired states, an ordering time
-- (issue time, or the booked time of a booking check-in; kept across transfers), recalls,
-- outcome, a target window and a booking. SQLite cannot change a CHECK in place, so the
-- table is rebuilt; nothing references tickets yet.
CREATE TABLE tickets_v2 (
	id              TEXT PRIMARY KEY,
	number          TEXT NOT NULL,
	service_id      TEXT NOT NULL REFERENCES services(id),
	queue           TEXT NOT NULL REFERENCES queues(code),
	priority        TEXT NOT NULL CHECK (priority IN ('normal', 'green')),
	status          TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'held', 'done', 'no_show', 'expired')),
	window          INTEGER,
	day             TEXT NOT NULL,
	issued_at       INTEGER NOT NULL,
	called_at       INTEGER,
	finished_at     INTEGER,
	version         INTEGER NOT NULL DEFAULT 1,
	sort_at         INTEGER NOT NULL,            -- place in its queue: issue or booked time
	recalls         INTEGER NOT NULL DEFAULT 0,
	outcome         TEXT CHECK (outcome IS NULL OR outcome IN ('on_the_spot', 'accepted', 'referred', 'withdrawn')),
	for_window      INTEGER,                     -- set by a transfer to one window
	booking_id      TEXT,
	first_called_at INTEGER,                     -- wait figures: issue → first call
	est_wait_min    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (day, number)
);
INSERT INTO tickets_v2 (id, number, service_id, queue, priority, status, window, day, issued_at, called_at, finished_at, version, sort_at, first_called_at)
	SELECT id, number, service_id, queue, priority, status, window, day, issued_at, called_at, finished_at, version, issued_at, called_at FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_v2 RENAME TO tickets;

-- Call-next: one index probe per queue and priority. Waiting tickets of past days are
-- expired at the first write of a new day (unless the hall keeps them), so no day column.
CREATE INDEX tickets_waiting ON tickets (queue, priority, sort_at, id) WHERE status = 'waiting';
CREATE INDEX tickets_for_window ON tickets (for_window, priority, sort_at, id) WHERE status = 'waiting' AND for_window IS NOT NULL;
CREATE INDEX tickets_at_window ON tickets (window) WHERE status IN ('called', 'serving');
CREATE INDEX tickets_day ON tickets (day, queue);
CREATE INDEX tickets_calls ON tickets (called_at) WHERE called_at IS NOT NULL;

-- Appointments. The ID number is kept only as SHA-256(hall salt ‖ number), hex.
CREATE TABLE bookings (
	id         TEXT PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	service_id TEXT NOT NULL REFERENCES services(id),
	booked_at  INTEGER NOT NULL,
	day        TEXT NOT NULL,
	id_hash    TEXT,
	id_masked  TEXT,
	ticket_id  TEXT,
	created_at INTEGER NOT NULL
);
CREATE INDEX bookings_id_hash ON bookings (id_hash, day) WHERE id_hash IS NOT NULL;

-- Slips that did not print: the ticket stays valid; staff see what happened.
CREATE TABLE print_failures (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	ticket_id TEXT NOT NULL,
	reason    TEXT NOT NULL,
	at        INTEGER NOT NULL
);
