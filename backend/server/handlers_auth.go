package server

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"bookbag/backend/syncproto"
)

// Bootstrap prepares first-run setup: while the server has no accounts it
// stores a new one-time setup token and returns it for the operator to read
// in the log. With accounts it returns "".
func (s *Server) Bootstrap(ctx context.Context) (string, error) {
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return "", fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		return "", nil
	}
	tok := "bbs_" + randomSecret(24)
	if _, err := s.db.Writer().ExecContext(ctx, `INSERT INTO setup_tokens (hash, created_at) VALUES ($1, $2)`,
		hashToken(tok), s.nowMs()); err != nil {
		return "", fmt.Errorf("store setup token: %w", err)
	}
	return tok, nil
}

func (s *Server) handleSetup(ctx context.Context, c *call) error {
	if blocked, retry := s.addrLimiter.take("setup:"+c.addr, s.now()); blocked {
		return errTooMany(retry)
	}
	var req syncproto.SetupRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	if req.Password == "" {
		return errInvalid("password is required")
	}
	var out syncproto.Tokens
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return fmt.Errorf("count users: %w", err)
		}
		// Tokens die with the first account, so setup works exactly once.
		res, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens WHERE hash = $1`, hashToken(req.Token))
		if err != nil {
			return fmt.Errorf("use setup token: %w", err)
		}
		if used, _ := res.RowsAffected(); used == 0 || n > 0 {
			return errUnauthorized("setup token is not valid")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens`); err != nil {
			return fmt.Errorf("clear setup tokens: %w", err)
		}
		created, err := s.createUser(ctx, tx, syncproto.CreateUserRequest{Email: req.Email, DisplayName: req.DisplayName,
			Role: syncproto.RoleAdmin, Password: req.Password}, "", c.addr)
		if err != nil {
			return err
		}
		u := authUser{ID: created.User.ID, Email: created.User.Email, DisplayName: created.User.DisplayName, Role: created.User.Role}
		st, err := s.startSession(ctx, tx, u, "", "setup", c.addr)
		if err != nil {
			return err
		}
		out = tokensOut(st, created.User)
		return s.audit(ctx, tx, auditEntry{actor: u.ID, action: auditSetup, target: u.ID, addr: c.addr})
	})
	if err != nil {
		return err
	}
	return c.ok(out)
}

func tokensOut(st sessionTokens, u syncproto.User) syncproto.Tokens {
	return syncproto.Tokens{AccessToken: st.access, AccessExpiresAt: st.accessExp, RefreshToken: st.refresh,
		RefreshExpiresAt: st.refreshExp, SessionID: st.sessionID, User: u}
}

const msgBadLogin = "email or password is wrong"

func (s *Server) handleLogin(ctx context.Context, c *call) error {
	now := s.now()
	if blocked, retry := s.loginAddress.take(c.addr, now); blocked {
		return errTooMany(retry)
	}
	var req syncproto.LoginRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	email, err := normalizeEmail(req.Email)
	if err != nil || req.Password == "" || len(req.Password) > 72 {
		// The same answer as a wrong password: the form of the input says
		// nothing about accounts. What was typed is kept only when it is an
		// address: a password typed into the email field must not reach
		// the audit log that every server admin reads.
		detail := map[string]string{"email": email}
		if err != nil {
			detail = map[string]string{"reason": "not an email address"}
		}
		s.audit(ctx, s.db.Writer(), auditEntry{action: auditLoginFailed, addr: c.addr, detail: detail})
		return errUnauthorized(msgBadLogin)
	}
	// The account limit applies to every address asked for, existing or
	// not, so a locked-out answer does not reveal an account either.
	acctKey := "acct:" + email
	if blocked, retry, err := s.loginAccount.reserve(ctx, acctKey, now); err != nil {
		return err
	} else if blocked {
		return errTooMany(retry)
	}
	var (
		u        authUser
		hash     string
		disabled int
	)
	err = s.db.Reader().QueryRowContext(ctx, `SELECT id, email, display_name, role, password_hash, disabled FROM users WHERE email = $1`,
		email).Scan(&u.ID, &u.Email, &u.DisplayName, &u.Role, &hash, &disabled)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("find user: %w", err)
	}
	if !found {
		hash = string(s.dummyHash) // spend the same time as a real check
	}
	match := bcrypt.CompareHashAndPassword([]byte(hash), []byte(req.Password)) == nil
	if !found || !match || disabled != 0 {
		// The reserved attempt stays counted as the failure.
		s.audit(ctx, s.db.Writer(), auditEntry{actor: u.ID, action: auditLoginFailed, target: u.ID, addr: c.addr,
			detail: map[string]string{"email": email}})
		return errUnauthorized(msgBadLogin)
	}
	if err := s.loginAccount.reset(ctx, acctKey); err != nil {
		return err
	}
	var out syncproto.Tokens
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		st, err := s.startSession(ctx, tx, u, req.DeviceID, req.DeviceName, c.addr)
		if err != nil {
			return err
		}
		user, err := s.getUser(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		out = tokensOut(st, user)
		return s.audit(ctx, tx, auditEntry{actor: u.ID, action: auditLogin, target: u.ID, addr: c.addr,
			detail: map[string]string{"device": clip(req.DeviceName, 200), "session": st.sessionID}})
	})
	if err != nil {
		return err
	}
	return c.ok(out)
}

func (s *Server) handleRefresh(ctx context.Context, c *call) error {
	if blocked, retry := s.addrLimiter.take("refresh:"+c.addr, s.now()); blocked {
		return errTooMany(retry)
	}
	var req syncproto.RefreshRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	if req.RefreshToken == "" {
		return errUnauthorized("session ended; sign in again")
	}
	var out syncproto.Tokens
	reused := false
	var userID string
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var (
			sid               string
			usedAt, revokedAt sql.NullInt64
			expiresAt         int64
			disabled          int
		)
		err := tx.QueryRowContext(ctx, `SELECT rt.session_id, rt.used_at, rt.expires_at, s.user_id, s.revoked_at, u.disabled
			FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id JOIN users u ON u.id = s.user_id
			WHERE rt.hash = $1`, hashToken(req.RefreshToken)).Scan(&sid, &usedAt, &expiresAt, &userID, &revokedAt, &disabled)
		if errors.Is(err, sql.ErrNoRows) {
			return errUnauthorized("session ended; sign in again")
		}
		if err != nil {
			return fmt.Errorf("find refresh token: %w", err)
		}
		if revokedAt.Valid || disabled != 0 || expiresAt <= s.nowMs() {
			return errUnauthorized("session ended; sign in again")
		}
		// Mark used only if nobody did so first: of two concurrent uses of
		// one token, exactly one wins and the other counts as reuse.
		res, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET used_at = $2 WHERE hash = $1 AND used_at IS NULL`,
			hashToken(req.RefreshToken), s.nowMs())
		if err != nil {
			return fmt.Errorf("use refresh token: %w", err)
		}
		if n, _ := res.RowsAffected(); usedAt.Valid || n == 0 {
			retry, err := s.lostAnswerRetry(ctx, tx, req.RefreshToken, usedAt)
			if err != nil {
				return err
			}
			if retry {
				st, err := s.rotate(ctx, tx, req.RefreshToken, userID, sid)
				if err != nil {
					return err
				}
				out = st
				return nil
			}
			// A used token came back: it was stolen or the client is
			// confused. Either way the whole family goes.
			reused = true
			if err := s.revokeSession(ctx, tx, sid, "refresh_reuse"); err != nil {
				return err
			}
			return s.audit(ctx, tx, auditEntry{actor: userID, action: auditRefreshReuse, target: userID, addr: c.addr,
				detail: map[string]string{"session": sid}})
		}
		out, err = s.rotate(ctx, tx, req.RefreshToken, userID, sid)
		return err
	})
	if err != nil {
		return err
	}
	if reused {
		// Answered only now: the revocation had to commit first.
		s.wakeUser(ctx, userID)
		return errUnauthorized("session ended; sign in again")
	}
	return c.ok(out)
}

// rotate issues the session's next tokens for the refresh token used,
// which remembers its successor.
func (s *Server) rotate(ctx context.Context, tx *sql.Tx, used, userID, sid string) (syncproto.Tokens, error) {
	st, err := s.issuePair(ctx, tx, userID, sid)
	if err != nil {
		return syncproto.Tokens{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET replaced_by = $2 WHERE hash = $1`,
		hashToken(used), hashToken(st.refresh)); err != nil {
		return syncproto.Tokens{}, fmt.Errorf("link refresh token: %w", err)
	}
	user, err := s.getUser(ctx, tx, userID)
	if err != nil {
		return syncproto.Tokens{}, err
	}
	return tokensOut(st, user), nil
}

// lostAnswerRetry reports whether a used refresh token may be used once
// more: a client whose refresh answer the network lost (or that was killed
// mid-refresh) still holds the old token, and rotation would otherwise
// take it for a thief and end the session. Allowed within RefreshGrace of
// its use and only while the token it was replaced by was never used; that
// successor is spent here without a successor of its own, so whoever holds
// it (a thief who replayed the old token, or the client that did get the
// answer) ends the whole session when they use it.
func (s *Server) lostAnswerRetry(ctx context.Context, tx *sql.Tx, token string, usedAt sql.NullInt64) (bool, error) {
	if !usedAt.Valid || s.nowMs()-usedAt.Int64 > s.cfg.RefreshGrace.Milliseconds() {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE refresh_tokens SET used_at = $2
		WHERE hash = (SELECT replaced_by FROM refresh_tokens WHERE hash = $1) AND used_at IS NULL`, hashToken(token), s.nowMs())
	if err != nil {
		return false, fmt.Errorf("spend refresh successor: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (s *Server) handleLogout(ctx context.Context, c *call) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if err := s.revokeSession(ctx, tx, c.sessionID, "logout"); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditLogout, target: c.user.ID, addr: c.addr})
	})
	if err != nil {
		return err
	}
	s.wakeUser(ctx, c.user.ID) // the session's streams end now
	return c.noContent()
}

func (s *Server) handleLogoutAll(ctx context.Context, c *call) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if err := s.revokeSessions(ctx, tx, c.user.ID, "", "logout_all"); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditLogoutAll, target: c.user.ID, addr: c.addr})
	})
	if err != nil {
		return err
	}
	s.wakeUser(ctx, c.user.ID)
	return c.noContent()
}

func (s *Server) handleMe(ctx context.Context, c *call) error {
	u, err := s.getUser(ctx, s.db.Reader(), c.user.ID)
	if err != nil {
		return err
	}
	return c.ok(u)
}

func (s *Server) handleUpdateMe(ctx context.Context, c *call) error {
	var req syncproto.UpdateMeRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	name, err := checkDisplayName(req.DisplayName)
	if err != nil {
		return err
	}
	if name == "" {
		return errInvalid("display name is required")
	}
	if _, err := s.db.Writer().ExecContext(ctx, `UPDATE users SET display_name = $2, updated_at = $3 WHERE id = $1`,
		c.user.ID, name, s.nowMs()); err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	return s.handleMe(ctx, c)
}

func (s *Server) handleChangePassword(ctx context.Context, c *call) error {
	var req syncproto.ChangePasswordRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	acctKey := "acct:" + c.user.Email
	if blocked, retry, err := s.loginAccount.reserve(ctx, acctKey, s.now()); err != nil {
		return err
	} else if blocked {
		return errTooMany(retry)
	}
	var hash string
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, c.user.ID).Scan(&hash); err != nil {
		return fmt.Errorf("load password: %w", err)
	}
	if len(req.CurrentPassword) > 72 || bcrypt.CompareHashAndPassword([]byte(hash), []byte(req.CurrentPassword)) != nil {
		return errForbidden("current password is wrong") // the reserved attempt stays counted
	}
	if err := s.loginAccount.reset(ctx, acctKey); err != nil {
		return err
	}
	if err := checkPassword(req.NewPassword); err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(req.CurrentPassword), []byte(req.NewPassword)) == 1 {
		return errInvalid("the new password must differ from the current one")
	}
	newHash, err := s.hashPassword(req.NewPassword)
	if err != nil {
		return err
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`,
			c.user.ID, newHash, s.nowMs()); err != nil {
			return fmt.Errorf("change password: %w", err)
		}
		// Whoever knew the old password is signed out everywhere else.
		if err := s.revokeSessions(ctx, tx, c.user.ID, c.sessionID, "password_change"); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditPasswordChange, target: c.user.ID, addr: c.addr})
	})
	if err != nil {
		return err
	}
	s.wakeUser(ctx, c.user.ID)
	return c.noContent()
}
