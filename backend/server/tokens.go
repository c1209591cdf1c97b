package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const issuer = "bookbag-server"

// accessClaims are the access token's claims: the user and the session, so
// that revoking a session stops its access tokens at once, not after 15 min.
type accessClaims struct {
	jwt.RegisteredClaims
	SID string `json:"sid"`
}

func (s *Server) issueAccess(userID, sessionID string) (string, int64, error) {
	now := s.now()
	exp := now.Add(s.cfg.AccessTTL)
	claims := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: issuer, Subject: userID,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
		},
		SID: sessionID,
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.jwtKey)
	if err != nil {
		return "", 0, fmt.Errorf("sign access token: %w", err)
	}
	return tok, exp.UnixMilli(), nil
}

// tokenLeeway is the clock difference between server processes that a
// token's times allow. Processes on several hosts behind a load balancer
// are a little apart: without it a token signed by one whose clock is
// ahead has its issue time in the future of the next, which refused it.
const tokenLeeway = time.Minute

// parseAccess checks the signature (HS256 only: "none" and key confusion
// are refused), issuer and expiry against the server's clock, within
// tokenLeeway.
func (s *Server) parseAccess(tok string) (accessClaims, error) {
	var claims accessClaims
	_, err := jwt.ParseWithClaims(tok, &claims, func(*jwt.Token) (any, error) { return s.jwtKey, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(issuer), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(), jwt.WithTimeFunc(s.now), jwt.WithLeeway(tokenLeeway))
	if err != nil {
		return accessClaims{}, err
	}
	if claims.Subject == "" || claims.SID == "" {
		return accessClaims{}, errors.New("token lacks subject or session")
	}
	return claims, nil
}

// newRefreshToken returns a random token and the hash that is stored.
func newRefreshToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = "bbr_" + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// authUser is the signed-in user as the middleware loaded it.
type authUser struct {
	ID, Email, DisplayName, Role string
}

// authenticate checks the bearer token and that its session is live and
// its user enabled. Every failure reads the same.
func (s *Server) authenticate(ctx context.Context, c *call) error {
	h := c.r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return errUnauthorized("sign in required")
	}
	claims, err := s.parseAccess(tok)
	if err != nil {
		return errUnauthorized("invalid or expired token")
	}
	var (
		u         authUser
		revokedAt sql.NullInt64
		expiresAt int64
		disabled  int
	)
	err = s.db.Reader().QueryRowContext(ctx, `SELECT u.id, u.email, u.display_name, u.role, u.disabled, s.revoked_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.user_id = $2`, claims.SID, claims.Subject).
		Scan(&u.ID, &u.Email, &u.DisplayName, &u.Role, &disabled, &revokedAt, &expiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return errUnauthorized("invalid or expired token")
	}
	if err != nil {
		return fmt.Errorf("load session: %w", err)
	}
	if revokedAt.Valid || disabled != 0 || expiresAt <= s.nowMs() {
		return errUnauthorized("invalid or expired token")
	}
	c.user, c.sessionID = u, claims.SID
	return nil
}

// startSession creates a session for a device and its first tokens.
func (s *Server) startSession(ctx context.Context, q queryer, u authUser, deviceID, deviceName, addr string) (sessionTokens, error) {
	now := s.nowMs()
	sid := newID()
	exp := now + s.cfg.RefreshTTL.Milliseconds()
	if _, err := q.ExecContext(ctx, `INSERT INTO sessions (id, user_id, device_id, device_name, address, created_at, last_used_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`, sid, u.ID, clip(deviceID, 128), clip(deviceName, 200), addr, now, exp); err != nil {
		return sessionTokens{}, fmt.Errorf("create session: %w", err)
	}
	return s.issuePair(ctx, q, u.ID, sid)
}

type sessionTokens struct {
	access, refresh       string
	accessExp, refreshExp int64
	sessionID             string
}

// issuePair stores a new refresh token for the session and signs an access
// token; the session's idle expiry slides forward.
func (s *Server) issuePair(ctx context.Context, q queryer, userID, sid string) (sessionTokens, error) {
	now := s.nowMs()
	exp := now + s.cfg.RefreshTTL.Milliseconds()
	rt, hash := newRefreshToken()
	if _, err := q.ExecContext(ctx, `INSERT INTO refresh_tokens (hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		hash, sid, now, exp); err != nil {
		return sessionTokens{}, fmt.Errorf("store refresh token: %w", err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE sessions SET last_used_at = $2, expires_at = $3 WHERE id = $1`, sid, now, exp); err != nil {
		return sessionTokens{}, fmt.Errorf("extend session: %w", err)
	}
	at, atExp, err := s.issueAccess(userID, sid)
	if err != nil {
		return sessionTokens{}, err
	}
	return sessionTokens{access: at, refresh: rt, accessExp: atExp, refreshExp: exp, sessionID: sid}, nil
}

// revokeSessions ends sessions of userID: all of them, or all but keep.
func (s *Server) revokeSessions(ctx context.Context, q queryer, userID, keep, reason string) error {
	_, err := q.ExecContext(ctx, `UPDATE sessions SET revoked_at = $3, revoke_reason = $4
		WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`, userID, keep, s.nowMs(), reason)
	if err != nil {
		return fmt.Errorf("revoke sessions: %w", err)
	}
	return nil
}

func (s *Server) revokeSession(ctx context.Context, q queryer, sid, reason string) error {
	_, err := q.ExecContext(ctx, `UPDATE sessions SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL`,
		sid, s.nowMs(), reason)
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

func clip(v string, n int) string {
	if len(v) > n {
		return v[:n]
	}
	return v
}
