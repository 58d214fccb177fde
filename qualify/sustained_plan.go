package qualify

import (
	"fmt"

	"github.com/hwqual/hwqual/internal/units"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/profiles"
)

// PlanSustained sets the sustained write's proof volume, its plan and its
// hard cap on opts, for a filesystem of total bytes with avail free (read
// before anything is written). Quick runs plan the quick budget; --full
// plans the whole proof volume and, when that cannot fit above the
// free-space floor, returns an error wrapping ErrNoSpace with the numbers:
// a shorter write could not prove anything. Past a cliff the write may
// grow, but only into the space above the floor beside the other scratch
// files. A profile without Sustained Seq Write leaves opts alone.
func PlanSustained(prof *profiles.Profile, opts *bench.DiskOptions, info *blockdev.Info, full bool, total, avail uint64) error {
	req, ok := sustainedRequirement(prof)
	if !ok {
		return nil
	}
	names := metricNames(prof)
	proof := req.ProofOrDefault()
	opts.CapacityBytes = diskCapacity(info, total)
	opts.ProofBytes = roundUpMiB(proof.Resolve(opts.CapacityBytes, int64(avail)))
	opts.ProofRule = proofRule(proof, opts.CapacityBytes, avail)
	if full {
		opts.SustainedBytes = opts.ProofBytes
		if err := CheckSpace("--full", uint64(bench.ScratchNeed(names, opts)), total, avail); err != nil {
			return fmt.Errorf("--full writes the sustained write's proof volume, %.1f GiB (%s), to prove a drive past its write cache: %w",
				float64(opts.ProofBytes)/(1<<30), opts.ProofRule, err)
		}
	}
	others := bench.ScratchNeed(names, &bench.DiskOptions{PrefillBytes: opts.PrefillBytes})
	room := int64(SpaceBeyondFloor(total, avail)) - others
	opts.SustainedMaxBytes = max(opts.SustainedBytes, room&^(1<<20-1))
	return nil
}

// FindDriveTemp returns the temperature sensor of the first NVMe drive
// under the directory that has one (hwmon under root), or nil.
func FindDriveTemp(root string, info *blockdev.Info) *bench.DriveTemp {
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

func metricNames(prof *profiles.Profile) []string {
	names := make([]string, len(prof.Requirements))
	for i, r := range prof.Requirements {
		names[i] = r.Metric
	}
	return names
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

// proofRule says how the proof volume was set: "34 % of free space, 79 GB free".
func proofRule(p profiles.ProofVolume, capacity int64, avail uint64) string {
	switch p.Of {
	case profiles.ProofOfFree:
		return p.Text + ", " + units.DriveSize(float64(avail)) + " free"
	case profiles.ProofOfCapacity:
		return p.Text + ", " + units.DriveSize(float64(capacity))
	}
	return p.Text
}

func roundUpMiB(b int64) int64 { return (b + 1<<20 - 1) &^ (1<<20 - 1) }
