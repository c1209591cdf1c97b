package localapi

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// Tokens are "bb-" and 43 characters of base64url (32 random bytes). Only
// the SHA-256 of the whole string is stored: a copy of the database opens
// nothing. The prefix (the first 6 characters after "bb-") tells tokens
// apart in the list.
const (
	tokenPrefix  = "bb-"
	visibleChars = 6
)

// caller is who made a request: a live token and what it may use.
type caller struct {
	tokenID    string
	all        bool
	workspaces map[string]bool
}

func (c caller) mayUse(workspaceID string) bool { return c.all || c.workspaces[workspaceID] }

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a token and returns its secret, this once.
func (s *Service) CreateToken(ctx context.Context, in TokenInput) (NewToken, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" || len([]rune(name)) > 80 {
		return NewToken{}, apperr.New(apperr.Invalid, "a token needs a name of 1 to 80 characters")
	}
	ids := []string{}
	if !in.AllWorkspaces {
		seen := map[string]bool{}
		for _, id := range in.WorkspaceIDs {
			if id = strings.TrimSpace(id); id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return NewToken{}, apperr.New(apperr.Invalid, "choose the workspaces this token may use, or all of them")
		}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return NewToken{}, fmt.Errorf("create token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t := Token{ID: store.NewID(), Name: name, Prefix: secret[:len(tokenPrefix)+visibleChars], AllWorkspaces: in.AllWorkspaces,
		WorkspaceIDs: ids, CreatedAt: s.now().UnixMilli()}
	idsJSON, _ := json.Marshal(ids)
	_, err := s.exec(ctx, `INSERT INTO api_tokens (id, name, token_hash, prefix, all_workspaces, workspace_ids, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, t.ID, t.Name, hashToken(secret), t.Prefix, boolInt(t.AllWorkspaces), string(idsJSON), t.CreatedAt)
	if err != nil {
		return NewToken{}, fmt.Errorf("create token: %w", err)
	}
	return NewToken{Token: t, Secret: secret}, nil
}

const tokenCols = `id, name, prefix, all_workspaces, workspace_ids, created_at, last_used_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var all int
	var ids string
	if err := row.Scan(&t.ID, &t.Name, &t.Prefix, &all, &ids, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt); err != nil {
		return Token{}, err
	}
	t.AllWorkspaces = all == 1
	t.WorkspaceIDs = []string{}
	_ = json.Unmarshal([]byte(ids), &t.WorkspaceIDs)
	return t, nil
}

// ListTokens lists every token, revoked ones too, newest first.
func (s *Service) ListTokens(ctx context.Context) ([]Token, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken stops a token from working at once; it stays in the list.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	n, err := s.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = 0`, s.now().UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	if n == 0 {
		var exists int
		if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM api_tokens WHERE id = ?`, id).Scan(&exists); err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if exists == 0 {
			return apperr.New(apperr.NotFound, "that token does not exist")
		}
	}
	return nil
}

// authenticate finds the live token a bearer secret names. The last use is
// written at most once a minute per token, so a busy client does not make
// every request a write.
func (s *Service) authenticate(ctx context.Context, secret string) (caller, bool, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return caller{}, false, nil
	}
	t, err := scanToken(s.db.R.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ? AND revoked_at = 0`,
		hashToken(secret)))
	if errors.Is(err, sql.ErrNoRows) {
		return caller{}, false, nil
	}
	if err != nil {
		return caller{}, false, fmt.Errorf("check token: %w", err)
	}
	now := s.now().UnixMilli()
	if now-t.LastUsedAt > 60_000 {
		if _, err := s.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, t.ID); err != nil {
			s.log.Warn("note token use", "err", err)
		}
	}
	c := caller{tokenID: t.ID, all: t.AllWorkspaces, workspaces: map[string]bool{}}
	for _, id := range t.WorkspaceIDs {
		c.workspaces[id] = true
	}
	return c, true, nil
}

// exec runs one write in its own transaction (the store's one writer) and
// says how many rows it changed.
func (s *Service) exec(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
