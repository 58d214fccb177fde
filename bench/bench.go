// Package bench holds hwqual's benchmark modules. Each module lives in its own
// file, implements Module, and is listed in the registry table in registry.go.
// Modules only measure: they return raw samples with the estimator that
// scores them (the median, or Substrate's whole-window rate for rows named
// after a Substrate benchmark), and Result.Estimate turns samples into a
// score with its 95 % interval, so every metric is aggregated one of two
// documented ways.
package bench

import (
	"context"
	"errors"
	"fmt"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/internal/units"
)

// Info describes the metric a module measures.
type Info struct {
	// Name is the metric's name as written in profiles and printed in the
	// Function column, e.g. "BLAKE2-256".
	Name string
	// Category groups the metric in reports: CPU, Memory or Disk.
	Category string
	// Kind is the metric's dimension; scores are in its base unit.
	Kind units.Kind
	// Parallel modules accept a worker count from the profile.
	Parallel bool
	// NeedsDir modules write scratch files in Config.Dir.
	NeedsDir bool
	// NeedsPeer modules measure against a network peer (Config.Net) and
	// are not measured without one.
	NeedsPeer bool
	// Method is one sentence on how the metric is measured, for reports.
	Method string
}

// Config is what a module gets to run with.
type Config struct {
	// Dir is where disk modules create their scratch files.
	Dir string
	// Workers is the requested parallelism; 0 means the module's default.
	Workers int
	// Plan is the sampling budget.
	Plan Plan
	// Scratch tracks files a module creates so they can be removed on
	// every exit path, including signals.
	Scratch *scratch.Registry
	// Disk configures the direct-I/O disk modules and carries the run's
	// shared prefill file; nil when the profile has no disk metric.
	Disk *DiskOptions
	// Net carries the network peer and the run's shared network tests;
	// nil or without a peer, the network modules are not measured.
	Net *NetOptions
}

// Result is what a module measured: raw samples in the metric's base unit,
// plus anything a reader needs to interpret them.
type Result struct {
	Samples []float64
	// Seconds are the samples' window lengths, when the module sampled
	// windows; the whole-window estimator weighs each sample by its own.
	Seconds []float64
	// Estimator says how the score is made from Samples; "" is the median.
	Estimator Estimator
	// Interval, when set, is the score's interval as the module computed
	// it from more than its samples (a p99 from one histogram of every
	// read); Estimate uses it instead of the samples'.
	Interval *Estimate
	// Notes are short remarks shown under the table and kept in reports,
	// e.g. "8 workers pinned to CPUs 0-7, one per physical core".
	Notes []string
	// Extra holds secondary figures keyed with their unit, e.g.
	// "verifications_per_second".
	Extra map[string]float64
	// Workers is set by parallel modules: workers asked for, workers
	// that ran and the CPUs they were pinned to.
	Workers *Workers
	// Details carry a disk metric's latency histogram summary,
	// sustained-write timeline and I/O mode, when it has them.
	Details *diskstat.Details
}

// Estimate is the result's score and its 95 % interval, made with the
// result's estimator. A module that sets no estimator is scored by the
// median of its samples.
func (r Result) Estimate() Estimate {
	if r.Interval != nil {
		return *r.Interval
	}
	return EstimateSamples(r.Samples, r.Seconds, r.Estimator)
}

// Module is one benchmark.
type Module interface {
	Info() Info
	// Run measures and returns raw samples. It returns an error wrapping
	// ErrNotMeasured when the machine cannot be measured this way, and
	// honours ctx so a run stops promptly on a signal.
	Run(ctx context.Context, cfg Config) (Result, error)
}

// ErrNotMeasured marks a metric this machine cannot be measured on; the
// wrapped message is the reason shown to the operator.
var ErrNotMeasured = errors.New("not measured")

// NotMeasured returns an error wrapping ErrNotMeasured with a reason.
func NotMeasured(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotMeasured, fmt.Sprintf(format, args...))
}
