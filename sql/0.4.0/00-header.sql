-- csat 0.3.0 -> 0.4.0.  The Makefile builds csat--0.3.0--0.4.0.sql by
-- concatenating sql/0.4.0/*.sql in name order: one file per concern
-- (alerts, stacks, comments, watches), so that each concern's change reads
-- on its own.
\echo Use "ALTER EXTENSION csat UPDATE TO '0.4.0'" to load this file. \quit
