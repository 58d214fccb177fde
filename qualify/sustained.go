package qualify

import (
	"fmt"
	"time"

	"github.com/hwqual/hwqual/internal/diskstat"
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
		return fmt.Sprintf("%s after %s, but only %.1f s (%.1f GiB) of steady state after it before the write stopped (%s); a score needs %.0f s of it, or %.0f %% of what was written over at least %.0f s: free space in --dir and run with --full",
			cliffWord(s.Cliff), gib(uint64(s.Cliff.WrittenBytes)), time.Duration(s.SteadyNs).Seconds(), float64(s.SteadyBytes)/(1<<30),
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
		drive = "this " + decimalBytes(s.CapacityBytes) + " drive"
	}
	if s.ProofBytes <= 0 {
		return fmt.Sprintf("still writing at cache speed after %s; proving %s on %s needs the proof volume, which is unknown here (no free-space or capacity figure)",
			gib(uint64(s.WrittenBytes)), goal, drive)
	}
	rule := ""
	if s.ProofRule != "" {
		rule = ", " + s.ProofRule
	}
	eta := ""
	if s.SteadyBytesPerSecond > 0 {
		eta = fmt.Sprintf("; ~%s at the current %s", roughDuration(time.Duration(float64(s.ProofBytes)/s.SteadyBytesPerSecond*float64(time.Second))),
			formatRate(s.SteadyBytesPerSecond))
	}
	return fmt.Sprintf("still writing at cache speed after %s; proving %s on %s needs up to %s (the proof volume%s%s): run with --full",
		gib(uint64(s.WrittenBytes)), goal, drive, gib(uint64(s.ProofBytes)), rule, eta)
}

func cliffWord(c *diskstat.Cliff) string {
	if c.Cause == diskstat.CauseThermal {
		return "thermal throttling"
	}
	return "a cache cliff"
}

// decimalBytes writes a drive size the way drives are sold: 256 GB, 8.00 TB.
func decimalBytes(b int64) string {
	if b >= 1e12 {
		return fmt.Sprintf("%.2f TB", float64(b)/1e12)
	}
	return fmt.Sprintf("%.0f GB", float64(b)/1e9)
}

func formatRate(bps float64) string { return fmt.Sprintf("%.0f MB/s", bps/1e6) }

// roughDuration rounds for a sentence: "40 s", "12 min", "2.5 h".
func roughDuration(d time.Duration) string {
	switch {
	case d < 2*time.Minute:
		return fmt.Sprintf("%.0f s", d.Seconds())
	case d < 2*time.Hour:
		return fmt.Sprintf("%.0f min", d.Minutes())
	}
	return fmt.Sprintf("%.1f h", d.Hours())
}
