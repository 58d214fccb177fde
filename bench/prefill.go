package bench

import (
	"context"
	"fmt"
	"os"
)

// prefill is the shared file every read and random-write metric works on:
// written once per run, so reads hit allocated blocks and the validator's
// latency and IOPS rows do not each pay for writing a GiB.
type prefill struct {
	path string
	size int64
}

// prefilled returns the path of the run's prefill file, writing it first
// if no metric has yet. It lives in the scratch registry, so a signal
// removes it; Release removes it at the end of the run.
func (o *DiskOptions) prefilled(ctx context.Context, cfg Config) (string, error) {
	if o.prefill != nil {
		return o.prefill.path, nil
	}
	f, err := openScratch(cfg.Scratch, cfg.Dir, "prefill", o)
	if err != nil {
		return "", err
	}
	path := f.Name()
	err = writeSequential(ctx, f, o.PrefillBytes)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", path, cerr)
	}
	if err != nil {
		cfg.Scratch.Remove(path)
		return "", err
	}
	o.prefill = &prefill{path: path, size: o.PrefillBytes}
	return path, nil
}

// Release removes the prefill file, if one was written.
func (o *DiskOptions) Release(cfg Config) error {
	if o == nil || o.prefill == nil {
		return nil
	}
	p := o.prefill.path
	o.prefill = nil
	return cfg.Scratch.Remove(p)
}

// writeSequential fills f with size bytes of distinct random blocks, then
// makes them durable, honouring ctx between blocks.
func writeSequential(ctx context.Context, f *os.File, size int64) error {
	buf := randomBlock(seqBlock)
	for off, seq := int64(0), uint64(0); off < size; off, seq = off+seqBlock, seq+1 {
		if err := ctx.Err(); err != nil {
			return err
		}
		fillBlock(buf, seq)
		if _, err := f.WriteAt(buf, off); err != nil {
			return directErr(fmt.Errorf("prefill %s: %w", f.Name(), err))
		}
	}
	if err := f.Sync(); err != nil {
		return diskErr(fmt.Errorf("fsync %s: %w", f.Name(), err))
	}
	return nil
}

// openPrefilled opens the run's prefill file for I/O with the run's mode.
func openPrefilled(ctx context.Context, cfg Config) (*os.File, int64, error) {
	path, err := cfg.Disk.prefilled(ctx, cfg)
	if err != nil {
		return nil, 0, err
	}
	f, err := openIO(path, os.O_RDWR, cfg.Disk.Buffered)
	if err != nil {
		return nil, 0, err
	}
	return f, cfg.Disk.PrefillBytes, nil
}
