package bench

import (
	"context"
	"fmt"
	"io"

	"github.com/hwqual/hwqual/internal/units"
)

// seqWrite measures buffered sequential writes made durable with fsync.
type seqWrite struct{}

func (seqWrite) Info() Info {
	return Info{
		Name:     "Seq Write",
		Category: "Disk",
		Kind:     units.BytesPerSecond,
		NeedsDir: true,
		Method:   "64 MiB of random data written to a scratch file, fsync, rewind, repeat (Substrate's method, through the page cache)",
	}
}

func (seqWrite) Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.Disk.diskUsable(); err != nil {
		return Result{}, err
	}
	data, err := randomData(diskFileSize)
	if err != nil {
		return Result{}, err
	}
	f, err := cfg.Scratch.Create(cfg.Dir, "seq-write")
	if err != nil {
		return Result{}, err
	}
	defer cfg.Scratch.Remove(f.Name())
	defer f.Close()
	// Substrate's estimator over the disk budget: a longer run would write
	// more and measure past the drive's cache, so the cap stays the disk
	// plan's, not --duration.
	sampled, err := Measure(ctx, cfg.Plan.ForDisk(cfg.Disk.budget()), EstimatorWholeWindow, Pass(diskFileSize, func() error {
		if _, err := f.Write(data); err != nil {
			return fmt.Errorf("write %s: %w", f.Name(), err)
		}
		if err := f.Sync(); err != nil {
			return fmt.Errorf("fsync %s: %w", f.Name(), err)
		}
		_, err := f.Seek(0, io.SeekStart)
		return err
	}))
	sampled.CPUShares = nil // the thread waits on the disk by design
	return sampled.Result(units.BytesPerSecond), diskErr(err)
}
