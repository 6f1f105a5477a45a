// pgx v4 (Debian's golang-github-jackc-pgx-v4-dev, built offline in GOPATH
// mode) with clients/go/csat: parameters as the pgx documentation writes
// them (ints and csat.Rating in INSERT, =, IN, BETWEEN, >=, UPDATE), Scan
// into csat.Rating, int, string and pointers, text and binary results,
// aggregates, and CopyFrom (binary) of ratings, strings and ints.
// Connects with the PG* environment variables; prints PASS/FAIL per check
// and exits 1 on any failure.
package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"

	"csat"

	"github.com/jackc/pgtype"
	"github.com/jackc/pgx/v4"
	"github.com/jackc/pgx/v4/pgxpool"
)

var failures []string

func check(name string, fn func() (string, error)) {
	detail, err := fn()
	if err != nil {
		failures = append(failures, name)
		fmt.Printf("FAIL %s: %v\n", name, err)
		return
	}
	if detail != "" {
		fmt.Printf("PASS %s (%s)\n", name, detail)
	} else {
		fmt.Printf("PASS %s\n", name)
	}
}

func expect(cond bool, format string, args ...interface{}) error {
	if !cond {
		return fmt.Errorf(format, args...)
	}
	return nil
}

func main() {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, "")
	if err != nil {
		fmt.Println("FAIL connect:", err)
		os.Exit(1)
	}
	defer conn.Close(ctx)
	must := func(sql string, args ...interface{}) {
		if _, err := conn.Exec(ctx, sql, args...); err != nil {
			fmt.Printf("FAIL setup %q: %v\n", sql, err)
			os.Exit(1)
		}
	}
	must("DROP TABLE IF EXISTS surveys")
	must(`CREATE TABLE surveys (id serial PRIMARY KEY, agent text NOT NULL,
		rating satisfaction_rating(5), nps satisfaction_rating(0,10))`)

	check("without Register: int parameters work; reads a string; not an int; not in binary CopyFrom", func() (string, error) {
		must("CREATE TEMP TABLE plain (r satisfaction_rating(5))")
		if _, err := conn.Exec(ctx, "INSERT INTO plain VALUES ($1)", "4/5"); err != nil {
			return "", err
		}
		var s string
		if err := conn.QueryRow(ctx, "SELECT r FROM plain LIMIT 1").Scan(&s); err != nil {
			return "", err
		}
		// ints as parameters need no codec: pgx sends them as text
		if _, err := conn.Exec(ctx, "INSERT INTO plain VALUES ($1)", 5); err != nil {
			return "", err
		}
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM plain WHERE r >= $1", 4).Scan(&n); err != nil {
			return "", err
		}
		if n != 2 {
			return "", fmt.Errorf("r >= 4 counted %d, want 2", n)
		}
		var v int
		errInt := conn.QueryRow(ctx, "SELECT r FROM plain LIMIT 1").Scan(&v)
		_, errCopy := conn.CopyFrom(ctx, pgx.Identifier{"plain"}, []string{"r"}, pgx.CopyFromRows([][]interface{}{{4}}))
		return fmt.Sprintf("%q; %v; %v", s, errInt, errCopy),
			expect(s == "4/5" && errInt != nil && errCopy != nil, "string %q, int error %v, CopyFrom error %v", s, errInt, errCopy)
	})

	check("Register: the OID known", func() (string, error) {
		if err := csat.Register(ctx, conn); err != nil {
			return "", err
		}
		dt, ok := conn.ConnInfo().DataTypeForName("satisfaction_rating")
		return fmt.Sprintf("oid %d", dt.OID), expect(ok, "not registered")
	})

	check("INSERT with csat.Rating and text parameters", func() (string, error) {
		if _, err := conn.Exec(ctx, "INSERT INTO surveys (agent, rating, nps) VALUES ($1, $2, $3)",
			"ana", csat.NewRating(4, 1, 5), csat.NewRating(9, 0, 10)); err != nil {
			return "", err
		}
		_, err := conn.Exec(ctx, "INSERT INTO surveys (agent, rating, nps) VALUES ($1, $2, $3)", "ana", "2/5", "0/0-10")
		return "", err
	})

	check("INSERT with int parameters (the column's scale)", func() (string, error) {
		if _, err := conn.Exec(ctx, "INSERT INTO surveys (agent, rating, nps) VALUES ($1, $2, $3)", "ana", 5, 10); err != nil {
			return "", err
		}
		if _, err := conn.Exec(ctx, "INSERT INTO surveys (agent, rating, nps) VALUES ($1, $2, $3)", "ben", int64(4), int32(7)); err != nil {
			return "", err
		}
		_, err := conn.Exec(ctx, "INSERT INTO surveys (agent, rating, nps) VALUES ($1, $2, $3)", "ben", "3", nil)
		return "", err
	})

	check("stored with their scales", func() (string, error) {
		var got string
		err := conn.QueryRow(ctx, "SELECT string_agg(rating::text || ' ' || coalesce(nps::text, '-'), ', ' ORDER BY id) FROM surveys").Scan(&got)
		if err != nil {
			return "", err
		}
		want := "4/5 9/0-10, 2/5 0/0-10, 5/5 10/0-10, 4/5 7/0-10, 3/5 -"
		return got, expect(got == want, "stored %q, want %q", got, want)
	})

	check("Scan into csat.Rating, int, string, float64, *csat.Rating (binary results)", func() (string, error) {
		var r csat.Rating
		var v int
		var s string
		var f float64
		var np *csat.Rating
		err := conn.QueryRow(ctx, "SELECT rating, rating, rating, rating, nps FROM surveys WHERE id = 5").Scan(&r, &v, &s, &f, &np)
		if err != nil {
			return "", err
		}
		if err := expect(r.V == 3 && r.Lo == 1 && r.Hi == 5 && r.String() == "3/5", "Rating %+v", r); err != nil {
			return "", err
		}
		if err := expect(v == 3 && s == "3/5" && f == 3 && np == nil, "int %d, string %q, float %v, *Rating %v", v, s, f, np); err != nil {
			return "", err
		}
		var nps csat.Rating
		if err := conn.QueryRow(ctx, "SELECT nps FROM surveys WHERE id = 1").Scan(&nps); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s, %d, %q, %s normalized %.1f", r, v, s, nps, nps.Normalized()),
			expect(nps.String() == "9/0-10" && nps.Normalized() == 0.9, "nps %+v", nps)
	})

	check("Scan in the text format too", func() (string, error) {
		rows, err := conn.Query(ctx, "SELECT rating FROM surveys ORDER BY id", pgx.QueryResultFormats{pgx.TextFormatCode})
		if err != nil {
			return "", err
		}
		var got []string
		for rows.Next() {
			var r csat.Rating
			if err := rows.Scan(&r); err != nil {
				return "", err
			}
			got = append(got, r.String())
		}
		if err := rows.Err(); err != nil {
			return "", err
		}
		s := strings.Join(got, " ")
		return s, expect(s == "4/5 2/5 5/5 4/5 3/5", "text results %q", s)
	})

	count := func(sql string, args ...interface{}) (int, error) {
		var n int
		err := conn.QueryRow(ctx, sql, args...).Scan(&n)
		return n, err
	}
	check("WHERE rating = $1 (int, csat.Rating, string)", func() (string, error) {
		a, err := count("SELECT count(*) FROM surveys WHERE rating = $1", 4)
		if err != nil {
			return "", err
		}
		b, err := count("SELECT count(*) FROM surveys WHERE rating = $1", csat.NewRating(4, 1, 5))
		if err != nil {
			return "", err
		}
		c, err := count("SELECT count(*) FROM surveys WHERE rating = $1", "4")
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d %d %d", a, b, c), expect(a == 2 && b == 2 && c == 2, "counts %d %d %d", a, b, c)
	})

	check("WHERE rating >= $1, BETWEEN $1 AND $2 (ints)", func() (string, error) {
		a, err := count("SELECT count(*) FROM surveys WHERE rating >= $1", 4)
		if err != nil {
			return "", err
		}
		b, err := count("SELECT count(*) FROM surveys WHERE nps BETWEEN $1 AND $2", 7, 10)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d, %d", a, b), expect(a == 3 && b == 3, "counts %d %d", a, b)
	})

	check("WHERE rating IN ($1, $2) and = ANY($1) (ints)", func() (string, error) {
		a, err := count("SELECT count(*) FROM surveys WHERE rating IN ($1, $2)", 4, 5)
		if err != nil {
			return "", err
		}
		b, err := count("SELECT count(*) FROM surveys WHERE rating = ANY($1)", []csat.Rating{csat.NewRating(4, 1, 5), csat.NewRating(5, 1, 5)})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d, %d", a, b), expect(a == 3 && b == 3, "counts %d %d", a, b)
	})

	check("UPDATE SET rating = $1 (int)", func() (string, error) {
		tag, err := conn.Exec(ctx, "UPDATE surveys SET rating = $1 WHERE id = $2", 1, 2)
		if err != nil {
			return "", err
		}
		var r csat.Rating
		if err := conn.QueryRow(ctx, "SELECT rating FROM surveys WHERE id = 2").Scan(&r); err != nil {
			return "", err
		}
		return r.String(), expect(tag.RowsAffected() == 1 && r.String() == "1/5", "after update %s", r)
	})

	check("a value off the scale is an error naming it", func() (string, error) {
		_, err := conn.Exec(ctx, "INSERT INTO surveys (agent, rating) VALUES ($1, $2)", "ana", 6)
		if err := expect(err != nil && strings.Contains(err.Error(), "6"), "6 into satisfaction_rating(5): %v", err); err != nil {
			return "", err
		}
		_, err2 := conn.Exec(ctx, "INSERT INTO surveys (agent, rating) VALUES ($1, $2)", "ana", 4.5)
		return err.Error() + "; " + err2.Error(), expect(err2 != nil && strings.Contains(err2.Error(), "4.5"), "4.5: %v", err2)
	})

	check("aggregates per agent, as numbers", func() (string, error) {
		rows, err := conn.Query(ctx, `SELECT agent, csat_pct(rating), nps(nps), ces_avg(rating)
			FROM surveys GROUP BY agent ORDER BY agent`)
		if err != nil {
			return "", err
		}
		defer rows.Close()
		var out []string
		got := map[string][3]float64{}
		for rows.Next() {
			var agent string
			var pct, nps, ces pgtype.Numeric
			if err := rows.Scan(&agent, &pct, &nps, &ces); err != nil {
				return "", err
			}
			var p, n, c float64
			_ = pct.AssignTo(&p)
			_ = nps.AssignTo(&n)
			_ = ces.AssignTo(&c)
			got[agent] = [3]float64{p, n, c}
			out = append(out, fmt.Sprintf("%s %.2f %.2f %.2f", agent, p, n, c))
		}
		if err := rows.Err(); err != nil {
			return "", err
		}
		// ana: 4/5 1/5 5/5 -> 2 of 3 satisfied, mean 10/3; nps 9, 0, 10 -> (2 - 1) / 3
		// ben: 4/5 3/5 -> 1 of 2, mean 3.5; nps 7 -> 0
		near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
		a, b := got["ana"], got["ben"]
		return strings.Join(out, ", "), expect(near(a[0], 200.0/3) && near(a[1], 100.0/3) && near(a[2], 10.0/3) &&
			near(b[0], 50) && near(b[1], 0) && near(b[2], 3.5), "got %v", got)
	})

	check("CopyFrom (binary) of csat.Rating values", func() (string, error) {
		n, err := conn.CopyFrom(ctx, pgx.Identifier{"surveys"}, []string{"agent", "rating", "nps"},
			pgx.CopyFromRows([][]interface{}{
				{"cy", csat.NewRating(5, 1, 5), csat.NewRating(10, 0, 10)},
				{"cy", csat.NewRating(2, 1, 5), nil},
			}))
		return fmt.Sprintf("%d rows", n), err
	})

	check("CopyFrom of ints and strings through csat.ScaledRows", func() (string, error) {
		cols := []string{"agent", "rating", "nps"}
		five := int64(5)
		src, err := csat.ScaledRows(ctx, conn, pgx.Identifier{"surveys"}, cols, pgx.CopyFromRows([][]interface{}{
			{"dee", 4, int32(9)},
			{"dee", "3", "6/0-10"},
			{"dee", &five, 8.0},
			{"dee", "2/5", (*string)(nil)},
		}))
		if err != nil {
			return "", err
		}
		n, err := conn.CopyFrom(ctx, pgx.Identifier{"surveys"}, cols, src)
		if err != nil {
			return "", err
		}
		var got string
		if err := conn.QueryRow(ctx, "SELECT string_agg(rating::text || ' ' || coalesce(nps::text, '-'), ', ' ORDER BY id) FROM surveys WHERE agent = 'dee'").Scan(&got); err != nil {
			return "", err
		}
		want := "4/5 9/0-10, 3/5 6/0-10, 5/5 8/0-10, 2/5 -"
		return fmt.Sprintf("%d rows: %s", n, got), expect(n == 4 && got == want, "copied %q, want %q", got, want)
	})

	check("CopyFrom: off the scale, another scale, a bare int without ScaledRows: errors, nothing copied", func() (string, error) {
		cols := []string{"agent", "rating"}
		var msgs []string
		for _, v := range []interface{}{6, "4/7"} {
			src, err := csat.ScaledRows(ctx, conn, pgx.Identifier{"surveys"}, cols, pgx.CopyFromRows([][]interface{}{{"eve", v}}))
			if err != nil {
				return "", err
			}
			_, err = conn.CopyFrom(ctx, pgx.Identifier{"surveys"}, cols, src)
			want := fmt.Sprint(v)
			if err == nil || !strings.Contains(err.Error(), want) {
				return "", fmt.Errorf("%v: %v", v, err)
			}
			msgs = append(msgs, err.Error())
		}
		_, err := conn.CopyFrom(ctx, pgx.Identifier{"surveys"}, cols, pgx.CopyFromRows([][]interface{}{{"eve", 4}}))
		if err == nil || !strings.Contains(err.Error(), "no scale") {
			return "", fmt.Errorf("a bare 4 in binary COPY: %v", err)
		}
		n, err := count("SELECT count(*) FROM surveys WHERE agent = 'eve'")
		if err != nil {
			return "", err
		}
		return strings.Join(msgs, "; "), expect(n == 0, "%d rows copied", n)
	})

	check("pgxpool: csat.Register as AfterConnect", func() (string, error) {
		cfg, err := pgxpool.ParseConfig("")
		if err != nil {
			return "", err
		}
		cfg.AfterConnect = csat.Register
		pool, err := pgxpool.ConnectConfig(ctx, cfg)
		if err != nil {
			return "", err
		}
		defer pool.Close()
		var r csat.Rating
		if err := pool.QueryRow(ctx, "SELECT rating FROM surveys WHERE agent = 'cy' ORDER BY id LIMIT 1").Scan(&r); err != nil {
			return "", err
		}
		return r.String(), expect(r == csat.NewRating(5, 1, 5), "pool read %+v", r)
	})

	check("rating_summary reads as text", func() (string, error) {
		var s string
		err := conn.QueryRow(ctx, "SELECT rating_summary(rating)::text FROM surveys WHERE agent = 'cy'").Scan(&s)
		return s, expect(err == nil && s == "{v1 scale 1-5 counts 0,1,0,0,1 unanswered 0}", "%q %v", s, err)
	})

	if len(failures) > 0 {
		fmt.Printf("pgx: %d check(s) failed: %s\n", len(failures), strings.Join(failures, ", "))
		os.Exit(1)
	}
	fmt.Println("pgx: all checks passed")
}
