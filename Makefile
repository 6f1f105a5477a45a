# csat: PGXS build.  `make && make install && make installcheck`
EXTENSION = csat
MODULE_big = csat
# src/core/: the PostgreSQL-free core (also built alone by test/fuzz)
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c src/core/*.c))

# The SQL scripts (sql/README.md).  Released ones are kept as they are:
# csat--0.1.0.sql and the upgrade scripts csat--A--B.sql up to 0.3.0.  Built:
#   csat--$(EXTVERSION).sql, the full install script that CREATE EXTENSION
#     runs: sql/src/* in name order (a .sql is copied, a .sh is run and its
#     output taken: the generated integer comparisons), every object in its
#     $(EXTVERSION) form;
#   csat--0.3.0--$(EXTVERSION).sql, the upgrade script: the upgrade steps
#     sql/$(EXTVERSION)/*.sql in name order, then the sql/src/ files of the
#     concerns that are wholly new in $(EXTVERSION) (NEW_SRC), as they are.
EXTVERSION = $(shell sed -n "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" $(EXTENSION).control)
SQL_SRC = $(sort $(wildcard sql/src/*.sql sql/src/*.sh))
FRAGMENTS = $(sort $(wildcard sql/$(EXTVERSION)/*.sql))
NEW_SRC = $(addprefix sql/src/,80-stacks.sql 90-comments.sql 95-watches.sql)
INSTALL_SQL = sql/$(EXTENSION)--$(EXTVERSION).sql
UPGRADE_SQL = sql/$(EXTENSION)--0.3.0--$(EXTVERSION).sql
DATA_built = $(INSTALL_SQL) $(UPGRADE_SQL)
DATA = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))

# regression tests, in order (setup installs the extension)
REGRESS = setup rating_io rating_typmod rating_ops rating_stacks aggregates windows parallel summary stats soft_errors rating_compat metrics intervals alerts comments watches catalog
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
$(INSTALL_SQL): $(SQL_SRC)
	{ for f in $(SQL_SRC); do \
		case $$f in *.sh) sh $$f || exit 1 ;; *) cat $$f ;; esac; echo; \
	  done; } > $@.tmp && mv $@.tmp $@
$(UPGRADE_SQL): $(FRAGMENTS) $(NEW_SRC)
	{ cat $(FRAGMENTS) && \
	  for f in $(NEW_SRC); do \
		echo; echo "-- $$f (new in $(EXTVERSION))"; cat $$f || exit 1; \
	  done; } > $@.tmp && mv $@.tmp $@

# csat-alertd, the webhook forwarder of the low-score alert queue (alertd/,
# libpq + libcurl): built by `make` and installed by `make install` into
# `pg_config --bindir` when libcurl's and libpq's headers are there; without
# them `make` builds the extension alone and says so.  CSAT_ALERTD=yes makes
# missing headers an error (the Debian packages build this way), CSAT_ALERTD=no
# skips the forwarder.  PG_CONFIG and COPT reach alertd/ through MAKEFLAGS.
CSAT_ALERTD ?= auto
# `make` alone means `make all` (a rule above the PGXS include would
# otherwise be the default goal)
.DEFAULT_GOAL := all
ifeq ($(CSAT_ALERTD),auto)
ALERTD_HEADERS := $(shell $(MAKE) -s --no-print-directory -C $(srcdir)/alertd headers-found 2>/dev/null)
ifeq ($(ALERTD_HEADERS),yes)
CSAT_ALERTD := yes
else
CSAT_ALERTD := no
ALERTD_SKIPPED := yes
endif
endif
ifeq ($(filter yes no,$(CSAT_ALERTD)),)
$(error CSAT_ALERTD=$(CSAT_ALERTD): use yes, no or auto (the default))
endif

ifeq ($(CSAT_ALERTD),yes)
all: alertd
install: install-alertd
endif
ifeq ($(ALERTD_SKIPPED),yes)
all: alertd-skipped
endif
alertd:
	$(MAKE) -C alertd
install-alertd: alertd
	$(MAKE) -C alertd install
alertd-skipped:
	@echo "csat: built the extension only; csat-alertd (the alert forwarder) is skipped: libcurl's or libpq's headers are missing."
	@echo "csat: to build it too, install them (Debian: apt-get install libcurl4-openssl-dev libpq-dev) and run make and make install again."
clean: clean-alertd
clean-alertd:
	$(MAKE) -C alertd clean

# `make dist`: the PGXN archive that META.json describes, csat-VERSION.zip
# (VERSION: csat.control's default_version, which META.json repeats: tested),
# of the committed tree (DIST_REF, default HEAD; git archive), with the
# scripts in DATA_built already built.  DIST_DIR: where the archive goes.
DIST = $(EXTENSION)-$(EXTVERSION)
DIST_REF ?= HEAD
DIST_DIR ?= .
dist:
	rm -rf '$(DIST_DIR)/$(DIST)' '$(DIST_DIR)/$(DIST).zip'
	git -C '$(srcdir)' archive --format=tar --prefix='$(DIST)/' '$(DIST_REF)' | tar -C '$(DIST_DIR)' -xf -
	$(MAKE) -C '$(DIST_DIR)/$(DIST)' -s $(DATA_built) CSAT_ALERTD=no
	cd '$(DIST_DIR)' && zip -q -r -X '$(DIST).zip' '$(DIST)'
	rm -rf '$(DIST_DIR)/$(DIST)'
	@echo "csat: wrote $(DIST_DIR)/$(DIST).zip"
EXTRA_CLEAN += $(EXTENSION)-*.zip
.PHONY: alertd install-alertd alertd-skipped clean-alertd dist
