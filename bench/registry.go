package bench

import "slices"

// registry lists every module, in the order reports show them. Adding a
// metric is one file, one line here and one in internal/metricnames, the
// list profiles validate against without importing bench
// (TestMetricNamesMatchRegistry fails until the two agree).
var registry = []Module{
	blake2Single{},
	blake2Parallel{},
	sr25519Verify{},
	memCopy{},
	copyParallel{},
	seqWrite{},
	rndWrite{},
	directSeq{name: "Direct Seq Write", write: true},
	directSeq{name: "Direct Seq Read"},
	directRnd{name: "Direct Rnd Write", write: true},
	directRnd{name: "Direct Rnd Read"},
	directSeq{name: "Direct Seq Write Queued", write: true, queued: true},
	directSeq{name: "Direct Seq Read Queued", queued: true},
	directRnd{name: "Direct Rnd Write Queued", write: true, queued: true},
	directRnd{name: "Direct Rnd Read Queued", queued: true},
	readLatency{},
	sustainedWrite{},
	networkThroughput{},
	networkThroughput{download: true},
	networkLatency{},
}

// Lookup returns the module measuring the named metric.
func Lookup(name string) (Module, bool) {
	for _, m := range registry {
		if m.Info().Name == name {
			return m, true
		}
	}
	return nil, false
}

// Names lists every known metric name, for error messages and docs.
func Names() []string {
	names := make([]string, 0, len(registry))
	for _, m := range registry {
		names = append(names, m.Info().Name)
	}
	return names
}

// Modules returns every registered module in report order.
func Modules() []Module { return slices.Clone(registry) }
