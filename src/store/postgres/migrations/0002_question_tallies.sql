-- How many questions per Vietnam day, topic and outcome: counts only (no text, no person),
-- for the most asked topics and the officers' charts.
CREATE TABLE question_tallies (
  day date NOT NULL,
  topic_id text NOT NULL,
  outcome text NOT NULL,
  count integer NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, topic_id, outcome)
);
