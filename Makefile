# namectl — see README.md. `make test` and `make demo` work on a fresh machine with only Swift installed.
SWIFT ?= swift
APT_PACKAGES := libsodium-dev libldns-dev pkg-config libsqlite3-dev knot knot-dnsutils ldnsutils python3-libtorrent python3-nacl wrk nginx-light curl chromium libcurl4-openssl-dev
PIP_PACKAGES := pynacl cbor2 schemathesis libp2p==0.8.1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/debug/namectl

.PHONY: deps build release test demo bench fuzz clean

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@python3 -c 'import nacl, cbor2, schemathesis, libp2p' 2>/dev/null || python3 -m pip install -q $(PIP_PACKAGES)
	@./Tests/Interop/fetch_kubo.sh

build: deps
	$(SWIFT) build

# Load runs and latency figures live in `make bench`, not in the test run: tests assert behaviour.
BENCH_SUITES := AminoBenchmarkTests|DHTSoakTests|CLIDaemonLoadTests|FirstAnswerBenchmarkTests|LibtorrentInteropTests.getLatencyComparedWithLibtorrent|lookupsSucceedAndHopsGrowLogarithmically|ChurnTests.everyNameResolvesAfterHalfTheSwarmIsDestroyed

test: deps
	$(SWIFT) build
	$(SWIFT) test --no-parallel --skip '$(BENCH_SUITES)'

demo: deps
	$(SWIFT) build --product namectl
	@./examples/demo.sh $(BIN)

# The binary to ship: optimised, with the Swift runtime and Foundation linked in statically (a
# dynamically linked one spends most of a short command in the dynamic loader; see BENCHMARKS.md).
# The static link of FoundationNetworking needs libcurl's development symlink (libcurl4-openssl-dev).
RELEASE_FLAGS := -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product namectl
	@echo "built .build/release/namectl"

bench: release
	$(SWIFT) build $(RELEASE_FLAGS) --product namectl-bench
	.build/release/namectl-bench
	@echo "DHT (release build, real libtorrent sessions on loopback) and Amino (real Kubo nodes on loopback):"
	$(SWIFT) build -c release --build-tests --build-path .build-release -Xswiftc -enable-testing
	$(SWIFT) test -c release --skip-build --build-path .build-release --no-parallel \
	  --filter '$(BENCH_SUITES)'

fuzz: deps
	./Fuzz/run.sh $${FUZZ_SECONDS:-300}

clean:
	rm -rf .build .build-* 
