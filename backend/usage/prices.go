package usage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// How a call finds its price. The candidates, in order:
//  1. the whole ref ("openrouter:openai/gpt-4o"),
//  2. the model id ("openai/gpt-4o"),
//  3. the model id after its last '/' ("gpt-4o": OpenRouter and others
//     prefix the vendor),
//
// each as written and then without a date or "-latest" suffix
// ("claude-sonnet-4-20250514" and "gpt-4o-2024-08-06" find the
// "claude-sonnet-4" and "gpt-4o" rows). The first candidate with a price row
// effective at the call's time wins; among a candidate's rows the newest
// effective_from not after the call applies. Matching is exact otherwise:
// "gpt-4o" never prices "gpt-4o-mini".
func candidates(ref string) []string {
	id := modelOf(ref)
	out := []string{ref, id}
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		out = append(out, id[i+1:])
	}
	for _, c := range out[:len(out):len(out)] {
		if t := versionSuffix.ReplaceAllString(c, ""); t != c {
			out = append(out, t)
		}
	}
	return out
}

var versionSuffix = regexp.MustCompile(`-(\d{8}|\d{4}-\d{2}-\d{2}|\d{4}|latest)$`)

// priceFor finds the price of a call of ref that ended at (unix ms).
func priceFor(prices []Price, ref string, at int64) (Price, bool) {
	day := time.UnixMilli(at).UTC().Format(time.DateOnly)
	for _, c := range candidates(ref) {
		var best Price
		found := false
		for _, p := range prices {
			if strings.EqualFold(p.Model, c) && p.EffectiveFrom <= day && (!found || p.EffectiveFrom > best.EffectiveFrom) {
				best, found = p, true
			}
		}
		if found {
			return best, true
		}
	}
	return Price{}, false
}

// loadPrices returns the price rows, read once and kept until a change.
func (s *Service) loadPrices(ctx context.Context) ([]Price, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.prices != nil {
		return s.prices, nil
	}
	ps, err := s.Prices(ctx)
	if err != nil {
		return nil, err
	}
	s.prices = ps
	return ps, nil
}

func (s *Service) pricesChanged() {
	s.mu.Lock()
	s.prices = nil
	s.mu.Unlock()
}

// Prices lists the price table by model, then date.
func (s *Service) Prices(ctx context.Context) ([]Price, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, model, input_micros, output_micros, cached_micros, effective_from,
		preset, note FROM usage_prices ORDER BY model COLLATE NOCASE, effective_from`)
	if err != nil {
		return nil, fmt.Errorf("list prices: %w", err)
	}
	defer rows.Close()
	out := []Price{}
	for rows.Next() {
		var p Price
		if err := rows.Scan(&p.ID, &p.Model, &p.InputMicros, &p.OutputMicros, &p.CachedMicros, &p.EffectiveFrom, &p.Preset, &p.Note); err != nil {
			return nil, fmt.Errorf("list prices: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SavePrice adds a price (empty ID) or changes one; an edited preset is the
// user's from then on. Recorded calls keep the price that applied when
// they were made.
func (s *Service) SavePrice(ctx context.Context, p Price) (Price, error) {
	p.Model = strings.TrimSpace(p.Model)
	p.Note = strings.TrimSpace(p.Note)
	if p.Model == "" {
		return Price{}, apperr.New(apperr.Invalid, "name the model the price is for (a model id such as gpt-4o, or provider:model)")
	}
	if _, err := time.Parse(time.DateOnly, p.EffectiveFrom); err != nil {
		return Price{}, apperr.New(apperr.Invalid, "the date a price applies from must be a date (YYYY-MM-DD)")
	}
	if p.InputMicros < 0 || p.OutputMicros < 0 || p.CachedMicros < 0 {
		return Price{}, apperr.New(apperr.Invalid, "a price cannot be negative")
	}
	p.Preset = false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		// Matching ignores case, so "GPT-4o" and "gpt-4o" from one day
		// would be two prices for the same calls, either one applying.
		var other string
		err := tx.QueryRowContext(ctx, `SELECT id FROM usage_prices WHERE model = ? COLLATE NOCASE AND effective_from = ? AND id != ?`,
			p.Model, p.EffectiveFrom, p.ID).Scan(&other)
		if err == nil {
			return apperr.New(apperr.Conflict, "a price of the same model and day exists")
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if p.ID == "" {
			p.ID = store.NewID()
			_, err := tx.ExecContext(ctx, `INSERT INTO usage_prices (id, model, input_micros, output_micros, cached_micros,
				effective_from, preset, note) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
				p.ID, p.Model, p.InputMicros, p.OutputMicros, p.CachedMicros, p.EffectiveFrom, p.Note)
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE usage_prices SET model = ?, input_micros = ?, output_micros = ?, cached_micros = ?,
			effective_from = ?, preset = 0, note = ? WHERE id = ?`,
			p.Model, p.InputMicros, p.OutputMicros, p.CachedMicros, p.EffectiveFrom, p.Note, p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "that price is gone")
		}
		return nil
	})
	if apperr.CodeOf(err) == apperr.Conflict || err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return Price{}, apperr.New(apperr.Conflict, "%s already has a price from %s: edit that one", p.Model, p.EffectiveFrom)
	}
	if err != nil {
		return Price{}, fmt.Errorf("save price: %w", err)
	}
	s.pricesChanged()
	return p, nil
}

// DeletePrice removes a price row.
func (s *Service) DeletePrice(ctx context.Context, id string) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM usage_prices WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete price: %w", err)
	}
	s.pricesChanged()
	return nil
}

// RestorePresets writes every preset price again, over a row of the same
// model (in any case, as matching) and date; the user's other rows stay.
func (s *Service) RestorePresets(ctx context.Context) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, p := range Presets() {
			res, err := tx.ExecContext(ctx, `UPDATE usage_prices SET model = ?, input_micros = ?, output_micros = ?,
				cached_micros = ?, preset = 1, note = ? WHERE model = ? COLLATE NOCASE AND effective_from = ?`,
				p.Model, p.InputMicros, p.OutputMicros, p.CachedMicros, p.Note, p.Model, p.EffectiveFrom)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO usage_prices (id, model, input_micros, output_micros, cached_micros,
				effective_from, preset, note) VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
				store.NewID(), p.Model, p.InputMicros, p.OutputMicros, p.CachedMicros, p.EffectiveFrom, p.Note); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("restore preset prices: %w", err)
	}
	s.pricesChanged()
	return nil
}
