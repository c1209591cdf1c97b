package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"bookbag/backend/syncproto"
)

// normalizeEmail lowercases and checks an address; accounts and
// invitations match on this form.
func normalizeEmail(v string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(v))
	if len(e) > 254 || strings.ContainsAny(e, " \t\r\n<>") {
		return "", errInvalid("email address is not valid")
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e {
		return "", errInvalid("email address is not valid")
	}
	return e, nil
}

// checkPassword enforces length: at least 10 characters, and at most the
// 72 bytes bcrypt reads (longer would be silently truncated).
func checkPassword(p string) error {
	if utf8.RuneCountInString(p) < 10 {
		return errInvalid("password must be at least 10 characters")
	}
	if len(p) > 72 {
		return errInvalid("password must be at most 72 bytes")
	}
	return nil
}

func checkDisplayName(n string) (string, error) {
	n = strings.TrimSpace(n)
	if utf8.RuneCountInString(n) > 100 {
		return "", errInvalid("display name must be at most 100 characters")
	}
	return n, nil
}

func (s *Server) hashPassword(p string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(p), s.cfg.BcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

const userCols = `id, email, display_name, role, disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (syncproto.User, error) {
	var u syncproto.User
	var disabled int
	err := row.Scan(&u.ID, &u.Email, &u.DisplayName, &u.Role, &disabled, &u.CreatedAt)
	u.Disabled = disabled != 0
	return u, err
}

func (s *Server) getUser(ctx context.Context, q queryer, id string) (syncproto.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errNotFound("user not found")
	}
	if err != nil {
		return u, fmt.Errorf("load user: %w", err)
	}
	return u, nil
}

// CreateUser makes an account; an empty password is generated and
// returned. Used by the admin API, setup and `bookbag-server admin create-user`.
func (s *Server) CreateUser(ctx context.Context, req syncproto.CreateUserRequest, actor, addr string) (syncproto.CreateUserResponse, error) {
	var out syncproto.CreateUserResponse
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.createUser(ctx, tx, req, actor, addr)
		return err
	})
	return out, err
}

func (s *Server) createUser(ctx context.Context, tx *sql.Tx, req syncproto.CreateUserRequest, actor, addr string) (syncproto.CreateUserResponse, error) {
	email, err := normalizeEmail(req.Email)
	if err != nil {
		return syncproto.CreateUserResponse{}, err
	}
	if req.Role == "" {
		req.Role = syncproto.RoleMember
	}
	if !syncproto.ValidRole(req.Role) {
		return syncproto.CreateUserResponse{}, errInvalid("role must be admin or member")
	}
	name, err := checkDisplayName(req.DisplayName)
	if err != nil {
		return syncproto.CreateUserResponse{}, err
	}
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	var out syncproto.CreateUserResponse
	pw := req.Password
	if pw == "" {
		pw = randomSecret(15)
		out.Password = pw
	} else if err := checkPassword(pw); err != nil {
		return syncproto.CreateUserResponse{}, err
	}
	hash, err := s.hashPassword(pw)
	if err != nil {
		return syncproto.CreateUserResponse{}, err
	}
	now := s.nowMs()
	id := newID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, display_name, password_hash, role, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 0, $6, $6)`, id, email, name, hash, req.Role, now); err != nil {
		if s.db.IsUnique(err) {
			return syncproto.CreateUserResponse{}, errConflict("an account with this email already exists")
		}
		return syncproto.CreateUserResponse{}, fmt.Errorf("create user: %w", err)
	}
	if err := s.audit(ctx, tx, auditEntry{actor: actor, action: auditUserCreate, target: id, addr: addr,
		detail: map[string]string{"email": email, "role": req.Role}}); err != nil {
		return syncproto.CreateUserResponse{}, err
	}
	out.User = syncproto.User{ID: id, Email: email, DisplayName: name, Role: req.Role, CreatedAt: now}
	return out, nil
}

// SetPassword replaces a user's password (found by email) and signs out
// every session; an empty password is generated and returned. For
// `bookbag-server admin reset-password`.
func (s *Server) SetPassword(ctx context.Context, email, password string) (string, error) {
	e, err := normalizeEmail(email)
	if err != nil {
		return "", err
	}
	var id string
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, e).Scan(&id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", errNotFound("no account with this email")
		}
		return "", fmt.Errorf("find user: %w", err)
	}
	return s.resetPassword(ctx, id, password, "", "")
}

func (s *Server) resetPassword(ctx context.Context, userID, password, actor, addr string) (generated string, err error) {
	if password == "" {
		password = randomSecret(15)
		generated = password
	} else if err := checkPassword(password); err != nil {
		return "", err
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return "", err
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, userID, hash, s.nowMs())
		if err != nil {
			return fmt.Errorf("reset password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound("user not found")
		}
		if err := s.revokeSessions(ctx, tx, userID, "", "password_reset"); err != nil {
			return err
		}
		return s.audit(ctx, tx, auditEntry{actor: actor, action: auditPasswordReset, target: userID, addr: addr})
	})
	if err == nil {
		s.wakeUser(ctx, userID)
	}
	return generated, err
}

// countAdmins counts enabled server admins.
func countAdmins(ctx context.Context, q queryer) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0`).Scan(&n)
	return n, err
}
