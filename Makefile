# kabar — the common flows. `make run` and `make test` set everything up on a fresh Debian.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CCACHE := $(shell command -v ccache 2>/dev/null)
ifneq ($(CCACHE),)
CMAKE_FLAGS += -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
endif

.PHONY: all deps configure build run test test-asan bench format format-check clean

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

## test: install, build, run every test (unit, golden, e2e, eval floors)
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

## test-asan: the unit suite under AddressSanitizer + UndefinedBehaviorSanitizer
test-asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKABAR_SANITIZE=ON -DKABAR_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) -L unit

## bench: end-to-end throughput and peak RSS on the IndoSum articles (needs ../shared)
bench: build
	bench/run.sh $(BUILD)

format:
	find src include tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

format-check:
	find src include tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) build-asan
