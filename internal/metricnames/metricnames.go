// Package metricnames lists every metric hwqual measures with what a
// profile needs to check a requirement on it: the name, the kind (so the
// unit of its minimum) and whether it takes workers. It is a leaf, so that
// profiles can validate a profile without importing the benchmark modules
// (and through them the network and disk code). bench's registry is the
// authority; a test in bench keeps this list equal to it.
package metricnames

import "github.com/hwqual/hwqual/internal/units"

// Metric is what a profile may rely on about one metric.
type Metric struct {
	// Name is the metric's name as written in profiles, e.g. "BLAKE2-256".
	Name string
	// Kind is the metric's dimension; a minimum is written in its units.
	Kind units.Kind
	// Parallel metrics accept a worker count from the profile.
	Parallel bool
}

// all is in bench's registry order, which is the order reports show.
var all = []Metric{
	{Name: "BLAKE2-256", Kind: units.BytesPerSecond},
	{Name: "BLAKE2-256-Parallel", Kind: units.BytesPerSecond, Parallel: true},
	{Name: "SR25519-Verify", Kind: units.BytesPerSecond},
	{Name: "Copy", Kind: units.BytesPerSecond},
	{Name: "Copy-Parallel", Kind: units.BytesPerSecond, Parallel: true},
	{Name: "Seq Write", Kind: units.BytesPerSecond},
	{Name: "Rnd Write", Kind: units.BytesPerSecond},
	{Name: "Direct Seq Write", Kind: units.BytesPerSecond},
	{Name: "Direct Seq Read", Kind: units.BytesPerSecond},
	{Name: "Direct Rnd Write", Kind: units.IOPS},
	{Name: "Direct Rnd Read", Kind: units.IOPS},
	{Name: "Direct Seq Write Queued", Kind: units.BytesPerSecond},
	{Name: "Direct Seq Read Queued", Kind: units.BytesPerSecond},
	{Name: "Direct Rnd Write Queued", Kind: units.IOPS},
	{Name: "Direct Rnd Read Queued", Kind: units.IOPS},
	{Name: "Read Latency p99", Kind: units.Nanoseconds},
	{Name: SustainedSeqWrite, Kind: units.BytesPerSecond},
	{Name: "Network Upload", Kind: units.BitsPerSecond},
	{Name: "Network Download", Kind: units.BitsPerSecond},
	{Name: "Network RTT p99", Kind: units.Nanoseconds},
}

// SustainedSeqWrite is the one metric that takes a proof volume.
const SustainedSeqWrite = "Sustained Seq Write"

// Lookup returns the named metric.
func Lookup(name string) (Metric, bool) {
	for _, m := range all {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// All returns every metric, in report order.
func All() []Metric {
	out := make([]Metric, len(all))
	copy(out, all)
	return out
}

// Names lists every metric name in report order, for error messages.
func Names() []string {
	names := make([]string, len(all))
	for i, m := range all {
		names[i] = m.Name
	}
	return names
}
