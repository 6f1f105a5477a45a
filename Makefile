# csat: PGXS build.  `make && make install && make installcheck`
EXTENSION = csat
MODULE_big = csat
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c))

# install and upgrade scripts live in sql/ beside the regression inputs
DATA = $(wildcard sql/$(EXTENSION)--*.sql)

# regression tests, in order (setup installs the extension)
REGRESS = setup rating_io rating_typmod rating_ops aggregates windows parallel summary stats
REGRESS_OPTS = --inputdir=. --outputdir=test/results

PG_CONFIG ?= pg_config

PG_CPPFLAGS = -I$(srcdir)/src
PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare -Wno-cast-function-type
SHLIB_LINK = -lm

# `make CSAT_ASSERTS=1`: compile csat's Assert()s in (the tests build this
# way); the stock server needs no assertion support for it
ifdef CSAT_ASSERTS
PG_CFLAGS += -DUSE_ASSERT_CHECKING -O1 -g
endif

EXTRA_CLEAN = test/results regression.diffs regression.out

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
