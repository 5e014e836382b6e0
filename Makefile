# Majlis: the open digital parliament.
#   make demo    build and serve a demo parliament on http://127.0.0.1:8080
#   make check   build and run every test (last line: N passed, N failed)
#   make bench   benchmarks (see bench/README.md)
# Both install missing Debian packages first (tools/deps.sh).

VERSION := 0.1.0
BUILD ?= build
CC ?= cc
PORT ?= 8080
OPT ?= -O2 -g

PKGS := sqlite3 libmicrohttpd jansson libutf8proc libxml-2.0 libargon2 liboath libsodium libqrencode libcurl \
        pangocairo xlsxwriter
WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes -Wmissing-prototypes -Werror
INC := -Isrc/base -Isrc/store -Isrc/text -Isrc/domain -Isrc/formats -Isrc/web
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(INC) -I$(BUILD)/gen \
             -DMAJLIS_VERSION=\"$(VERSION)\" $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(EXTRA_CFLAGS)
LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

SRC := $(sort $(wildcard src/*/*.c))
CLISRC := $(sort $(wildcard src/cli/*.c))
LIBSRC := $(filter-out $(CLISRC),$(SRC))
GENSRC := $(BUILD)/gen/assets.c $(BUILD)/gen/locales.c $(BUILD)/gen/migrations.c
LIBOBJ := $(LIBSRC:%.c=$(BUILD)/%.o) $(GENSRC:%.c=%.o)
ASSETS := $(sort $(wildcard assets/css/*.css assets/js/*.js assets/img/*) assets/openapi.json)
POS := $(sort $(wildcard assets/po/*.po))
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
UNIT_SRC := $(sort $(wildcard test/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:test/unit/%.c=$(BUILD)/test/%)
HTTP_SRC := $(sort $(wildcard test/http/test_*.c))
HTTP_BIN := $(HTTP_SRC:test/http/%.c=$(BUILD)/test/%)
CLI_TESTS := $(sort $(wildcard test/cli/test_*.sh))
# Fuzz targets: test/fuzz/fuzz_NAME.c, its corpus test/fuzz/corpus/NAME/.
FUZZ_SRC := $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:test/fuzz/fuzz_%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)

.PHONY: all deps deps-check deps-bench demo check check-asan check-fast lint fuzz bench clean FORCE
all: $(BUILD)/majlis

deps:
	@sh tools/deps.sh build
deps-check:
	@sh tools/deps.sh check
deps-bench:
	@sh tools/deps.sh bench

# ---- build ----
$(BUILD)/tools/%: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -o $@ $<

$(BUILD)/gen/assets.c: $(ASSETS) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ embed_assets assets/ $(ASSETS)
# A language's catalogue is its assets/po/LANG.po plus the fragments that
# capabilities keep beside their code's strings (assets/po/*/LANG.po).
define po_merge
$(BUILD)/gen/$(1).po: assets/po/$(1).po $(wildcard assets/po/*/$(1).po)
	@mkdir -p $$(dir $$@)
	msgcat --use-first -o $$@ $$^
endef
$(foreach l,$(POS:assets/po/%.po=%),$(eval $(call po_merge,$(l))))
$(BUILD)/gen/%.mo: $(BUILD)/gen/%.po
	msgfmt --check -o $@ $<
$(BUILD)/gen/locales.c: $(POS:assets/po/%.po=$(BUILD)/gen/%.mo) $(BUILD)/tools/embed
	$(BUILD)/tools/embed $@ embed_locales $(BUILD)/gen/ $(POS:assets/po/%.po=$(BUILD)/gen/%.mo)
# The list of migrations as a file that changes only when the list does, so
# that removing or renaming one rebuilds the embedded set (a wildcard alone
# sees only files that are there).
$(BUILD)/gen/migrations.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(MIGRATIONS)' | cmp -s - $@ || echo '$(MIGRATIONS)' > $@
FORCE:
$(BUILD)/gen/migrations.c: $(MIGRATIONS) $(BUILD)/gen/migrations.list $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ embed_migrations src/store/migrations/ $(MIGRATIONS)

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) -std=c11 $(OPT) -Isrc/base -c -o $@ $<
$(BUILD)/src/%.o: src/%.c $(wildcard src/*/*.h) | $(GENSRC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libmajlis.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/majlis: $(CLISRC:%.c=$(BUILD)/%.o) $(BUILD)/libmajlis.a $(BUILD)/fmtcheck.stamp
	$(CC) $(OPT) $(EXTRA_CFLAGS) -o $@ $(CLISRC:%.c=$(BUILD)/%.o) $(BUILD)/libmajlis.a $(LIBS)

# Pages are written only through the escaping formatter; the checker fails
# the build when a call's format is not a literal, its arguments do not match
# its conversions, or the raw conversion %R takes anything but literals.
$(BUILD)/fmtcheck.stamp: $(wildcard src/web/*.c) $(BUILD)/tools/fmtcheck
	$(BUILD)/tools/fmtcheck src/web/*.c
	@touch $@

# ---- checks of the source itself ----
# Banned string functions (unbounded or not reentrant) and unescaped page
# output (tools/fmtcheck) fail the build.
lint: $(BUILD)/tools/fmtcheck
	@if grep -rnE '\b(sprintf|strcpy|strcat|strtok|atoi|gets)[[:space:]]*\(' src tools test --include='*.c' --include='*.h' \
	   | grep -v 'fmtcheck_cases'; then echo "lint: banned function (use the bounded helpers in src/base)"; exit 1; fi
	@$(BUILD)/tools/fmtcheck src/web/*.c
	@echo "lint: ok"

# ---- tests ----
$(BUILD)/test/%: test/unit/%.c test/harness.h $(BUILD)/libmajlis.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itest -o $@ $< $(BUILD)/libmajlis.a $(LIBS)
$(BUILD)/test/%: test/http/%.c test/harness.h test/http/client.h test/http/testsql.h test/http/searchtest.h $(BUILD)/libmajlis.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itest -Itest/http -o $@ $< $(BUILD)/libmajlis.a $(LIBS)
$(BUILD)/fuzz/replay_%: test/fuzz/fuzz_%.c test/fuzz/replay.c $(wildcard test/fuzz/*.h) $(BUILD)/libmajlis.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< test/fuzz/replay.c $(BUILD)/libmajlis.a $(LIBS)

# Everything a change must pass. The runner prints "N passed, N failed" last.
check: deps-check
	@$(MAKE) --no-print-directory check-fast
	@$(MAKE) --no-print-directory check-asan
	@sh test/run.sh summary

# The suite without the sanitizer pass (for quick local runs).
check-fast: $(BUILD)/majlis $(UNIT_BIN) $(HTTP_BIN) $(REPLAY_BIN) $(BUILD)/tools/fmtcheck
	@rm -rf $(BUILD)/results && mkdir -p $(BUILD)/results
	@$(MAKE) --no-print-directory lint > $(BUILD)/results/lint.log 2>&1 \
	  && echo "ok - lint (banned functions, escaping formatter)" > $(BUILD)/results/lint.tap \
	  || { cat $(BUILD)/results/lint.log; echo "not ok - lint" > $(BUILD)/results/lint.tap; }
	@BUILD=$(BUILD) sh test/run.sh unit $(UNIT_BIN) $(HTTP_BIN)
	@BUILD=$(BUILD) sh test/run.sh script test/unit/test_fmtcheck.sh $(BUILD)/tools/fmtcheck
	@for t in $(CLI_TESTS); do BUILD=$(BUILD) sh test/run.sh script $$t $(BUILD)/majlis; done
	@for f in $(FUZZ_NAMES); do BUILD=$(BUILD) sh test/run.sh fuzz $(BUILD)/fuzz/replay_$$f test/fuzz/corpus/$$f; done
	@BUILD=$(BUILD) sh test/run.sh browser $(BUILD)/majlis

# The whole C suite again under AddressSanitizer and UndefinedBehaviorSanitizer.
check-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  build-asan/majlis $(UNIT_BIN:$(BUILD)/%=build-asan/%) $(HTTP_BIN:$(BUILD)/%=build-asan/%) $(REPLAY_BIN:$(BUILD)/%=build-asan/%)
	@rm -rf build-asan/results && mkdir -p build-asan/results
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 BUILD=build-asan RESULTS=$(BUILD)/results TAG=asan \
	  sh test/run.sh unit $(UNIT_BIN:$(BUILD)/%=build-asan/%) $(HTTP_BIN:$(BUILD)/%=build-asan/%)
	@for f in $(FUZZ_NAMES); do ASAN_OPTIONS=detect_leaks=1 BUILD=build-asan RESULTS=$(BUILD)/results TAG=asan \
	  sh test/run.sh fuzz build-asan/fuzz/replay_$$f test/fuzz/corpus/$$f; done

# libFuzzer builds of every fuzz target (clang), each linked with the whole
# library: make fuzz, then run one as the line it prints says.
fuzz: $(GENSRC)
	@mkdir -p $(BUILD)/fuzz
	@for f in $(FUZZ_NAMES); do \
	  echo "clang fuzz_$$f"; \
	  clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined $(INC) -I$(BUILD)/gen \
	    $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -o $(BUILD)/fuzz/fuzz_$$f test/fuzz/fuzz_$$f.c \
	    $(LIBSRC) $(GENSRC) $(LIBS) || exit 1; \
	  echo "run: mkdir -p $(BUILD)/fuzz/new-$$f && $(BUILD)/fuzz/fuzz_$$f -max_total_time=60 $(BUILD)/fuzz/new-$$f test/fuzz/corpus/$$f"; \
	done

# ---- the demo ----
demo: deps $(BUILD)/majlis
	@rm -f $(BUILD)/demo.db $(BUILD)/demo.db-wal $(BUILD)/demo.db-shm
	$(BUILD)/majlis demo --db $(BUILD)/demo.db --serve --listen 127.0.0.1:$(PORT)

# ---- benchmarks ----
bench: deps-bench $(BUILD)/majlis $(BUILD)/libmajlis.a
	@BUILD=$(BUILD) sh bench/run.sh $(BUILD)/majlis
	@BUILD=$(BUILD) sh bench/vote.sh $(BUILD)/majlis
	@BUILD=$(BUILD) sh bench/search.sh $(BUILD)/majlis
	@BUILD=$(BUILD) sh bench/search_speed.sh $(BUILD)/majlis
	@BUILD=$(BUILD) sh bench/opendata.sh $(BUILD)/majlis
	@BUILD=$(BUILD) sh bench/hansard.sh $(BUILD)/majlis

clean:
	rm -rf $(BUILD) build-asan
