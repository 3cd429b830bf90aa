-- Central's first schema. Times are INTEGER Unix microseconds, UTC.
CREATE TABLE halls (
	code            TEXT PRIMARY KEY,
	name            TEXT NOT NULL,
	credential_hash TEXT UNIQUE, -- SHA-256 of the hall's long-lived credential; NULL: none (revoked or not enrolled)
	created_at      INTEGER NOT NULL,
	last_push       INTEGER,
	last_pull       INTEGER,
	last_skew_ms    INTEGER
);

-- One-time enrolment codes (what `central hall add` prints). The credential stays here in
-- clear only until the hall has used it once, so a hub that lost the reply can ask again.
CREATE TABLE enrolments (
	code_hash  TEXT PRIMARY KEY,
	hall       TEXT NOT NULL REFERENCES halls(code),
	created_at INTEGER NOT NULL,
	credential TEXT,
	issued_at  INTEGER,
	used_at    INTEGER,
	revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE admin_tokens (
	token_hash TEXT PRIMARY KEY,
	created_at INTEGER NOT NULL
);

-- One row per hall record, its highest version.
CREATE TABLE records (
	id          TEXT PRIMARY KEY,
	hall        TEXT NOT NULL REFERENCES halls(code),
	kind        TEXT NOT NULL,
	version     INTEGER NOT NULL,
	payload     TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
CREATE INDEX records_hall_kind ON records (hall, kind);

-- Every stored version of a hall record, in central's order.
CREATE TABLE changes (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	hall    TEXT NOT NULL,
	kind    TEXT NOT NULL,
	id      TEXT NOT NULL,
	version INTEGER NOT NULL,
	at      INTEGER NOT NULL
);

-- What central tells halls: catalogue entries, notices, bookings, application decisions.
-- hall = '' reaches every hall. Halls pull it by seq, which only central assigns.
CREATE TABLE feed (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	hall    TEXT NOT NULL DEFAULT '',
	kind    TEXT NOT NULL,
	id      TEXT NOT NULL,
	version INTEGER NOT NULL,
	payload TEXT NOT NULL,
	at      INTEGER NOT NULL
);
CREATE INDEX feed_hall ON feed (hall, seq);
