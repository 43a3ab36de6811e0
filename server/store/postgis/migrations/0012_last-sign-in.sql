-- When each account last signed in with its password (shown on /admin; server/auth/).

-- Up Migration
ALTER TABLE accounts ADD COLUMN last_sign_in timestamptz;

-- Down Migration
ALTER TABLE accounts DROP COLUMN last_sign_in;
