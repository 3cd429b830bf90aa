-- Ratings (好差评), requests (咨询/投诉/求助/依申请公开) and notice search (issue 6).

-- One rating per ticket or per application: (subject, subject_ref) is unique. A rating
-- holds nothing personal.
CREATE TABLE ratings (
	id            TEXT PRIMARY KEY,   -- UUIDv7
	subject       TEXT NOT NULL CHECK (subject IN ('ticket', 'application')),
	subject_ref   TEXT NOT NULL,      -- the ticket's ID or the application's tracking number
	ticket_number TEXT NOT NULL DEFAULT '',
	service_id    TEXT NOT NULL DEFAULT '',
	window        INTEGER NOT NULL DEFAULT 0,
	overall       INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
	efficiency    INTEGER NOT NULL CHECK (efficiency BETWEEN 1 AND 5),
	quality       INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
	attitude      INTEGER NOT NULL CHECK (attitude BETWEEN 1 AND 5),
	reasons       TEXT NOT NULL DEFAULT '[]', -- JSON reason codes
	text          TEXT NOT NULL DEFAULT '',
	follow_up     INTEGER NOT NULL CHECK (follow_up IN (0, 1)),
	terminal      TEXT NOT NULL DEFAULT '',
	rated_at      INTEGER NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1,
	UNIQUE (subject, subject_ref)
);
CREATE INDEX ratings_rated ON ratings (rated_at);
CREATE INDEX ratings_follow_up ON ratings (rated_at) WHERE follow_up = 1;

-- Requests have their own daily sequence: their tracking numbers are
-- {hall}-R-{yyyymmdd}-{seq}, apart from applications' {hall}-{yyyymmdd}-{seq}.
CREATE TABLE request_seq (
	day  TEXT PRIMARY KEY, -- hall-local day, 2006-01-02
	last INTEGER NOT NULL
);

-- The contact (name, phone, address, e-mail) lives only in `personal`, sealed with
-- AES-256-GCM under the hall's key like an applicant's data (app/sqlite/applications.go).
CREATE TABLE requests (
	tracking_no   TEXT PRIMARY KEY,
	kind          TEXT NOT NULL CHECK (kind IN ('consultation', 'complaint', 'help', 'disclosure')),
	status        TEXT NOT NULL CHECK (status IN ('received', 'answered', 'closed')),
	day           TEXT NOT NULL,
	subject       TEXT NOT NULL,
	text          TEXT NOT NULL DEFAULT '',
	personal      BLOB NOT NULL,  -- nonce ‖ AES-GCM(JSON contact)
	disclosure    TEXT,           -- JSON {information, purpose, delivery}
	service_id    TEXT NOT NULL DEFAULT '',
	window        INTEGER NOT NULL DEFAULT 0,
	terminal      TEXT NOT NULL DEFAULT '',
	submitted_at  INTEGER NOT NULL,
	answer        TEXT NOT NULL DEFAULT '',
	answered_at   INTEGER,
	answer_window INTEGER NOT NULL DEFAULT 0,
	close_note    TEXT NOT NULL DEFAULT '',
	closed_at     INTEGER,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX requests_submitted ON requests (submitted_at);
CREATE INDEX requests_open ON requests (status, submitted_at);

CREATE INDEX notices_published ON notices (published_at);
