-- The first schema of the PostgreSQL storage adapter (src/store/postgres).
-- Each record is kept whole in a jsonb column (validated with zod when read);
-- the columns beside it are what queries filter, order and join on.

-- Conversation state, one row per user ("zalo:123").
CREATE TABLE sessions (
  key text PRIMARY KEY,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Applications (hồ sơ), by code KC-<year>-<seq>.
CREATE TABLE applications (
  code text PRIMARY KEY,
  year integer NOT NULL,
  seq integer NOT NULL,
  channel text NOT NULL,
  user_id text NOT NULL,
  chat_id text NOT NULL,
  status text NOT NULL,
  support_id text NOT NULL,
  province text,
  submitted_at timestamptz,
  data jsonb NOT NULL
);
CREATE INDEX applications_status ON applications (status);
CREATE INDEX applications_submitted_at ON applications (submitted_at);
CREATE INDEX applications_support_id ON applications (support_id);
CREATE INDEX applications_province ON applications (province);
CREATE INDEX applications_applicant ON applications (channel, user_id);

-- The highest code number given per year: codes are never given twice, even after a deletion.
CREATE TABLE application_counters (
  year integer PRIMARY KEY,
  last integer NOT NULL
);

-- Questions the bot could not answer; n keeps the order they were added in.
CREATE TABLE question_log (
  n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  channel text NOT NULL,
  user_id text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX question_log_user_at ON question_log (channel, user_id, at);
CREATE INDEX question_log_at ON question_log (at);

-- Messages from users to officers (LH…), looked up case-insensitively.
CREATE TABLE contacts (
  id text PRIMARY KEY,
  at timestamptz NOT NULL,
  channel text NOT NULL,
  user_id text NOT NULL,
  answered_at timestamptz,
  data jsonb NOT NULL
);
CREATE UNIQUE INDEX contacts_upper_id ON contacts (upper(id));
CREATE INDEX contacts_applicant ON contacts (channel, user_id);
CREATE INDEX contacts_open ON contacts (at) WHERE answered_at IS NULL;

-- Notifications waiting to be delivered (deleted once delivered); n orders items created in the same instant.
CREATE TABLE outbox (
  id text PRIMARY KEY,
  n bigint GENERATED ALWAYS AS IDENTITY,
  channel text NOT NULL,
  chat_id text NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error text,
  replies jsonb NOT NULL
);
-- Every row is pending (delivered items are deleted); the partial index leaves out
-- items given up after the default 10 attempts, which no delivery claims.
CREATE INDEX outbox_pending ON outbox (channel, created_at, n) WHERE attempts < 10;
CREATE INDEX outbox_chat ON outbox (channel, chat_id);

-- Platform update ids already handled (webhook retries to any instance are answered once); pruned after a day.
CREATE TABLE processed_updates (
  channel text NOT NULL,
  id text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (channel, id)
);
CREATE INDEX processed_updates_seen_at ON processed_updates (seen_at);
