/* csat: customer satisfaction ratings, aggregates and summaries */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION csat" to load this file. \quit

-- The full install script of the current version, built by the Makefile
-- from sql/src/ (one file per concern, in name order, every object in its
-- current form; sql/README.md).
--
-- Every name below is qualified with @extschema@ or pg_catalog, so the
-- script means the same thing whatever search_path the installing user has
-- (the extension is trusted: non-superusers may install it).
