# hwqual — see README.md. Every target works on a fresh machine with Go.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/hwqual/hwqual/internal/buildinfo.Version=$(VERSION)
BIN     := bin/hwqual
PROFILE ?= validator

.PHONY: build test bench lint generate-check run clean nvme-vm-test nvme-vm-firmware gotest fidelity soak repeat

## build: static binary (CGO_ENABLED=0) with the version stamped in
build:
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/hwqual

## test: lint, then every test (race detector on; fuzz targets run their seed
## corpus). Tests that need a tool this machine lacks are skipped and listed
## at the end with the Debian package to install; with CI set they fail.
GOTEST := bin/gotest
test: lint nvme-vm-test gotest
	$(GOTEST) -race -count=1 -timeout 20m ./...

## gotest: go test with every skip and its reason listed at the end
gotest:
	go build -o $(GOTEST) ./internal/testtools/gotest

## nvme-vm-test: run the static binary's disk qualification inside a QEMU guest
## with ext4 on an emulated NVMe controller (test/nvmevm, see its README)
nvme-vm-test: build gotest
	HWQUAL_BIN=$(CURDIR)/$(BIN) $(GOTEST) -tags nvmevm -count=1 -timeout 15m -run '^TestNVMeVM$$' ./cmd/hwqual/

## nvme-vm-firmware: only `hwqual firmware check` inside the QEMU guest
## (identity, SMART/health and the firmware slot log through the real ioctl
## path, as root and as nobody); `make test` runs these too
nvme-vm-firmware: gotest
	$(GOTEST) -count=1 -run '^TestNVMeVMFirmware' ./cmd/hwqual

## bench: every kernel's throughput next to its reference (impl=xcrypto,
## impl=schnorrkel), benchstat-friendly: make bench > new.txt; benchstat old.txt new.txt
BENCHCOUNT ?= 6
bench:
	go test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) ./bench/...

## soak: a healthy 10-minute burn-in through burnin.Run (--mem 256MiB, 1 GiB
## verify file, validator quick metrics) sampling resident memory, goroutines
## and the checkpoint's size every 10 s; fails when they drift (docs/burnin.md).
## Minutes long, so not part of make test.
## make soak [SOAK_DIR=/an/ext4/dir] [SOAK_DISK_IO=buffered] [SOAK_DURATION=10m]
soak:
	go test -tags soak -run '^TestSoak$$' -count=1 -v -timeout 30m ./burnin

## fidelity: hwqual's Substrate-named scores against Substrate's own code on this
## machine, interleaved (reference, hwqual, ...), per-round and median ratios;
## see docs/substrate-fidelity.md. make fidelity SUBSTRATE_REF=/path/to/run
## [FIDELITY_ROUNDS=3] [FIDELITY_METRICS="BLAKE2-256,Copy"] [FIDELITY_DIR=/var/tmp]
## [FIDELITY_LOAD=bursty] (one thread pinned to each CPU takes it 100 ms in each 300 ms while it runs)
FIDELITY_ROUNDS ?= 3
FIDELITY_METRICS ?= BLAKE2-256,Copy,SR25519-Verify,Seq Write,Rnd Write
fidelity: build
	@if [ -z "$(SUBSTRATE_REF)" ]; then echo "make fidelity: set SUBSTRATE_REF=/path/to/the reference tool (prints what Substrate's code scores; see docs/substrate-fidelity.md)" >&2; exit 2; fi
	@if [ ! -x "$(SUBSTRATE_REF)" ]; then echo "make fidelity: SUBSTRATE_REF=$(SUBSTRATE_REF) is not an executable file" >&2; exit 2; fi
	go run ./internal/fidelity -ref "$(SUBSTRATE_REF)" -hwqual $(BIN) -rounds $(FIDELITY_ROUNDS) -metrics "$(FIDELITY_METRICS)" $(if $(FIDELITY_DIR),-dir "$(FIDELITY_DIR)") $(if $(FIDELITY_LOAD),-load "$(FIDELITY_LOAD)")

## repeat: the same qualification run back to back; per row, how far each run's
## score lies from the runs' mean beside the interval each run claimed, and
## each verdict's time (docs/confidence.md, "Repeatability").
## make repeat [REPEAT_RUNS=5] [REPEAT_PROFILE=validator] [REPEAT_DIR=/var/tmp]
REPEAT_RUNS ?= 5
REPEAT_PROFILE ?= validator
repeat: build
	go run ./internal/repeat -hwqual $(BIN) -runs $(REPEAT_RUNS) -profile "$(REPEAT_PROFILE)" $(if $(REPEAT_DIR),-dir "$(REPEAT_DIR)")

## lint: go vet, a gofmt check, golangci-lint (the version below, installed
## into bin/ on first use; .golangci.yml says which linters and why) and
## generate-check
GOLANGCI_LINT_VERSION := 2.15.0
GOLANGCI_LINT := bin/golangci-lint
lint: generate-check
	go vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@if [ "$$($(GOLANGCI_LINT) version --short 2>/dev/null)" != "$(GOLANGCI_LINT_VERSION)" ]; then \
		echo "installing golangci-lint v$(GOLANGCI_LINT_VERSION) into bin/ (once; about 3 minutes on 2 cores)"; \
		GOBIN=$(CURDIR)/bin go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$(GOLANGCI_LINT_VERSION) || exit 1; \
	fi
	$(GOLANGCI_LINT) run ./...

## generate-check: the avo-generated assembly (bench/internal/*/_asm, avo
## pinned in their go.mod) must be what `go generate ./...` writes from the
## tree as it is now. It runs in a copy of the tree (tracked and untracked
## files), so the tree is never touched, and names every stale file.
## Needs git (or find), tar and cmp.
generate-check:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	{ git ls-files -z -co --exclude-standard 2>/dev/null || find . \( -name .git -o -path ./bin \) -prune -o -type f -print0; } | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$$tmp" -xf - && \
	touch "$$tmp/.generate-start" && \
	(cd "$$tmp" && go generate ./...) && \
	stale=$$(cd "$$tmp" && find . -type f -newer .generate-start | while read -r f; do \
		cmp -s "$$f" "$(CURDIR)/$$f" || printf ' %s' "$${f#./}"; done) && \
	if [ -n "$$stale" ]; then \
		echo "generated files out of date:$$stale (run go generate ./... and commit them)" >&2; exit 1; \
	fi

## run: build and qualify this machine with the default profile
run: build
	./$(BIN) --profile $(PROFILE)

clean:
	rm -rf bin
