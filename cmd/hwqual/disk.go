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
	opts.DriveTemp = findDriveTemp(root, s.info)
	if err := planSpace(stderr, rf, prof, opts, s.info); err != nil {
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

// planSpace sets the sustained write's proof volume and caps, and refuses
// a run that would leave less than the floor free. Under --full the
// sustained write plans the whole proof volume: when that cannot fit above
// the floor the run is refused with the numbers, since a shorter write
// could not prove anything.
func planSpace(stderr io.Writer, rf runFlags, prof *profiles.Profile, opts *bench.DiskOptions, info *blockdev.Info) error {
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
	}
	if req, ok := sustainedRequirement(prof); ok {
		proof := req.ProofOrDefault()
		opts.CapacityBytes = diskCapacity(info, total)
		opts.ProofBytes = roundUpMiB(proof.Resolve(opts.CapacityBytes, int64(avail)))
		opts.ProofRule = proofRule(proof, opts.CapacityBytes, avail)
		if rf.full {
			opts.SustainedBytes = opts.ProofBytes
			if err := qualify.CheckSpace(mode, uint64(bench.ScratchNeed(names, opts)), total, avail); err != nil {
				return usageErr("--dir %s: --full writes the sustained write's proof volume, %.1f GiB (%s), to prove a drive past its write cache: %w",
					rf.dir, float64(opts.ProofBytes)/(1<<30), opts.ProofRule, err)
			}
		}
		// Past a cache cliff the write may go on for its steady state,
		// up to what fits above the floor beside the other scratch files.
		others := bench.ScratchNeed(names, &bench.DiskOptions{PrefillBytes: opts.PrefillBytes})
		room := int64(qualify.SpaceBeyondFloor(total, avail)) - others
		opts.SustainedMaxBytes = max(opts.SustainedBytes, room&^(1<<20-1))
	}
	if err := qualify.CheckSpace(mode, uint64(bench.ScratchNeed(names, opts)), total, avail); err != nil {
		return usageErr("--dir %s: %w", rf.dir, err)
	}
	return nil
}

// sustainedRequirement is the profile's Sustained Seq Write requirement.
func sustainedRequirement(prof *profiles.Profile) (profiles.Requirement, bool) {
	for _, r := range prof.Requirements {
		if r.Metric == profiles.SustainedMetric {
			return r, true
		}
	}
	return profiles.Requirement{}, false
}

// diskCapacity is the size of the physical disks under the directory (all
// of them: a stripe spreads writes over every drive's cache), or the
// filesystem's size when they are unknown.
func diskCapacity(info *blockdev.Info, fsTotal uint64) int64 {
	var sum int64
	if info != nil {
		for _, d := range info.Disks {
			sum += d.SizeBytes
		}
	}
	if sum > 0 {
		return sum
	}
	return int64(fsTotal)
}

// proofRule says how the proof volume was set: "34 % of free space (79 GB free)".
func proofRule(p profiles.ProofVolume, capacity int64, avail uint64) string {
	switch p.Of {
	case profiles.ProofOfFree:
		return fmt.Sprintf("%s, %.0f GB free", p.Text, float64(avail)/1e9)
	case profiles.ProofOfCapacity:
		return fmt.Sprintf("%s, %.0f GB", p.Text, float64(capacity)/1e9)
	}
	return p.Text
}

func roundUpMiB(b int64) int64 { return (b + 1<<20 - 1) &^ (1<<20 - 1) }

// findDriveTemp returns the temperature sensor of the first NVMe drive
// under the directory that has one, or nil.
func findDriveTemp(root string, info *blockdev.Info) *bench.DriveTemp {
	if info == nil {
		return nil
	}
	for _, d := range info.Disks {
		if d.Controller == "" {
			continue
		}
		if t, err := bench.FindDriveTemp(root, d.Controller); err == nil {
			return t
		}
	}
	return nil
}
