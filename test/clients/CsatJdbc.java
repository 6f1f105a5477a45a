// csat through pgjdbc (Debian's libpostgresql-jdbc-java), compiled at test
// time by test/checks/clients.sh:
//   javac -cp /usr/share/java/postgresql.jar -d DIR test/clients/CsatJdbc.java
//   java -cp DIR:/usr/share/java/postgresql.jar CsatJdbc
// The connection comes from PGHOST (TCP: 127.0.0.1), PGPORT, PGDATABASE,
// PGUSER.  Works in its own schema, dropped at the end.  Prints one line
// per check; exits 1 if any fails.
import java.math.BigDecimal;
import java.sql.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

public class CsatJdbc {
    static final String SCHEMA = "csat_jdbc_client";
    static final List<String> failures = new ArrayList<>();

    interface Check { String run() throws Exception; }

    static void check(String name, Check c) {
        try {
            String detail = c.run();
            System.out.println("PASS " + name + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        } catch (Throwable e) {
            failures.add(name);
            System.out.println("FAIL " + name + ": " + e);
        }
    }

    static void expect(boolean cond, String msg) {
        if (!cond) throw new AssertionError(msg);
    }

    static String env(String k, String dflt) {
        String v = System.getenv(k);
        return v == null || v.isEmpty() ? dflt : v;
    }

    static Connection connect(String extra) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + env("PGPORT", "5432") + "/"
            + env("PGDATABASE", "postgres") + extra;
        Properties p = new Properties();
        p.setProperty("user", env("PGUSER", "postgres"));
        if (System.getenv("PGPASSWORD") != null) p.setProperty("password", System.getenv("PGPASSWORD"));
        return DriverManager.getConnection(url, p);
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static void main(String[] args) throws Exception {
        // stringtype=unspecified: setString() sends untyped text, which the
        // server reads as the column's type ('4/5' as a rating)
        Connection conn = connect("?stringtype=unspecified");
        Connection plain = connect("");
        DatabaseMetaData md = conn.getMetaData();
        System.out.println("pgjdbc " + md.getDriverVersion() + ", server " + md.getDatabaseProductVersion());
        try (Statement s = conn.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path = " + SCHEMA + ", public");
            s.execute("CREATE TABLE answers (id integer PRIMARY KEY, how text, csat satisfaction_rating(1,5), nps satisfaction_rating(0,10))");
        }
        try (Statement s = plain.createStatement()) {
            s.execute("SET search_path = " + SCHEMA + ", public");
        }

        String ins = "INSERT INTO answers (id, how, csat, nps) VALUES (?, ?, ?, ?)";
        check("setInt into modified columns", () -> {
            try (PreparedStatement ps = conn.prepareStatement(ins)) {
                ps.setInt(1, 1); ps.setString(2, "setInt"); ps.setInt(3, 4); ps.setInt(4, 9);
                ps.executeUpdate();
            }
            return one(conn, "SELECT csat::text || ' ' || nps::text FROM answers WHERE id = 1");
        });
        check("setLong into modified columns (bigint assignment cast)", () -> {
            try (PreparedStatement ps = conn.prepareStatement(ins)) {
                ps.setInt(1, 2); ps.setString(2, "setLong"); ps.setLong(3, 5L); ps.setLong(4, 10L);
                ps.executeUpdate();
            }
            String v = one(conn, "SELECT csat::text || ' ' || nps::text FROM answers WHERE id = 2");
            expect(v.equals("5/5 10/0-10"), v);
            return v;
        });
        check("setBigDecimal into modified columns (numeric assignment cast)", () -> {
            try (PreparedStatement ps = conn.prepareStatement(ins)) {
                ps.setInt(1, 3); ps.setString(2, "setBigDecimal");
                ps.setBigDecimal(3, new BigDecimal("3")); ps.setBigDecimal(4, new BigDecimal("7.0"));
                ps.executeUpdate();
            }
            String v = one(conn, "SELECT csat::text || ' ' || nps::text FROM answers WHERE id = 3");
            expect(v.equals("3/5 7/0-10"), v);
            return v;
        });
        check("setDouble into modified columns (double precision assignment cast)", () -> {
            try (PreparedStatement ps = conn.prepareStatement(ins)) {
                ps.setInt(1, 4); ps.setString(2, "setDouble"); ps.setDouble(3, 2.0); ps.setDouble(4, 0.0);
                ps.executeUpdate();
            }
            String v = one(conn, "SELECT csat::text || ' ' || nps::text FROM answers WHERE id = 4");
            expect(v.equals("2/5 0/0-10"), v);
            return v;
        });
        check("setBigDecimal 4.5 and setDouble NaN: errors with a SQLSTATE, nothing stored", () -> {
            String states = "";
            for (int k = 0; k < 2; k++) {
                try (PreparedStatement ps = conn.prepareStatement(ins)) {
                    ps.setInt(1, 90 + k); ps.setString(2, "bad");
                    if (k == 0) ps.setBigDecimal(3, new BigDecimal("4.5")); else ps.setDouble(3, Double.NaN);
                    ps.setNull(4, Types.INTEGER);
                    ps.executeUpdate();
                    throw new AssertionError("accepted");
                } catch (SQLException e) {
                    expect("22003".equals(e.getSQLState()), e.getSQLState() + " " + e.getMessage());
                    states += e.getSQLState() + " ";
                }
            }
            expect(one(conn, "SELECT count(*) FROM answers WHERE id >= 90").equals("0"), "stored");
            return states.trim();
        });
        check("setString '4/5' with stringtype=unspecified", () -> {
            try (PreparedStatement ps = conn.prepareStatement(ins)) {
                ps.setInt(1, 5); ps.setString(2, "setString"); ps.setString(3, "4/5"); ps.setString(4, "8/0-10");
                ps.executeUpdate();
            }
            return one(conn, "SELECT csat::text || ' ' || nps::text FROM answers WHERE id = 5");
        });
        check("setString without stringtype=unspecified is varchar: 42804", () -> {
            try (PreparedStatement ps = plain.prepareStatement(ins)) {
                ps.setInt(1, 99); ps.setString(2, "x"); ps.setString(3, "4/5"); ps.setNull(4, Types.INTEGER);
                ps.executeUpdate();
                throw new AssertionError("accepted");
            } catch (SQLException e) {
                expect("42804".equals(e.getSQLState()), e.getSQLState() + " " + e.getMessage());
                return e.getSQLState();
            }
        });
        check("setObject(..., Types.OTHER)", () -> {
            try (PreparedStatement ps = plain.prepareStatement(ins)) {
                ps.setInt(1, 6); ps.setString(2, "setObject");
                ps.setObject(3, "1/5", Types.OTHER); ps.setObject(4, "6/0-10", Types.OTHER);
                ps.executeUpdate();
            }
            String v = one(conn, "SELECT csat::text || ' ' || nps::text FROM answers WHERE id = 6");
            expect(v.equals("1/5 6/0-10"), v);
            return v;
        });
        check("WHERE csat >= ? with setInt, nps <= ? with setLong", () -> {
            int n = 0, m = 0;
            try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM answers WHERE csat >= ? ORDER BY id")) {
                ps.setInt(1, 4);
                try (ResultSet rs = ps.executeQuery()) { while (rs.next()) n++; }
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM answers WHERE nps <= ? ORDER BY id")) {
                ps.setLong(1, 6L);
                try (ResultSet rs = ps.executeQuery()) { while (rs.next()) m++; }
            }
            // csat 4,5,3,2,4,1 -> >= 4: ids 1,2,5; nps 9,10,7,0,8,6 -> <= 6: ids 4,6
            expect(n == 3 && m == 2, n + " and " + m + " rows");
            return n + " and " + m + " rows";
        });
        check("getObject and getString of a rating", () -> {
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT csat, nps FROM answers WHERE id = 1")) {
                rs.next();
                Object o = rs.getObject(1);
                expect(rs.getString(1).equals("4/5"), rs.getString(1));
                expect(o.toString().equals("4/5"), o.toString());
                expect(o instanceof org.postgresql.util.PGobject, o.getClass().getName());
                String t = ((org.postgresql.util.PGobject) o).getType();
                expect(t.equals("satisfaction_rating"), t);
                expect(rs.getMetaData().getColumnTypeName(1).equals("satisfaction_rating"), rs.getMetaData().getColumnTypeName(1));
                expect(rs.getMetaData().getColumnType(1) == Types.OTHER, "type " + rs.getMetaData().getColumnType(1));
                return o.getClass().getSimpleName() + " " + t + " '" + o + "', getString '" + rs.getString(2) + "'";
            }
        });
        check("getBigDecimal on aggregates, getObject of a summary", () -> {
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT csat_pct(csat), nps(nps), ces_avg(csat), "
                     + "round(csat_pct(csat), 1)::numeric(4,1), rating_summary(csat) FROM answers")) {
                rs.next();
                // csat 4,5,3,2,4,1: 3 of 6 satisfied; nps 9,10,7,0,8,6: (2 - 2) / 6; mean 19/6
                BigDecimal pct = rs.getBigDecimal(1), nps = rs.getBigDecimal(2), mean = rs.getBigDecimal(3);
                expect(pct.compareTo(new BigDecimal("50")) == 0, "csat_pct " + pct);
                // every decimal the server computed: a zero NPS prints as 0E-20
                expect(nps.compareTo(BigDecimal.ZERO) == 0 && nps.toString().equals("0E-20"), "nps " + nps);
                expect(pct.scale() == 16, "csat_pct scale " + pct.scale());
                expect(mean.subtract(new BigDecimal(19).divide(new BigDecimal(6), 30, java.math.RoundingMode.HALF_EVEN)).abs()
                       .compareTo(new BigDecimal("1e-15")) < 0, "ces_avg " + mean);
                ResultSetMetaData m = rs.getMetaData();
                expect(m.getColumnType(1) == Types.NUMERIC, "csat_pct is JDBC type " + m.getColumnType(1));
                expect(m.getScale(4) == 1 && m.getPrecision(4) == 4, "numeric(4,1) has scale " + m.getScale(4));
                expect(rs.getBigDecimal(4).toPlainString().equals("50.0"), rs.getBigDecimal(4).toPlainString());
                Object sum = rs.getObject(5);
                expect(sum.toString().equals("{v1 scale 1-5 counts 1,1,1,2,1 unanswered 0}"), sum.toString());
                return "csat_pct " + pct + ", nps " + nps + ", ces_avg " + mean + ", numeric(4,1) " + rs.getBigDecimal(4);
            }
        });

        try (Statement s = conn.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
        conn.close();
        plain.close();
        if (!failures.isEmpty()) {
            System.out.println("jdbc: " + failures.size() + " check(s) failed: " + String.join(", ", failures));
            System.exit(1);
        }
        System.out.println("jdbc: all checks passed");
    }
}
