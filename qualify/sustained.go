package qualify

import (
	"fmt"
	"time"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// judgeSustained applies the sustained-write evidence rule to a judged
// check: a score counts as sustained only when the run found the cache
// cliff and measured enough steady state after it, or wrote the proof
// volume without a cliff. Anything less is "not measured" with what it
// would take: a drive still at cache speed must never pass. An info row is
// not judged; it gets the same words as a note.
func judgeSustained(c *model.Check, req profiles.Requirement) {
	if c.Disk == nil || c.Disk.Sustained == nil || c.Status == model.StatusNotMeasured {
		return
	}
	why := sustainedShortfall(c.Disk.Sustained, req)
	if why == "" {
		return
	}
	if c.Status == model.StatusInfo {
		c.Notes = append(c.Notes, "not proven sustained: "+why)
		return
	}
	c.Status = model.StatusNotMeasured
	c.Reason = why
}

// sustainedShortfall returns "" when s holds the evidence a verdict needs,
// else the reason in words, with the volume and time a proof would take.
func sustainedShortfall(s *diskstat.Sustained, req profiles.Requirement) string {
	if s.Cliff != nil {
		if diskstat.SteadyEnough(s.Timeline, s.Cliff) {
			return ""
		}
		return fmt.Sprintf("%s after %s, but only %.1f s (%s) of steady state after it before the write stopped (%s); a score needs %.0f s of it, or %.0f %% of what was written over at least %.0f s: free space in --dir and run with --full",
			cliffWord(s.Cliff), units.GiB(float64(s.Cliff.WrittenBytes)), time.Duration(s.SteadyNs).Seconds(), units.GiB(float64(s.SteadyBytes)),
			s.StoppedBecause, diskstat.SteadyMinDuration.Seconds(), diskstat.SteadyMinShare*100, diskstat.SteadyFloor.Seconds())
	}
	if s.ProofBytes > 0 && s.WrittenBytes >= s.ProofBytes {
		return ""
	}
	goal := "sustained writes"
	if req.MinimumText != "" {
		goal = req.MinimumText + " sustained"
	}
	drive := "this drive"
	if s.CapacityBytes > 0 {
		drive = "this " + units.DriveSize(float64(s.CapacityBytes)) + " drive"
	}
	if s.ProofBytes <= 0 {
		return fmt.Sprintf("still writing at cache speed after %s; proving %s on %s needs the proof volume, which is unknown here (no free-space or capacity figure)",
			units.GiB(float64(s.WrittenBytes)), goal, drive)
	}
	rule := ""
	if s.ProofRule != "" {
		rule = ", " + s.ProofRule
	}
	eta := ""
	if s.SteadyBytesPerSecond > 0 {
		eta = fmt.Sprintf("; ~%s at the current %s", units.Duration(time.Duration(float64(s.ProofBytes)/s.SteadyBytesPerSecond*float64(time.Second))),
			units.MBps(s.SteadyBytesPerSecond))
	}
	return fmt.Sprintf("still writing at cache speed after %s; proving %s on %s needs up to %s (the proof volume%s%s): run with --full",
		units.GiB(float64(s.WrittenBytes)), goal, drive, units.GiB(float64(s.ProofBytes)), rule, eta)
}

func cliffWord(c *diskstat.Cliff) string {
	if c.Cause == diskstat.CauseThermal {
		return "thermal throttling"
	}
	return "a cache cliff"
}
