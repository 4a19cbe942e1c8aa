# kabar — the common flows. `make run` and `make test` set everything up on a fresh Debian.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CCACHE := $(shell command -v ccache 2>/dev/null)
ifneq ($(CCACHE),)
CMAKE_FLAGS += -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
endif

.PHONY: all deps configure build run test check test-asan bench fuzz format format-check clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

## build: install what is missing, build Release, binary at build/kabar
build: configure
	cmake --build $(BUILD) -j $(JOBS)

## run: analyse the bundled sample corpus and print a readable summary
run: build
	$(BUILD)/kabar analyze examples/corpus --format text

## test: install, build, run every test (unit, golden, e2e, eval floors, fuzz seeds, crash test),
## then the unit suite again under ASan + UBSan (what CI runs)
test: check test-asan

## check: the Release suite only (everything `make test` runs except the sanitizer pass)
check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

## test-asan: the unit suite under AddressSanitizer + UndefinedBehaviorSanitizer
test-asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKABAR_SANITIZE=ON -DKABAR_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) -L unit

## bench: one table, every stage + peers + end to end, on IndoSum + Detik articles (needs ../shared)
bench: build
	bench/run.sh $(BUILD)

## fuzz: libFuzzer targets (clang, ASan+UBSan) in build-fuzz, each run FUZZ_SECONDS (60) from its seeds
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := read_text read_html read_jsonl normalise_segment dates_numbers pipeline
fuzz:
	KABAR_WITH_CLANG=1 scripts/install-deps.sh
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKABAR_FUZZ=ON -DKABAR_BUILD_TESTS=OFF -DKABAR_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build build-fuzz -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t build-fuzz/crashes/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  ( cd build-fuzz/crashes/$$t && TMPDIR=$(CURDIR)/build-fuzz ../../fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	      -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 \
	      $(CURDIR)/build-fuzz/corpus/$$t $(CURDIR)/fuzz/corpus/$$t > ../../fuzz-$$t.log 2>&1 ); rc=$$?; \
	  tail -12 build-fuzz/fuzz-$$t.log; \
	  if [ $$rc -ne 0 ]; then echo "fuzz: $$t found a crash: build-fuzz/crashes/$$t (add it to fuzz/corpus/$$t once fixed)"; exit 1; fi; \
	done

format:
	find src include tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

format-check:
	find src include tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) build-asan
