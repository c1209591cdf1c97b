-- Failed logins (and wrong current passwords) per account, kept in the
-- database so that every server process on it counts the same attempts: an
-- in-process counter would let N processes behind a load balancer allow N
-- times as many guesses.
CREATE TABLE login_failures (
    account_key TEXT   NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (account_key, at);
CREATE INDEX login_failures_at ON login_failures (at);
