# csat: PGXS build.  `make && make install && make installcheck`
EXTENSION = csat
MODULE_big = csat
# src/core/: the PostgreSQL-free core (also built alone by test/fuzz)
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c src/core/*.c))

# install and upgrade scripts live in sql/ beside the regression inputs
# (the built 0.3.0 -> 0.4.0 script is in DATA_built, not here)
DATA = $(filter-out $(UPGRADE_040),$(wildcard sql/$(EXTENSION)--*.sql))

# 0.3.0 -> 0.4.0: one fragment per concern in sql/0.4.0/, in name order
UPGRADE_040 = sql/$(EXTENSION)--0.3.0--0.4.0.sql
DATA_built = $(UPGRADE_040)
$(UPGRADE_040): $(sort $(wildcard sql/0.4.0/*.sql))
	cat $^ > $@

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
DIST_VERSION = $(shell sed -n "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" $(srcdir)/$(EXTENSION).control)
DIST = $(EXTENSION)-$(DIST_VERSION)
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
