# Two commands on a fresh Debian 12 machine: `make demo` and `make test`.
BUILD ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: all deps build test unit e2e demo bench clean format check-format check-layers fuzz asan tsan

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) \
	  $(shell command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	scripts/install-test-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -E '^e2e_'

demo: build
	scripts/demo $(BUILD)/strata

bench: build
	bench/run

# The guard rails (docs/testing.md); .ci/run runs them after `make test`.
check-layers:
	scripts/check-layers

# Runs each fuzz target for FUZZ_SECONDS (default 30) in build-fuzz.
fuzz:
	scripts/run-fuzz

asan:
	JOBS=$(JOBS) scripts/run-sanitizers asan

tsan:
	JOBS=$(JOBS) scripts/run-sanitizers tsan

CLANG_FORMAT ?= clang-format-19

check-format:
	CLANG_FORMAT=$(CLANG_FORMAT) scripts/check-format

format:
	@command -v $(CLANG_FORMAT) >/dev/null || scripts/install-fuzz-deps
	$(CLANG_FORMAT) -i $$(git ls-files 'src/*.cc' 'src/*.h' 'fuzz/*.cc' 'fuzz/*.h')

clean:
	rm -rf $(BUILD)
