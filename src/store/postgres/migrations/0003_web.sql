-- The officers' web page (src/web): the list's free-text search, its sort
-- orders, and the page's own records.

-- Folded (no diacritics, lower case) code, names and phone digits, written by
-- the adapter with each application (searchTextOf); rows from before this
-- migration are filled in by the adapter at start.
ALTER TABLE applications ADD COLUMN search_text text;
CREATE INDEX applications_submitted_code ON applications (submitted_at DESC, code DESC);
CREATE INDEX applications_status_submitted ON applications (status, submitted_at DESC, code DESC);
-- An officer's usual filter (their province, a status) in the list's order, and its counts per status.
CREATE INDEX applications_province_status_submitted ON applications (province, status, submitted_at DESC, code DESC);

-- Sign-in links already used (sha256 of the token): each opens one session.
CREATE TABLE web_used_links (
  token_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- Officers' sessions, by the sha256 of the cookie (the cookie itself is never stored).
CREATE TABLE web_sessions (
  id_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- Every action taken on the web page, with the officer who took it.
CREATE TABLE web_audit (
  n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  data jsonb NOT NULL
);

-- Unanswered questions an officer marked as handled.
CREATE TABLE web_handled_questions (
  question_id text PRIMARY KEY,
  handled_at timestamptz NOT NULL
);
