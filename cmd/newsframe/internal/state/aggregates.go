package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The aggregation's tables (schema version 3): records and placements per
// article, the pending changes, and named aggregates. Their blobs belong to
// the pipeline; this package stores them.

// Aggregate returns the aggregate stored under name, or nil when there is
// none.
func (s *Store) Aggregate(ctx context.Context, name string) ([]byte, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM aggregates WHERE name = ?`, name).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if b == nil && err == nil {
		b = []byte{}
	}
	return b, s.wrap("aggregate "+name, err)
}

// Records calls fn for every stored record in id order.
func (s *Store) Records(ctx context.Context, fn func(id string, data []byte) error) error {
	return s.eachRow(ctx, "records", `SELECT id, data FROM records ORDER BY id`, fn)
}

// Pending calls fn for every pending article in id order, with its
// retired blob (nil when none).
func (s *Store) Pending(ctx context.Context, fn func(id string, retired []byte) error) error {
	return s.eachRow(ctx, "pending", `SELECT id, retired FROM pending ORDER BY id`, fn)
}

func (s *Store) eachRow(ctx context.Context, what, q string, fn func(string, []byte) error) error {
	rows, err := s.r.QueryContext(ctx, q)
	if err != nil {
		return s.wrap(what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return s.wrap(what, err)
		}
		if err := fn(id, b); err != nil {
			return err
		}
	}
	return s.wrap(what, rows.Err())
}

// Placements calls fn for the stored placement of each of ids that has
// one, in the order given.
func (s *Store) Placements(ctx context.Context, ids []string, fn func(id string, data []byte) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.wrap("placements", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `SELECT data FROM placements WHERE id = ?`)
	if err != nil {
		return s.wrap("placements", err)
	}
	defer st.Close()
	for _, id := range ids {
		var b []byte
		err := st.QueryRowContext(ctx, id).Scan(&b)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return s.wrap("placements", err)
		}
		if err := fn(id, b); err != nil {
			return err
		}
	}
	return nil
}

// Select calls fn for each article of ids that is stored, in the order
// given, with the paragraph fields cols selects (as Scan does), all read
// in one transaction.
func (s *Store) Select(ctx context.Context, ids []string, cols Columns, fn func(*Article) error) error {
	if len(ids) == 0 {
		return nil
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.wrap("select", err)
	}
	defer tx.Rollback()
	art, err := tx.PrepareContext(ctx, `SELECT id, file, source, outlet, day, hash, settings_hash, meta, result FROM articles WHERE id = ?`)
	if err != nil {
		return s.wrap("select", err)
	}
	defer art.Close()
	q, dest := paragraphColumns("SELECT idx", cols)
	var paras *sql.Stmt
	if len(dest) > 0 {
		if paras, err = tx.PrepareContext(ctx, q+" FROM paragraphs WHERE article_id = ? ORDER BY idx"); err != nil {
			return s.wrap("select", err)
		}
		defer paras.Close()
	}
	args := make([]any, 1+len(dest))
	for _, id := range ids {
		a := &Article{}
		err := art.QueryRowContext(ctx, id).Scan(&a.ID, &a.File, &a.Source, &a.Outlet, &a.Day, &a.Hash, &a.SettingsHash, &a.Meta, &a.Result)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return s.wrap("select "+id, err)
		}
		if paras != nil {
			rows, err := paras.QueryContext(ctx, id)
			if err != nil {
				return s.wrap("select "+id, err)
			}
			for rows.Next() {
				var idx int
				var p Paragraph
				args[0] = &idx
				for i, d := range dest {
					args[1+i] = d(&p)
				}
				if err := rows.Scan(args...); err != nil {
					rows.Close()
					return s.wrap("select "+id, err)
				}
				if idx != len(a.Paragraphs) {
					rows.Close()
					return s.wrap("select", fmt.Errorf("article %s: paragraph %d stored where %d was expected", id, idx, len(a.Paragraphs)))
				}
				a.Paragraphs = append(a.Paragraphs, p)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return s.wrap("select "+id, err)
			}
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// IsPending reports whether the article id is pending.
func (t *Tx) IsPending(id string) (bool, error) {
	var n int
	err := t.tx.QueryRowContext(t.ctx, `SELECT count(*) FROM pending WHERE id = ?`, id).Scan(&n)
	return n > 0, t.s.wrap("pending "+id, err)
}

// AddPending marks the article id pending with its retired blob (nil for
// none), unless it is pending already: the first change since the last
// aggregation is the one whose old version the aggregation must take out.
func (t *Tx) AddPending(id string, retired []byte) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT OR IGNORE INTO pending (id, retired) VALUES (?, ?)`, id, retired)
	return t.s.wrap("add pending "+id, err)
}

// Record returns the article's stored record and placement (nil when
// absent), as this transaction sees them.
func (t *Tx) Record(id string) (record, placement []byte, err error) {
	err = t.tx.QueryRowContext(t.ctx, `SELECT data FROM records WHERE id = ?`, id).Scan(&record)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, t.s.wrap("record "+id, err)
	}
	err = t.tx.QueryRowContext(t.ctx, `SELECT data FROM placements WHERE id = ?`, id).Scan(&placement)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return record, placement, t.s.wrap("placement "+id, err)
}

// ClearAggregation deletes every aggregate, record, placement and pending
// article: what an aggregation that rebuilds them all replaces.
func (t *Tx) ClearAggregation() error {
	for _, table := range []string{"aggregates", "records", "placements", "pending"} {
		if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM `+table); err != nil {
			return t.s.wrap("clear "+table, err)
		}
	}
	return nil
}

// PutAggregate stores data under name; nil deletes it.
func (t *Tx) PutAggregate(name string, data []byte) error {
	var err error
	if data == nil {
		_, err = t.tx.ExecContext(t.ctx, `DELETE FROM aggregates WHERE name = ?`, name)
	} else {
		_, err = t.tx.ExecContext(t.ctx, `INSERT OR REPLACE INTO aggregates (name, data) VALUES (?, ?)`, name, data)
	}
	return t.s.wrap("put aggregate "+name, err)
}

// PutRecord stores an article's record.
func (t *Tx) PutRecord(id string, data []byte) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT OR REPLACE INTO records (id, data) VALUES (?, ?)`, id, data)
	return t.s.wrap("put record "+id, err)
}

// PutPlacement stores an article's placement.
func (t *Tx) PutPlacement(id string, data []byte) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT OR REPLACE INTO placements (id, data) VALUES (?, ?)`, id, data)
	return t.s.wrap("put placement "+id, err)
}

// DeleteRecord deletes an article's record and placement.
func (t *Tx) DeleteRecord(id string) error {
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM records WHERE id = ?`, id); err != nil {
		return t.s.wrap("delete record "+id, err)
	}
	_, err := t.tx.ExecContext(t.ctx, `DELETE FROM placements WHERE id = ?`, id)
	return t.s.wrap("delete placement "+id, err)
}

// DonePending takes the article id off the pending list.
func (t *Tx) DonePending(id string) error {
	_, err := t.tx.ExecContext(t.ctx, `DELETE FROM pending WHERE id = ?`, id)
	return t.s.wrap("done pending "+id, err)
}
