# csat through R (Debian's r-base-core + r-cran-rpostgresql).
# Rscript test/clients/test_rpostgresql.R; the connection comes from PGPORT,
# PGUSER and PGDATABASE (TCP to 127.0.0.1).  Works in its own schema,
# dropped at the end.  Prints one line per check; exits 1 if any fails.
#
# RPostgreSQL knows only built-in types: a satisfaction_rating or
# rating_summary column arrives as character with a warning on every query.
# The recommended reporting view (rating_value(), the scale, rounded
# numerics) reads with no warning and numeric column classes.
suppressPackageStartupMessages(library(RPostgreSQL))

failures <- character(0)
check <- function(name, expr) {
  detail <- tryCatch(expr, error = function(e) structure(conditionMessage(e), class = "failed"))
  if (inherits(detail, "failed")) {
    failures <<- c(failures, name)
    cat("FAIL ", name, ": ", detail, "\n", sep = "")
  } else {
    cat("PASS ", name, if (length(detail) && nzchar(detail)) paste0(" (", detail, ")") else "", "\n", sep = "")
  }
}
expect <- function(cond, msg) if (!isTRUE(cond)) stop(msg, call. = FALSE)

# run a query, collecting its warnings instead of printing them
query <- function(con, sql) {
  warns <- character(0)
  df <- withCallingHandlers(dbGetQuery(con, sql), warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(df = df, warnings = warns)
}

con <- dbConnect(PostgreSQL(), host = "127.0.0.1", port = as.integer(Sys.getenv("PGPORT", "5432")),
                 user = Sys.getenv("PGUSER", "postgres"), dbname = Sys.getenv("PGDATABASE", "postgres"))
cat("R ", R.version$major, ".", R.version$minor, ", RPostgreSQL ", as.character(packageVersion("RPostgreSQL")), "\n", sep = "")
schema <- "csat_r_client"
invisible(dbGetQuery(con, "SET client_min_messages = warning"))
invisible(dbGetQuery(con, paste0("DROP SCHEMA IF EXISTS ", schema, " CASCADE")))
invisible(dbGetQuery(con, paste0("CREATE SCHEMA ", schema)))
invisible(dbGetQuery(con, paste0("SET search_path = ", schema, ", public")))
invisible(dbGetQuery(con, "CREATE TABLE tickets (id integer PRIMARY KEY, agent text,
  csat satisfaction_rating(1,5), nps satisfaction_rating(0,10))"))
invisible(dbGetQuery(con, "INSERT INTO tickets VALUES (1, 'ann', '5/5', '10/0-10'), (2, 'ann', '4/5', '9/0-10'),
  (3, 'bob', '2/5', '3/0-10'), (4, 'bob', NULL, '7/0-10'), (5, 'cid', '3/5', NULL)"))
# the patterns of the README's "Drivers and BI tools": values and scales as
# integers, metrics as rounded numerics
invisible(dbGetQuery(con, "CREATE VIEW tickets_report AS
  SELECT id, agent, rating_value(csat) AS csat, scale_lo(csat) AS csat_lo, scale_hi(csat) AS csat_hi,
         rating_value(nps) AS nps, csat::text AS csat_text
  FROM tickets"))
invisible(dbGetQuery(con, "CREATE VIEW agent_report AS
  SELECT agent, count(csat) AS answers, round(csat_pct(csat), 1)::numeric(4,1) AS csat_pct,
         round(nps(nps), 1)::numeric(4,1) AS nps, round(ces_avg(csat), 2)::numeric(4,2) AS csat_mean
  FROM tickets GROUP BY agent"))

check("a rating column read directly: character, with a warning", {
  r <- query(con, "SELECT id, csat, rating_summary(csat) OVER () AS s FROM tickets ORDER BY id")
  expect(is.character(r$df$csat) && r$df$csat[1] == "5/5", paste(class(r$df$csat), r$df$csat[1]))
  expect(length(r$warnings) == 2 && all(grepl("unrecognized PostgreSQL field type", r$warnings)),
         paste(r$warnings, collapse = "; "))
  paste(length(r$warnings), "warnings")
})

check("the reporting view: no warning, integer columns", {
  r <- query(con, "SELECT * FROM tickets_report ORDER BY id")
  expect(length(r$warnings) == 0, paste(r$warnings, collapse = "; "))
  cls <- sapply(r$df, class)
  expect(all(cls[c("id", "csat", "csat_lo", "csat_hi", "nps")] == "integer"), paste(cls, collapse = ","))
  expect(identical(r$df$csat, c(5L, 4L, 2L, NA, 3L)) && identical(r$df$csat_hi[1], 5L) && identical(r$df$nps[3], 3L),
         paste(r$df$csat, collapse = ","))
  paste(names(cls), cls, sep = ":", collapse = " ")
})

check("aggregates: numeric columns, no warning", {
  r <- query(con, "SELECT * FROM agent_report ORDER BY agent")
  expect(length(r$warnings) == 0, paste(r$warnings, collapse = "; "))
  cls <- sapply(r$df, class)
  expect(all(cls[c("csat_pct", "nps", "csat_mean")] == "numeric"), paste(cls, collapse = ","))
  # ann 5,4 -> 100, nps 10,9 -> 100, mean 4.5; bob 2 -> 0, nps 3,7 -> -50, mean 2; cid 3 -> 0, mean 3
  expect(identical(r$df$csat_pct, c(100, 0, 0)) && identical(r$df$nps, c(100, -50, NA)) &&
         identical(r$df$csat_mean, c(4.5, 2, 3)), paste(unlist(r$df), collapse = ","))
  w <- query(con, "SELECT csat_pct(csat) AS p FROM tickets")
  expect(length(w$warnings) == 0 && is.numeric(w$df$p) && abs(w$df$p - 50) < 1e-12, w$df$p)
  paste(names(cls), cls, sep = ":", collapse = " ")
})

check("a numeric filter from R: WHERE csat >= 4", {
  r <- query(con, "SELECT count(*) AS n FROM tickets WHERE csat >= 4")
  expect(r$df$n == 2, r$df$n)
  as.character(r$df$n)
})

invisible(dbGetQuery(con, paste0("DROP SCHEMA ", schema, " CASCADE")))
invisible(dbDisconnect(con))
if (length(failures)) {
  cat("rpostgresql: ", length(failures), " check(s) failed: ", paste(failures, collapse = ", "), "\n", sep = "")
  quit(status = 1)
}
cat("rpostgresql: all checks passed\n")
