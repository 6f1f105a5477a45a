# csat: PGXS build.  `make && make install && make installcheck`
EXTENSION = csat
MODULE_big = csat
# src/core/: the PostgreSQL-free core (also built alone by test/fuzz)
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c src/core/*.c))

# The SQL scripts (sql/README.md).  Released ones are kept as they are:
# csat--0.1.0.sql and the upgrade scripts csat--A--B.sql up to 0.3.0.  Built:
#   csat--$(EXTVERSION).sql, the full install script that CREATE EXTENSION
#     runs: sql/src/* in name order (a .sql is copied, a .sh is run and its
#     output taken: the generated integer comparisons), then the release's
#     upgrade fragments sql/$(EXTVERSION)/*.sql except 00-header.sql and
#     *.upgrade.sql (upgrade-only steps), each without its \echo line;
#   csat--0.3.0--$(EXTVERSION).sql, the upgrade script: sql/$(EXTVERSION)/*.sql.
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)
SQL_SRC = $(sort $(wildcard sql/src/*.sql sql/src/*.sh))
FRAGMENTS = $(sort $(wildcard sql/$(EXTVERSION)/*.sql))
FULL_FRAGMENTS = $(filter-out sql/$(EXTVERSION)/00-header.sql %.upgrade.sql,$(FRAGMENTS))
INSTALL_SQL = sql/$(EXTENSION)--$(EXTVERSION).sql
UPGRADE_SQL = sql/$(EXTENSION)--0.3.0--$(EXTVERSION).sql
DATA_built = $(INSTALL_SQL) $(UPGRADE_SQL)
DATA = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))

# regression tests, in order (setup installs the extension)
REGRESS = setup rating_io rating_typmod rating_ops aggregates windows parallel summary stats soft_errors rating_compat metrics intervals alerts catalog
REGRESS_OPTS = --inputdir=. --outputdir=test/results

PG_CONFIG ?= pg_config

PG_CPPFLAGS = -I$(srcdir)/src -I$(srcdir)/src/core
# warnings are shown to users, and are errors only in the project's tests
# (test/run-tests.sh builds with `make COPT=-Werror`)
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare -Wno-cast-function-type
SHLIB_LINK = -lm

# `make CSAT_ASSERTS=1`: compile csat's own csat_assert()s in (the tests
# build this way).  Never USE_ASSERT_CHECKING: against a server built without
# it, that would also switch on MEMORY_CONTEXT_CHECKING and change the layout
# of server structs.
ifdef CSAT_ASSERTS
PG_CFLAGS += -DCSAT_ASSERTS -O1 -g
endif

EXTRA_CLEAN = test/results regression.diffs regression.out

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# the two built scripts (below the PGXS include, so that `make` still means
# `make all`)
$(INSTALL_SQL): $(SQL_SRC) $(FULL_FRAGMENTS)
	{ for f in $(SQL_SRC); do \
		case $$f in *.sh) sh $$f || exit 1 ;; *) cat $$f ;; esac; echo; \
	  done; \
	  for f in $(FULL_FRAGMENTS); do \
		echo "-- $$f (0.3.0 -> $(EXTVERSION))"; grep -v '^\\echo ' $$f; echo; \
	  done; } > $@.tmp && mv $@.tmp $@
$(UPGRADE_SQL): $(FRAGMENTS)
	cat $^ > $@

# csat-alertd, the webhook forwarder of the low-score alert queue (alertd/,
# libpq + libcurl): built by `make`, installed by `make install` into
# `pg_config --bindir`.  PG_CONFIG and COPT reach alertd/ through MAKEFLAGS.
all: alertd
alertd:
	$(MAKE) -C alertd
install: install-alertd
install-alertd: alertd
	$(MAKE) -C alertd install
clean: clean-alertd
clean-alertd:
	$(MAKE) -C alertd clean
.PHONY: alertd install-alertd clean-alertd
