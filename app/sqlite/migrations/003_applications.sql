-- Applications (issue 4): pre-applications, acceptance and their timeline. Personal data
-- (the applicant's name, ID number and phone, and the form values) lives only in
-- `personal`, sealed with AES-256-GCM under the hall's key (see app/sqlite/applications.go);
-- nothing personal is stored in clear.
CREATE TABLE application_seq (
	day  TEXT PRIMARY KEY, -- hall-local day, 2006-01-02
	last INTEGER NOT NULL
);

CREATE TABLE applications (
	tracking_no   TEXT PRIMARY KEY, -- {hall}-{yyyymmdd}-{seq}
	service_id    TEXT NOT NULL REFERENCES services(id),
	status        TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'in_review', 'approved', 'rejected', 'delivered', 'withdrawn')),
	day           TEXT NOT NULL,
	personal      BLOB NOT NULL,    -- nonce ‖ AES-GCM(JSON {applicant, fields})
	received      TEXT NOT NULL DEFAULT '[]',
	submitted_at  INTEGER NOT NULL,
	accepted_at   INTEGER,
	promised_date TEXT,
	legal_date    TEXT,
	timeline      TEXT NOT NULL,    -- JSON steps, oldest first
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX applications_submitted ON applications (submitted_at);
CREATE INDEX applications_open ON applications (status, promised_date);
