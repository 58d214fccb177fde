# hwqual — see README.md. Every target works on a fresh machine with Go.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/hwqual/hwqual/internal/buildinfo.Version=$(VERSION)
BIN     := bin/hwqual
PROFILE ?= validator

.PHONY: build test bench lint run clean nvme-vm-test nvme-vm-firmware gotest fidelity soak

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
## [FIDELITY_LOAD=bursty] (threads that take every CPU 100 ms in each 300 ms while it runs)
FIDELITY_ROUNDS ?= 3
FIDELITY_METRICS ?= BLAKE2-256,Copy,SR25519-Verify,Seq Write,Rnd Write
fidelity: build
	@if [ -z "$(SUBSTRATE_REF)" ]; then echo "make fidelity: set SUBSTRATE_REF=/path/to/the reference tool (prints what Substrate's code scores; see docs/substrate-fidelity.md)" >&2; exit 2; fi
	@if [ ! -x "$(SUBSTRATE_REF)" ]; then echo "make fidelity: SUBSTRATE_REF=$(SUBSTRATE_REF) is not an executable file" >&2; exit 2; fi
	go run ./internal/fidelity -ref "$(SUBSTRATE_REF)" -hwqual $(BIN) -rounds $(FIDELITY_ROUNDS) -metrics "$(FIDELITY_METRICS)" $(if $(FIDELITY_DIR),-dir "$(FIDELITY_DIR)") $(if $(FIDELITY_LOAD),-load "$(FIDELITY_LOAD)")

## lint: go vet and a gofmt check
lint:
	go vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## run: build and qualify this machine with the default profile
run: build
	./$(BIN) --profile $(PROFILE)

clean:
	rm -rf bin
