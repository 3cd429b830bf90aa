-- The hall store's first schema. Times are INTEGER Unix microseconds, UTC.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE queues (
	code    TEXT PRIMARY KEY,
	prefix  TEXT NOT NULL UNIQUE,
	name    TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT ''
);

CREATE TABLE services (
	id            TEXT PRIMARY KEY,
	code          TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	name_en       TEXT NOT NULL DEFAULT '',
	department    TEXT NOT NULL DEFAULT '',
	department_en TEXT NOT NULL DEFAULT '',
	queue         TEXT NOT NULL REFERENCES queues(code),
	position      INTEGER NOT NULL DEFAULT 0,
	detail        TEXT NOT NULL DEFAULT '{}' -- the whole catalogue entry as JSON
);

CREATE TABLE windows (
	number INTEGER PRIMARY KEY CHECK (number > 0),
	paused INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE window_queues (
	window INTEGER NOT NULL REFERENCES windows(number) ON DELETE CASCADE,
	queue  TEXT NOT NULL REFERENCES queues(code),
	rank   INTEGER NOT NULL,
	PRIMARY KEY (window, queue)
);

CREATE TABLE terminals (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL CHECK (role IN ('kiosk', 'counter', 'board', 'admin')),
	token_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the bearer token, hex
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
);

-- The last ticket number given out per hall-local day and queue.
CREATE TABLE ticket_seq (
	day   TEXT NOT NULL,
	queue TEXT NOT NULL,
	last  INTEGER NOT NULL,
	PRIMARY KEY (day, queue)
);

CREATE TABLE tickets (
	id          TEXT PRIMARY KEY,
	number      TEXT NOT NULL,
	service_id  TEXT NOT NULL REFERENCES services(id),
	queue       TEXT NOT NULL REFERENCES queues(code),
	priority    TEXT NOT NULL CHECK (priority IN ('normal', 'green')),
	status      TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show')),
	window      INTEGER,
	day         TEXT NOT NULL,
	issued_at   INTEGER NOT NULL,
	called_at   INTEGER,
	finished_at INTEGER,
	version     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (day, number)
);
-- Call-next looks up the oldest waiting ticket of one queue and priority: one index probe.
CREATE INDEX tickets_waiting ON tickets (day, queue, priority, issued_at, id) WHERE status = 'waiting';
CREATE INDEX tickets_at_window ON tickets (window) WHERE status IN ('called', 'serving');

-- Changes waiting for central. A row leaves only after central acknowledged it.
CREATE TABLE outbox (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	record_id  TEXT NOT NULL,
	kind       TEXT NOT NULL,
	version    INTEGER NOT NULL,
	payload    TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

-- Records central refused for good, with its reason: kept for the hall administrator,
-- out of the outbox so they never block the rest.
CREATE TABLE dead_letters (
	seq        INTEGER PRIMARY KEY,
	record_id  TEXT NOT NULL,
	kind       TEXT NOT NULL,
	version    INTEGER NOT NULL,
	payload    TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	reason     TEXT NOT NULL,
	failed_at  INTEGER NOT NULL
);
