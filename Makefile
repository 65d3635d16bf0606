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
PKGS    := libpq json-c libsodium libqrencode xlsxwriter libcurl
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
# The fuzz targets (tests/fuzz/fuzz_*.c), each also linked with tests/fuzz/replay.c
# into a program that runs its seed corpus and its regressions: part of test-unit.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BINS  := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/%)

.PHONY: all build deps run up down test test-unit test-integration test-asan test-future \
        test-ops test-ops-run test-fresh-clone schema clean web test-web FORCE

all: build

build: $(BUILD)/safegridd $(BUILD)/safegridctl $(UNIT_BINS) $(REPLAY_BINS)

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

$(BUILD)/fuzz-replay/%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libsafegrid.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(BUILD)/libsafegrid.a $(LDLIBS)

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

test-unit: $(UNIT_BINS) $(REPLAY_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
	@set -e; for t in $(FUZZ_TARGETS); do \
	  $(BUILD)/fuzz-replay/$$t tests/fuzz/corpus/$$t tests/fuzz/regressions/$$t; done

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

# Crashes and overload under a write load with nothing acknowledged lost, and the
# structure-aware API fuzzer (tests/run-faults.sh, tests/faults/): writes its figures to
# docs/reliability.md. SAFEGRID_FAULTS_SECONDS (default 5) is each phase's load time,
# SAFEGRID_API_FUZZ_SECONDS (default 60) the fuzzer's; CI runs the defaults (~5 min).
.PHONY: test-faults
test-faults: deps
	@$(MAKE) --no-print-directory build
	@SAFEGRID_BIN=$(abspath $(BUILD)) bash tests/run-faults.sh

# The API suite with one worker under valgrind's memcheck (SAFEGRID_VALGRIND=1, one log a
# process in the stack's log/): fails on any definite leak or memcheck error. Not in CI:
# valgrind makes every request 20-50 times slower (see docs/reliability.md for how long a
# run takes). VALGRIND_TESTS chooses the tests (default: all of tests/api). The one test
# that bounds a request's time (5,000 logins in one request) is left out: memcheck's
# slowness alone fails it.
VALGRIND_TESTS ?= tests/api
VALGRIND_DESELECT := --deselect=tests/api/test_logins_scale.py::test_logins_for_5000_enterprises_in_one_request
.PHONY: test-valgrind
test-valgrind: deps
	@$(MAKE) --no-print-directory build
	@SAFEGRID_E2E=0 SAFEGRID_VALGRIND=1 SAFEGRID_TEST_WORKERS=1 SAFEGRID_BIN=$(abspath $(BUILD)) \
	  SAFEGRID_TEST_VAR=$${SAFEGRID_TEST_VAR:-$(abspath var/test-valgrind)} \
	  bash tests/run-integration.sh $(VALGRIND_DESELECT) $(VALGRIND_TESTS)

# docker-compose.yml on a Docker engine, walked through as docs/operations.md tells a
# county to run it (tests/ops/docker-up.sh): images built from a clean clone of HEAD,
# the stack up on free ports of 127.0.0.1, and removed afterwards. Not in CI: it needs
# Docker and the base images (or tests/ops/docker-bases.sh's stand-ins) and takes about
# ten minutes. The portal's check drives Chromium with web/'s playwright-core.
.PHONY: test-docker
test-docker: web
	@bash tests/ops/docker-up.sh

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
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJS:.o=.d) $(BUILD)/obj/server/main.d $(BUILD)/obj/ctl/ctl.d

# Benchmarks (tests/bench/README.md). Neither is part of `make test`. Both build the
# portal first (`make web`): its pages are weighed and timed in headless Chromium.
#   make bench        optimised build, own stack on the benchmark county at BENCH_SCALE
#                     (default 1, kept in var/bench-<scale>), wrk + pgbench, writes
#                     docs/benchmarks.md; takes minutes (the first seed alone ~3);
#                     BENCH_BEFORE=<commit> measures every read with that commit's
#                     build too, in the same run, and the reads with a target of
#                     issue 18 in BENCH_PAIRS pairs of the two builds (default 3);
#                     BENCH_BESIDE=<scale> runs a second stack with that data set and
#                     measures every read on both in one window (as the county grows),
#                     in BENCH_PAIRS pairs of the two stacks
#   make bench-smoke  the same harness at scale 0.005, 1 s a measurement, seeded fresh;
#                     fails if any request fails (CI runs it)
BENCH_SCALE ?= 1
BENCH_BEFORE ?=
BENCH_PAIRS ?=
BENCH_BESIDE ?=
BENCH_BUILD := build-bench
BENCH_MAKE  := $(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) OPT="-O2 -DNDEBUG" \
               $(BENCH_BUILD)/safegridd $(BENCH_BUILD)/safegridctl

.PHONY: bench bench-smoke

bench: deps web
	@$(BENCH_MAKE)
	@SAFEGRID_BIN=$(abspath $(BENCH_BUILD)) BENCH_SCALE=$(BENCH_SCALE) BENCH_BEFORE=$(BENCH_BEFORE) \
	    BENCH_PAIRS=$(BENCH_PAIRS) BENCH_BESIDE=$(BENCH_BESIDE) bash tests/bench/run.sh

bench-smoke: deps web
	@$(BENCH_MAKE)
	@SAFEGRID_BIN=$(abspath $(BENCH_BUILD)) bash tests/bench/run.sh --smoke

# Fuzzing (tests/fuzz/README.md): every parser of outside input under libFuzzer,
# built with clang in build-fuzz with ASan and UBSan. Each target runs FUZZ_SECONDS
# (default 60; CI runs 5) from its seed corpus tests/fuzz/corpus/<target>/; what it
# finds new goes to var/fuzz/corpus/<target>/ (not committed), a crash's input to
# var/fuzz/crashes/ and the run fails. `make fuzz FUZZ_TARGETS=json` runs one.
# A crash's input, once fixed, goes to tests/fuzz/regressions/<target>/, which
# `make test-unit` replays.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_MAKE    := $(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT="-O1 -g" \
                SANITIZE="-fsanitize=fuzzer-no-link $(FUZZ_SAN)"

.PHONY: fuzz fuzz-build

fuzz-build: deps
	@$(FUZZ_MAKE) $(FUZZ_BUILD)/libsafegrid.a
	@set -e; mkdir -p $(FUZZ_BUILD)/fuzz; for t in $(FUZZ_TARGETS); do \
	  [ $(FUZZ_BUILD)/fuzz/$$t -nt tests/fuzz/fuzz_$$t.c ] && \
	  [ $(FUZZ_BUILD)/fuzz/$$t -nt $(FUZZ_BUILD)/libsafegrid.a ] || \
	  clang -std=c17 -D_GNU_SOURCE -iquote fcgi -O1 -g $(WARN) -fsanitize=fuzzer $(FUZZ_SAN) \
	    $$(pkg-config --cflags $(PKGS)) -o $(FUZZ_BUILD)/fuzz/$$t tests/fuzz/fuzz_$$t.c \
	    $(FUZZ_BUILD)/libsafegrid.a $$(pkg-config --libs $(PKGS)) -lfcgi; done

fuzz: fuzz-build
	@set -e; mkdir -p var/fuzz/crashes; for t in $(FUZZ_TARGETS); do \
	  mkdir -p var/fuzz/corpus/$$t; \
	  if $(FUZZ_BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=1024 \
	      -max_len=65536 -print_final_stats=1 -artifact_prefix=var/fuzz/crashes/$$t- \
	      var/fuzz/corpus/$$t tests/fuzz/corpus/$$t $$(test -d tests/fuzz/regressions/$$t && \
	      echo tests/fuzz/regressions/$$t) > var/fuzz/$$t.log 2>&1; then \
	    echo "fuzz $$t: $$(grep -oE 'number_of_executed_units: *[0-9]+' var/fuzz/$$t.log | \
	      grep -oE '[0-9]+$$') runs in $(FUZZ_SECONDS) s, no crash"; \
	  else tail -n 60 var/fuzz/$$t.log; echo "fuzz $$t: FAILED (var/fuzz/$$t.log)"; exit 1; fi; done

# Static analysis over fcgi/ (CI runs it): cppcheck's warning, performance and
# portability checks (its style checks are taste, not bugs), and gcc's -fanalyzer
# (leaks, double frees, use after free, NULL dereferences) as errors. Zero findings;
# each suppression is an inline comment that says why (cppcheck-suppress, and
# tests/analyze/cppcheck.h for what cppcheck cannot read in the system headers).
# Each file's analysis leaves a stamp in $(BUILD)/analyze/, redone when it changes.
ANALYZE_SRCS  := $(wildcard fcgi/*/*.c)
ANALYZE_STAMPS := $(ANALYZE_SRCS:fcgi/%.c=$(BUILD)/analyze/%.ok)

.PHONY: analyze

analyze: deps
	@$(MAKE) --no-print-directory analyze-cppcheck analyze-gcc
	@echo "analyze: cppcheck and gcc -fanalyzer, no findings in $(words $(ANALYZE_SRCS)) files"

.PHONY: analyze-cppcheck analyze-gcc
analyze-gcc: $(ANALYZE_STAMPS)

analyze-cppcheck:
	@cppcheck -q --enable=warning,performance,portability --std=c11 -D_GNU_SOURCE \
	  --include=tests/analyze/cppcheck.h --inline-suppr --suppress=missingIncludeSystem \
	  -I fcgi --error-exitcode=1 fcgi/

$(BUILD)/analyze/%.ok: fcgi/%.c
	@mkdir -p $(@D)
	@echo "analyze $<"
	@gcc -std=c17 -D_GNU_SOURCE -iquote fcgi -O1 $(WARN) -fanalyzer $(PKG_CFLAGS) -MMD -MP \
	  -MF $(@:.ok=.d) -MT $@ -c -o /dev/null $<
	@touch $@

-include $(ANALYZE_STAMPS:.ok=.d)
