# The user's entry point: `make run` and `make test` set everything up on Debian 12.
# CMake does the real build in build/; this file only installs packages and drives it.

PACKAGES := gcc make cmake pkg-config libgsl-dev libcjson-dev check libsubunit-dev \
            libsqlite3-dev libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core \
            libsodium-dev libqrencode-dev gnuplot-nox libopenmpi-dev openmpi-bin \
            libcurl4-openssl-dev libxml2-dev
# Only the test suite (and `make abis`) needs these: a browser renders the HTML report
# headless; python3 runs the Python scenario generators to check their output; the ABIS
# service's tests run against a throwaway ActiveMQ broker.
TEST_PACKAGES := chromium python3 activemq
PKGS      = $(PACKAGES)
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
SCENARIO ?= scenarios/default.json
OUT      ?= results/default

ABIS_PORT ?= 61713

.PHONY: all deps build run test bench sanitize clean abis

# Target-specific, so it reaches `deps` through `build` as well.
test sanitize abis: PKGS = $(PACKAGES) $(TEST_PACKAGES)

all: build

# Install only what is missing; through sudo when not root; otherwise say exactly what to run.
deps:
	@missing=""; \
	for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "ktpsim: installing missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else echo "ktpsim: cannot install packages (not root, no sudo). Run:"; \
	       echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build -j $(JOBS)

run: build
	./build/ktpsim run $(SCENARIO) --out $(OUT)

test: build
	cd build && ctest --output-on-failure -j $(JOBS)

bench: build
	@cmake --build build -j $(JOBS) --target benches
	@for b in build/bench/*_bench; do echo "# $$b"; $$b || exit 1; done

# A throwaway broker on 127.0.0.1:$(ABIS_PORT) (config and data in build/abis), then the
# ABIS service in the foreground; Ctrl-C stops the service, then the broker.
abis: build
	app/ktpabis-broker.sh start build/abis $(ABIS_PORT)
	trap 'app/ktpabis-broker.sh stop build/abis' EXIT INT TERM; \
	  ./build/ktpabis serve --registry build/abis/registry.sqlite --port $(ABIS_PORT)

sanitize: deps
	@cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DKTP_SANITIZE=ON >/dev/null
	@cmake --build build-sanitize -j $(JOBS)
	cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf build build-sanitize
