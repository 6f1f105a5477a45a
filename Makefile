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
REGRESS = setup rating_io rating_typmod rating_ops aggregates windows parallel summary stats soft_errors rating_compat metrics intervals alerts watches catalog
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
