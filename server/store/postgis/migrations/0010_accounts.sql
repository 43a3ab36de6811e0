-- Accounts, sessions and API tokens (docs/contract.md, "Accounts and roles"; server/auth/).
-- Numbered 0010 so that the PostGIS store's own write migrations can take 0003–0009.
-- Secrets are stored only as SHA-256 digests; passwords as Argon2id PHC strings.

-- Up Migration
CREATE TABLE accounts (
  username      text PRIMARY KEY,
  role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  counties      text[],
  password_hash text,
  disabled      boolean NOT NULL DEFAULT false,
  created       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  hash      text PRIMARY KEY,
  username  text NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
  created   bigint NOT NULL,
  last_seen bigint NOT NULL
);
CREATE INDEX sessions_username ON sessions (username);

CREATE TABLE api_tokens (
  hash     text PRIMARY KEY,
  username text NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
  created  timestamptz NOT NULL DEFAULT now(),
  revoked  boolean NOT NULL DEFAULT false
);
CREATE INDEX api_tokens_username ON api_tokens (username);

-- Down Migration
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE accounts;
