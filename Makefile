# safegrid -- build, run and test.
#
#   make run        install what is missing, build, start the local stack in the foreground
#   make test       the whole test suite on its own stack (runs beside `make run`)
#   make up / down  start the stack in the background / stop it
#   make test-asan  the same suite under AddressSanitizer and UBSan
#   make test-future the integration suite with the stack and the tests 18 months ahead
#   make web        the portal: web/dist from web/ (npm ci, npm run build) when stale

BUILD   ?= build
CC      ?= cc
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)

# The libraries' flags are asked of pkg-config when a compile or link first needs
# them, not when this file is read: on a fresh machine `make run` reads it before
# `deps` has installed the -dev packages. Each is asked once (the eval caches it), and
# a missing library stops the build with a message instead of compiling without it.
PKGS    := libpq json-c libsodium libqrencode
pkg_flags = $(if $(filter ok,$(lastword $(1))),$(filter-out ok,$(1)),$(error \
            pkg-config cannot find $(PKGS); run `make deps` (deploy/install-deps.sh)))
PKG_CFLAGS = $(eval PKG_CFLAGS := $(call pkg_flags,$(shell \
             pkg-config --cflags $(PKGS) 2>/dev/null && echo ok)))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(call pkg_flags,$(shell \
             pkg-config --libs $(PKGS) 2>/dev/null && echo ok)) -lfcgi)$(PKG_LIBS)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla
OPT     ?= -O2 -g
SANITIZE ?=
CFLAGS  += -std=c17 -D_GNU_SOURCE -iquote fcgi $(OPT) $(WARN) $(SANITIZE) -MMD -MP \
           $(PKG_CFLAGS)
LDFLAGS += $(SANITIZE)
LDLIBS  += $(PKG_LIBS)

# Everything but the two programs' main files goes into one library that the
# programs and the unit tests share.
# fcgi/ is laid out by layer: base/ (errors, log, configuration), input/ (JSON,
# declared fields, CSV, credit codes), db/ (libpq, statement assembly), server/
# (supervisor, worker, FastCGI, routing, the request, sessions, permissions,
# lists), api/ (the route table and one file per resource), ctl/ (safegridctl).
# Includes name their folder: #include "db/db.h".
MAINS    := fcgi/server/main.c fcgi/ctl/ctl.c
LIB_SRCS := $(filter-out $(MAINS),$(wildcard fcgi/*/*.c))
LIB_OBJS := $(LIB_SRCS:fcgi/%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all build deps run up down test test-unit test-integration test-asan test-future \
        test-ops test-ops-run test-fresh-clone schema clean web test-web FORCE

all: build

build: $(BUILD)/safegridd $(BUILD)/safegridctl $(UNIT_BINS)

$(BUILD)/obj/%.o: fcgi/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

# The version is compiled into health.c alone, which is rebuilt when it changes.
$(BUILD)/version.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' > $@

$(BUILD)/obj/api/health.o: $(BUILD)/version.stamp
$(BUILD)/obj/api/health.o: CFLAGS += -DSAFEGRID_VERSION='"$(VERSION)"'

# Made afresh: `ar rcs` only adds and replaces members, so an object whose source
# moved or went (fcgi/input.c before fcgi/input/) would stay in the archive.
$(BUILD)/libsafegrid.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/safegridd: $(BUILD)/obj/server/main.o $(BUILD)/libsafegrid.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/safegridctl: $(BUILD)/obj/ctl/ctl.o $(BUILD)/libsafegrid.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libsafegrid.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libsafegrid.a $(LDLIBS) -lcmocka

deps:
	@bash deploy/install-deps.sh

# The portal. npm ci installs exactly web/package-lock.json, again only when the lock
# changes; the build runs when any source is newer than web/dist.
WEB_SRCS := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.js

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json web/package.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRCS)
	cd web && npm run build

# The portal's unit tests (Vitest).
test-web: web/node_modules/.package-lock.json
	cd web && npm test

# What installs first and then builds does so in a second make, so that nothing of the
# build (not even with -j) starts before the packages are in.
run: deps
	@$(MAKE) --no-print-directory build web
	@bash deploy/stack.sh run

up: deps
	@$(MAKE) --no-print-directory build web
	@bash deploy/stack.sh up

down:
	@bash deploy/stack.sh down

test: deps
	@$(MAKE) --no-print-directory build web
	@$(MAKE) --no-print-directory test-unit test-web test-integration

test-unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

test-integration: build
	@SAFEGRID_BIN=$(abspath $(BUILD)) bash tests/run-integration.sh

# The browser tests run once, in `make test`: under the sanitizers they would add
# minutes to CI and exercise no handler the API tests do not.
test-asan: deps
	@SAFEGRID_E2E=0 $(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=undefined" test-unit test-integration \
	  test-ops-run

# The integration suite on a clock FUTURE_SHIFT ahead (libfaketime's syntax; 548 days,
# about 18 months): Debian's faketime preloads libfaketime into the runner and so into
# PostgreSQL, safegridd, nginx and pytest. The monotonic clock moves by the same offset
# (left alone, Python's time.sleep fails with EINVAL under libfaketime 0.9.10). Its own
# stack folder, so it runs beside `make test`. The browser tests stay out: chromium is
# not run under libfaketime, and they work out their dates from the same clock anyway.
FUTURE_SHIFT ?= +548d
test-future: deps
	@$(MAKE) --no-print-directory build
	@SAFEGRID_E2E=0 SAFEGRID_BIN=$(abspath $(BUILD)) SAFEGRID_TEST_VAR=$${SAFEGRID_TEST_VAR:-$(abspath var/test-future)} \
	  faketime -f '$(FUTURE_SHIFT)' bash tests/run-integration.sh

# Operations: the fresh machine's start, compose, backup/restore, scale-out (tests/ops).
test-ops: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory test-ops-run

# The same on the programs already built in $(BUILD) (make test-asan runs it on build-asan).
test-ops-run:
	@SAFEGRID_BIN=$(abspath $(BUILD)) bash tests/run-ops.sh

# A clean clone of HEAD started as on a new machine (tests/ops/fresh-clone.sh).
test-fresh-clone: deps
	@bash tests/ops/fresh-clone.sh

# sql/schema.sql from the migrations, on a private PostgreSQL of its own; the
# integration run fails while the committed file differs.
schema: build
	@SAFEGRID_BIN=$(abspath $(BUILD)) bash tests/lib/schema.sh write

clean:
	rm -rf build build-asan

-include $(LIB_OBJS:.o=.d) $(BUILD)/obj/server/main.d $(BUILD)/obj/ctl/ctl.d

# Benchmarks (tests/bench/README.md). Neither is part of `make test`.
#   make bench        optimised build, own stack on the benchmark county at BENCH_SCALE
#                     (default 1, kept in var/bench-<scale>), wrk + pgbench, writes
#                     docs/benchmarks.md; takes minutes (the first seed alone ~3)
#   make bench-smoke  the same harness at scale 0.005, 1 s a measurement, seeded fresh;
#                     fails if any request fails (CI runs it)
BENCH_SCALE ?= 1
BENCH_BUILD := build-bench
BENCH_MAKE  := $(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) OPT="-O2 -DNDEBUG" \
               $(BENCH_BUILD)/safegridd $(BENCH_BUILD)/safegridctl

.PHONY: bench bench-smoke

bench: deps
	@$(BENCH_MAKE)
	@SAFEGRID_BIN=$(abspath $(BENCH_BUILD)) BENCH_SCALE=$(BENCH_SCALE) bash tests/bench/run.sh

bench-smoke: deps
	@$(BENCH_MAKE)
	@SAFEGRID_BIN=$(abspath $(BENCH_BUILD)) bash tests/bench/run.sh --smoke
