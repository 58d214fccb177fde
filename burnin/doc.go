// Package burnin stresses a machine for hours — CPU, memory and disk load
// phases in a cycle, with periodic quick measurements — while watches
// sample frequencies, temperatures and error counters, and judges the run:
// FAIL on any verification error, uncorrected ECC error, new NVMe media
// error or critical-warning bit; WARN on throttling, corrected ECC errors
// or a drifting quick measurement.
//
// Each load and each watch is one file (load_*.go, watch_*.go), the way
// node_exporter keeps one collector per file. The verifiers (MemTester,
// CopyChecker, DiskVerifier) work on memory or files the caller hands them,
// so tests inject faults into exactly the code a burn-in runs. The report
// is model.BurnIn (reports/model); the run checkpoints it atomically so a crash loses at
// most a minute and `--resume` continues the same timelines.
package burnin
