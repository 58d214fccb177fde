package bench

import (
	"context"

	"github.com/hwqual/hwqual/internal/units"
)

// directRnd measures 4 KiB random O_DIRECT reads or writes at 4 KiB-aligned
// offsets of the prefill file, at QD1 or at the run's queue depth.
type directRnd struct {
	// name is written out in the registry, so grep finds the module.
	name          string
	write, queued bool
}

func (m directRnd) Info() Info {
	return directInfo(m.name, m.write, m.queued, units.IOPS,
		"4 KiB O_DIRECT %ss at random aligned offsets of the prefilled file %s; IOPS per 100 ms window, median")
}

func (directRnd) scratchBytes(*DiskOptions) (bool, int64) { return true, 0 }

func (m directRnd) Run(ctx context.Context, cfg Config) (Result, error) {
	return runDirect(ctx, cfg, directSpec{block: rndBlock, write: m.write, random: true, queued: m.queued, kind: units.IOPS})
}
