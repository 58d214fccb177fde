package bench

import (
	"context"
	"os"

	"github.com/hwqual/hwqual/internal/units"
)

// copySize is Substrate's: 64 MiB, well past any L3 cache of the CPUs
// operators run (a 7950X3D has 128 MiB on one CCD, a documented caveat).
const copySize = 64 << 20

// memCopy measures single-thread memory copy bandwidth.
type memCopy struct{}

func (memCopy) Info() Info {
	return Info{
		Name:     "Copy",
		Category: "Memory",
		Kind:     units.BytesPerSecond,
		Method:   "Go copy() (runtime memmove) of a 64 MiB prefaulted buffer into another on one thread",
	}
}

func (memCopy) Run(ctx context.Context, cfg Config) (Result, error) {
	src, dst := prefaulted(copySize), prefaulted(copySize)
	sampled, err := SampleShares(ctx, cfg.Plan, Pass(copySize, func() error {
		copy(dst, src)
		return nil
	}))
	res := Result{Samples: sampled.Rates}
	res.mergeReport(cpuShareReport(sampled))
	return res, err
}

// prefaulted returns a buffer whose every page has been written, so page
// faults are not timed as memory bandwidth.
func prefaulted(n int) []byte {
	b := make([]byte, n)
	page := os.Getpagesize()
	for i := 0; i < n; i += page {
		b[i] = 1
	}
	return b
}
