package bench

import (
	"context"
	"fmt"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
)

// directSeq measures 1 MiB sequential O_DIRECT reads or writes, at QD1 or
// at the run's queue depth (workers sharing one advancing offset).
type directSeq struct {
	// name is written out in the registry, so grep finds the module.
	name          string
	write, queued bool
}

func (m directSeq) Info() Info {
	return directInfo(m.name, m.write, m.queued, units.BytesPerSecond,
		"1 MiB O_DIRECT %ss in file order %s; throughput per 100 ms window, median")
}

func (m directSeq) scratchBytes(o *DiskOptions) (bool, int64) {
	if m.write {
		return false, o.PrefillBytes
	}
	return true, 0
}

func (m directSeq) Run(ctx context.Context, cfg Config) (Result, error) {
	return runDirect(ctx, cfg, directSpec{block: seqBlock, write: m.write, random: false, queued: m.queued, kind: units.BytesPerSecond})
}

// directInfo describes a direct-I/O metric named in the registry ("Direct
// Seq Write", "Direct Rnd Read Queued", ...); method is a format taking the
// operation ("read", "write") and the queue depth's description.
func directInfo(name string, write, queued bool, kind units.Kind, method string) Info {
	depth := "at queue depth 1"
	if queued {
		depth = "from --queue-depth workers (default 32) on one file"
	}
	return Info{Name: name, Category: "Disk", Kind: kind, NeedsDir: true, Method: fmt.Sprintf(method, opName(write), depth)}
}

// directSpec is what distinguishes the direct-I/O throughput and IOPS
// metrics from each other.
type directSpec struct {
	block         int
	write, random bool
	queued        bool
	kind          units.Kind
}

// runDirect runs one direct-I/O metric. Sequential writes go to a fresh
// file of the prefill's size; everything else works on the prefill file.
func runDirect(ctx context.Context, cfg Config, s directSpec) (Result, error) {
	if err := cfg.Disk.directUsable(); err != nil {
		return Result{}, err
	}
	o := cfg.Disk
	job := ioJob{block: s.block, write: s.write, random: s.random, qd: 1, budget: o.Budget, window: ioWindow, sync: s.write && o.Buffered}
	if !s.write {
		job.budget, job.window = o.readBudget()
	}
	if s.queued {
		job.qd = o.QueueDepth
	}
	if s.write && !s.random {
		f, err := openScratch(cfg.Scratch, cfg.Dir, "seq-write", o)
		if err != nil {
			return Result{}, err
		}
		defer cfg.Scratch.Remove(f.Name())
		defer f.Close()
		job.f, job.size = f, o.PrefillBytes
	} else {
		f, size, err := openPrefilled(ctx, cfg)
		if err != nil {
			return Result{}, err
		}
		defer f.Close()
		job.f, job.size = f, size
	}
	out, err := job.run(ctx)
	if err != nil {
		return Result{}, err
	}
	res := Result{
		Samples: out.rates(s.kind == units.BytesPerSecond),
		Extra: map[string]float64{
			"iops":             float64(out.ops) / out.elapsed.Seconds(),
			"bytes_per_second": float64(out.bytes) / out.elapsed.Seconds(),
		},
		Details: &diskstat.Details{IO: &diskstat.IO{
			Mode: o.mode(), BlockBytes: s.block, QueueDepth: job.qd, FileBytes: job.size,
			Operations: out.ops, ElapsedNs: out.elapsed.Nanoseconds(),
			Pattern: map[bool]string{true: "random", false: "sequential"}[s.random], Direction: opName(s.write),
		}},
	}
	if o.Buffered {
		res.Notes = append(res.Notes, "buffered I/O + fsync (--allow-buffered): page-cache numbers, not the device's")
	}
	return res, nil
}
