package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/qualify"
)

// diskSetup is what a run with disk metrics prepares before measuring.
type diskSetup struct {
	opts    *bench.DiskOptions
	info    *blockdev.Info
	release func() error
}

// prepareDisk decides how the disk metrics run in rf.dir: it names the
// device behind the directory, takes the directory's run lock, probes
// O_DIRECT and refuses a run that would breach the free-space floor. Every
// refusal is a usage error (exit 2) naming the flag and the numbers.
func prepareDisk(cmd *cobra.Command, rf runFlags, prof *profiles.Profile, reg *scratch.Registry) (*diskSetup, error) {
	stderr := cmd.ErrOrStderr()
	opts, err := bench.NewDiskOptions(rf.full, rf.queueDepth)
	if err != nil {
		return nil, usageErr("--queue-depth: %w", err)
	}
	if cmd.Flags().Changed("duration") {
		opts.Budget = rf.duration // the noisy-score advice says to raise it
	}
	s := &diskSetup{opts: opts, release: func() error { return nil }}
	root := "/"
	if f := cmd.Flag("root"); f != nil {
		root = f.Value.String()
	}
	s.info, err = blockdev.Resolve(root, rf.dir)
	if err != nil {
		fmt.Fprintf(stderr, "hwqual: cannot tell which disk holds --dir: %v\n", err)
	}
	if s.info != nil && s.info.RAM {
		opts.NoDisk = fmt.Sprintf("--dir %s is on %s (RAM), not a disk", rf.dir, s.info.FSType)
		return s, nil // nothing will be written: no lock, no space needed
	}
	unlock, err := reg.Lock(rf.dir)
	if err != nil {
		return nil, usageErr("--dir %s: %w", rf.dir, err)
	}
	s.release = unlock
	if err := probeDirect(stderr, rf, opts, reg); err != nil {
		unlock()
		return nil, err
	}
	if err := planSpace(stderr, rf, prof, opts); err != nil {
		unlock()
		return nil, err
	}
	return s, nil
}

// probeDirect finds out whether the directory's filesystem takes O_DIRECT.
// A refusal is said once, here; the direct-I/O rows then read "not
// measured" (or, with --allow-buffered, run buffered and say so).
func probeDirect(stderr io.Writer, rf runFlags, opts *bench.DiskOptions, reg *scratch.Registry) error {
	err := bench.ProbeDirect(reg, rf.dir)
	if err == nil {
		return nil
	}
	if !errors.Is(err, bench.ErrNotMeasured) {
		return usageErr("--dir %s: %w", rf.dir, err)
	}
	opts.NoDirect = fmt.Sprintf("O_DIRECT refused by the file system of %s", rf.dir)
	if rf.allowBuffered {
		opts.Buffered = true
		fmt.Fprintf(stderr, "hwqual: %s: measuring the direct-I/O rows with buffered I/O + fsync (--allow-buffered); they are labelled as such\n", opts.NoDirect)
	} else {
		fmt.Fprintf(stderr, "hwqual: %s: the direct-I/O rows are not measured (--allow-buffered measures them through the page cache)\n", opts.NoDirect)
	}
	return nil
}

// planSpace sizes the --full sustained write to the free space and
// refuses a run that would leave less than the floor free.
func planSpace(stderr io.Writer, rf runFlags, prof *profiles.Profile, opts *bench.DiskOptions) error {
	total, avail, err := qualify.FSSize(rf.dir)
	if err != nil {
		return usageErr("--dir %s: %w", rf.dir, err)
	}
	names := make([]string, len(prof.Requirements))
	for i, r := range prof.Requirements {
		names[i] = r.Metric
	}
	mode := "quick"
	if rf.full {
		mode = "--full"
		// The sustained write grows into the space above the floor, up to
		// 64 GiB, but never below the quick budget.
		room := int64(qualify.SpaceBeyondFloor(total, avail))
		withoutSustained := bench.ScratchNeed(names, &bench.DiskOptions{PrefillBytes: opts.PrefillBytes})
		fit := min(opts.SustainedBytes, room-withoutSustained) &^ (1<<20 - 1)
		if fit < opts.SustainedBytes && fit >= bench.QuickSustainedBytes && bench.ScratchNeed(names, opts) > withoutSustained {
			fmt.Fprintf(stderr, "hwqual: --full: sustained write limited to %.1f GiB by free space in %s\n", float64(fit)/(1<<30), rf.dir)
			opts.SustainedBytes = fit
		}
	}
	if err := qualify.CheckSpace(mode, uint64(bench.ScratchNeed(names, opts)), total, avail); err != nil {
		return usageErr("--dir %s: %w", rf.dir, err)
	}
	return nil
}
