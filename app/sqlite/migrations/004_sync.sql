-- What the hub pulls from central, and what sync needs to remember.

-- Catalogue entries carry central's version, so a page seen twice or out of order never
-- puts an older entry back.
ALTER TABLE services ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Proactively disclosed notices (主动公开), cached for offline browsing.
CREATE TABLE notices (
	id           TEXT PRIMARY KEY,
	version      INTEGER NOT NULL,
	title        TEXT NOT NULL,
	body         TEXT NOT NULL,
	department   TEXT NOT NULL DEFAULT '',
	published_at INTEGER NOT NULL
);

-- Central changes of kinds this hub has no table for (yet): kept as they came, so an
-- older hub keeps pulling from a newer central and a later version can use them.
CREATE TABLE central_records (
	kind        TEXT NOT NULL,
	id          TEXT NOT NULL,
	version     INTEGER NOT NULL,
	payload     TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	PRIMARY KEY (kind, id)
);

-- Real conflicts (both sides changed the same field): kept and shown to staff, never
-- silently overwritten.
CREATE TABLE sync_conflicts (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	kind       TEXT NOT NULL,
	record_id  TEXT NOT NULL,
	local      TEXT NOT NULL,
	remote     TEXT NOT NULL,
	detected_at INTEGER NOT NULL,
	resolved_at INTEGER
);
