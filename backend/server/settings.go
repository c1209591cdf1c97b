package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"bookbag/backend/syncproto"
)

// Runtime settings (syncproto.ServerSettings): a row in server_settings
// wins over the flag. They are read from the database where they apply, on
// every request, so a change takes effect at once in every server process
// on the database.
const (
	settingDefaultQuota    = "default_quota_bytes"
	settingMaxFile         = "max_file_bytes"
	settingInvitationDays  = "invitation_days"
	settingLoginPerAccount = "login_per_account"
)

// settings are the effective runtime settings.
func (s *Server) settings(ctx context.Context, q queryer) (syncproto.ServerSettings, error) {
	st := syncproto.ServerSettings{
		DefaultQuotaBytes: s.cfg.QuotaBytes,
		MaxFileBytes:      s.cfg.MaxFileBytes,
		InvitationDays:    int(s.cfg.InvitationTTL / (24 * time.Hour)),
		LoginPerAccount:   s.cfg.LoginPerAccount,
	}
	rows, err := q.QueryContext(ctx, `SELECT name, value FROM server_settings`)
	if err != nil {
		return st, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var v int64
		if err := rows.Scan(&name, &v); err != nil {
			return st, fmt.Errorf("read settings: %w", err)
		}
		switch name {
		case settingDefaultQuota:
			st.DefaultQuotaBytes = v
		case settingMaxFile:
			st.MaxFileBytes = v
		case settingInvitationDays:
			st.InvitationDays = int(v)
		case settingLoginPerAccount:
			st.LoginPerAccount = int(v)
		}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("read settings: %w", err)
	}
	return st, nil
}

// invitationTTL is how long a new invitation stays valid. The flag's
// duration applies unless an admin set a number of days.
func (s *Server) invitationTTL(ctx context.Context, q queryer) (time.Duration, error) {
	var days int64
	err := q.QueryRowContext(ctx, `SELECT value FROM server_settings WHERE name = $1`, settingInvitationDays).Scan(&days)
	if errors.Is(err, sql.ErrNoRows) {
		return s.cfg.InvitationTTL, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read settings: %w", err)
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

func (s *Server) handleGetSettings(ctx context.Context, c *call) error {
	st, err := s.settings(ctx, s.db.Reader())
	if err != nil {
		return err
	}
	return c.ok(st)
}

// checkSetting refuses a value out of the setting's range, naming the
// setting and its range as the admin screen shows them (not the column
// name and a count of bytes).
func checkSetting(name string, v int64) error {
	switch name {
	case settingDefaultQuota:
		if v < 1<<20 || v > 1<<50 {
			return errInvalid("the default workspace quota must be between 1 MiB and 1 PiB (defaultQuotaBytes %d)", v)
		}
	case settingMaxFile:
		if v < 1<<10 || v > 1<<40 {
			return errInvalid("the largest file must be between 1 KiB and 1 TiB (maxFileBytes %d)", v)
		}
	case settingInvitationDays:
		if v < 1 || v > 365 {
			return errInvalid("invitations must last between 1 and 365 days")
		}
	case settingLoginPerAccount:
		if v < 1 || v > 10000 {
			return errInvalid("failed sign-ins before a lockout must be between 1 and 10000")
		}
	}
	return nil
}

func (s *Server) handlePatchSettings(ctx context.Context, c *call) error {
	var p syncproto.ServerSettingsPatch
	if err := c.decode(&p); err != nil {
		return err
	}
	set := map[string]int64{}
	if p.DefaultQuotaBytes != nil {
		set[settingDefaultQuota] = *p.DefaultQuotaBytes
	}
	if p.MaxFileBytes != nil {
		set[settingMaxFile] = *p.MaxFileBytes
	}
	if p.InvitationDays != nil {
		set[settingInvitationDays] = int64(*p.InvitationDays)
	}
	if p.LoginPerAccount != nil {
		set[settingLoginPerAccount] = int64(*p.LoginPerAccount)
	}
	for _, name := range []string{settingDefaultQuota, settingMaxFile, settingInvitationDays, settingLoginPerAccount} {
		if v, ok := set[name]; ok {
			if err := checkSetting(name, v); err != nil {
				return err
			}
		}
	}
	var out syncproto.ServerSettings
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		detail := map[string]string{}
		for name, v := range set {
			if _, err := tx.ExecContext(ctx, `INSERT INTO server_settings (name, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
				ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				name, v, s.nowMs(), c.user.ID); err != nil {
				return fmt.Errorf("store setting: %w", err)
			}
			detail[name] = strconv.FormatInt(v, 10)
		}
		if len(detail) > 0 {
			if err := s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditSettingsChange, addr: c.addr, detail: detail}); err != nil {
				return err
			}
		}
		var err error
		out, err = s.settings(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	return c.ok(out)
}

// maxFileBytes is the largest file an upload may carry.
func (s *Server) maxFileBytes(ctx context.Context) (int64, error) {
	st, err := s.settings(ctx, s.db.Reader())
	return st.MaxFileBytes, err
}
