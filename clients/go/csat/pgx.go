package csat

import (
	"context"
	"fmt"

	"github.com/jackc/pgtype"
	"github.com/jackc/pgx/v4"
)

// Register teaches a connection satisfaction_rating (and its array type) by
// OID.  Call it once per connection; it fits pgxpool.Config.AfterConnect.
func Register(ctx context.Context, conn *pgx.Conn) error {
	var oid, arrayOID uint32
	err := conn.QueryRow(ctx, `SELECT t.oid, t.typarray FROM pg_catalog.pg_type t
		JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
		JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat'
		WHERE t.typname = 'satisfaction_rating'`).Scan(&oid, &arrayOID)
	if err == pgx.ErrNoRows {
		return fmt.Errorf("csat: the csat extension is not installed in this database")
	}
	if err != nil {
		return err
	}
	ci := conn.ConnInfo()
	ci.RegisterDataType(pgtype.DataType{Value: &Rating{}, Name: "satisfaction_rating", OID: oid})
	ci.RegisterDataType(pgtype.DataType{
		Value: pgtype.NewArrayType("_satisfaction_rating", oid, func() pgtype.ValueTranscoder { return &Rating{} }),
		Name:  "_satisfaction_rating",
		OID:   arrayOID,
	})
	return nil
}

// Querier is what ScaledRows needs: a *pgx.Conn, pgx.Tx or *pgxpool.Pool.
type Querier interface {
	Query(ctx context.Context, sql string, args ...interface{}) (pgx.Rows, error)
}

// ScaledRows wraps the rows of a CopyFrom so that, in each rating column of
// the table, a Go integer, a whole float or a string ("4", "4/5") becomes a
// Rating on the column's scale (checked: a value off the scale or a rating
// on another scale is an error naming it, never rescaled).
//
//	src, err := csat.ScaledRows(ctx, conn, pgx.Identifier{"surveys"}, cols, pgx.CopyFromRows(rows))
//	n, err := conn.CopyFrom(ctx, pgx.Identifier{"surveys"}, cols, src)
func ScaledRows(ctx context.Context, q Querier, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (pgx.CopyFromSource, error) {
	rows, err := q.Query(ctx, `SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
		FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
		WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
		  AND t.typname = 'satisfaction_rating'`, table.Sanitize())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type scale struct{ lo, hi int }
	scales := map[string]scale{}
	unscaled := map[string]bool{}
	for rows.Next() {
		var name, sqlType string
		if err := rows.Scan(&name, &sqlType); err != nil {
			return nil, err
		}
		if lo, hi, ok := scaleOf(sqlType); ok {
			scales[name] = scale{lo, hi}
		} else {
			unscaled[name] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s := &scaledRows{src: src, columns: columns, lo: make([]int, len(columns)), hi: make([]int, len(columns)), kind: make([]int, len(columns))}
	for i, c := range columns {
		if sc, ok := scales[c]; ok {
			s.kind[i], s.lo[i], s.hi[i] = 1, sc.lo, sc.hi
		} else if unscaled[c] {
			s.kind[i] = 2
		}
	}
	return s, nil
}

type scaledRows struct {
	src     pgx.CopyFromSource
	columns []string
	kind    []int // 0 not a rating, 1 with a scale, 2 without
	lo, hi  []int
	row     int
}

func (s *scaledRows) Next() bool { s.row++; return s.src.Next() }
func (s *scaledRows) Err() error { return s.src.Err() }

func (s *scaledRows) Values() ([]interface{}, error) {
	values, err := s.src.Values()
	if err != nil || len(values) != len(s.columns) {
		return values, err
	}
	out := make([]interface{}, len(values))
	copy(out, values)
	for i, v := range values {
		if s.kind[i] == 0 || v == nil {
			continue
		}
		var r Rating
		if err := r.Set(v); err != nil {
			return nil, fmt.Errorf("csat: row %d, column %s: %w", s.row, s.columns[i], err)
		}
		if r.Status != pgtype.Present {
			out[i] = nil
			continue
		}
		if s.kind[i] == 2 {
			if !r.HasScale() {
				return nil, fmt.Errorf("csat: row %d, column %s: rating %d has no scale, and the column has none: write it as \"%d/5\"", s.row, s.columns[i], r.V, r.V)
			}
		} else if r, err = r.OnScale(s.lo[i], s.hi[i]); err != nil {
			return nil, fmt.Errorf("csat: row %d, column %s: %w", s.row, s.columns[i], err)
		}
		out[i] = r
	}
	return out, nil
}
