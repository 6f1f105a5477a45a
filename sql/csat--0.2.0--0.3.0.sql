/* csat 0.2.0 -> 0.3.0 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION csat UPDATE TO '0.3.0'" to load this file. \quit

------------------------------------------------------------------------
-- Drivers and BI tools: comparison with integers, assignment casts from
-- bigint, numeric and double precision
------------------------------------------------------------------------

-- (drivers: end)

------------------------------------------------------------------------
-- More metrics from the same summary: NPS breakdown, top/bottom box,
-- CES easy
------------------------------------------------------------------------

-- (metrics: end)

------------------------------------------------------------------------
-- Low-score alerts that are never lost: the queue and its consumers
------------------------------------------------------------------------

-- (alerts: end)
