-- The refresh token a use issued (its hash), so a client that lost the
-- answer of a refresh can use the old token once more within a short
-- grace instead of being taken for a thief (handlers_auth.go).
ALTER TABLE refresh_tokens ADD COLUMN replaced_by TEXT;
