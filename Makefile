# Levin - the two commands of the README, and their parts.
#   make demo   install what is missing, build, run the demo
#   make test   install what is missing, build twice (normal, ASan+UBSan), run every suite
# Other targets: build, asan, deps, bench, editors, clean.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

# Debian 12 packages, by what needs them.
PKGS_BUILD = cmake make gcc pkg-config llvm-19-dev clang-19 libclang-rt-19-dev \
             re2c lemon libuv1-dev libnats-dev tzdata
PKGS_TEST  = nats-server vim emacs-nox python3 jq
PKGS_NODE  = nodejs npm

.PHONY: all demo test build asan deps deps-test deps-node unit bench editors clean

all: build

# Installs only what is missing; says nothing when everything is there.
deps:
	@sh tests/tools/deps.sh $(PKGS_BUILD)

deps-test: deps
	@sh tests/tools/deps.sh $(PKGS_TEST)
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || sh tests/tools/deps.sh $(PKGS_NODE)

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >$(BUILD).configure.log 2>&1 \
	  || { cat $(BUILD).configure.log; exit 1; }
	@cmake --build $(BUILD) -j $(JOBS) >$(BUILD).build.log 2>&1 || { cat $(BUILD).build.log; exit 1; }
	@grep -E 'warning:' $(BUILD).build.log || true

asan: deps
	@CC=clang-19 cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DLEVIN_SANITIZE=ON \
	  -DLEVIN_FUZZ=ON $(CMAKE_ARGS) >$(ASAN_BUILD).configure.log 2>&1 \
	  || { cat $(ASAN_BUILD).configure.log; exit 1; }
	@cmake --build $(ASAN_BUILD) -j $(JOBS) >$(ASAN_BUILD).build.log 2>&1 \
	  || { cat $(ASAN_BUILD).build.log; exit 1; }
	@grep -E 'warning:' $(ASAN_BUILD).build.log || true

test: deps-test build asan
	@sh tests/tools/run_suites.sh $(BUILD) normal
	@sh tests/tools/run_suites.sh $(ASAN_BUILD) asan+ubsan

demo: deps build
	@sh examples/demo.sh $(BUILD)

bench: deps-test build
	@sh bench/run.sh $(BUILD)

editors: deps-test
	@sh editors/package.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BUILD).*.log $(ASAN_BUILD).*.log
