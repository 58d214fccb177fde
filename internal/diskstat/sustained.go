package diskstat

import (
	"time"

	"github.com/hwqual/hwqual/internal/stats"
)

// Point is one interval of a sustained write: the throughput over the
// interval ending Elapsed after the start, and the drive's temperature at
// its end when a sensor was readable.
type Point struct {
	ElapsedNs      int64   `json:"elapsed_ns"`
	WrittenBytes   int64   `json:"written_bytes"`
	BytesPerSecond float64 `json:"bytes_per_second"`
	// TemperatureCelsius is the drive's composite temperature at the end
	// of the interval; nil when no sensor was readable.
	TemperatureCelsius *float64 `json:"temperature_celsius,omitempty"`
}

// Cliff is where throughput fell below CliffFraction of the peak and
// stayed there for CliffHold: the drive's write cache ran out, or the
// drive throttled itself for heat (Cause tells which).
type Cliff struct {
	ElapsedNs      int64   `json:"elapsed_ns"`
	WrittenBytes   int64   `json:"written_bytes"`
	BytesPerSecond float64 `json:"bytes_per_second"`
	// Cause is CauseCache or CauseThermal.
	Cause string `json:"cause,omitempty"`
}

// Causes of a cliff.
const (
	// CauseCache is a drop with the drive below its warning temperature:
	// its write cache (SLC) ran out. The remedy is another drive.
	CauseCache = "cache"
	// CauseThermal is a drop that came with the drive's temperature at or
	// above its warning threshold: thermal throttling. The remedy is
	// cooling (a heatsink, airflow), not another drive.
	CauseThermal = "thermal"
)

// Sustained is the outcome of a sustained sequential write.
type Sustained struct {
	BudgetBytes  int64 `json:"budget_bytes"`
	WrittenBytes int64 `json:"written_bytes"`
	IntervalNs   int64 `json:"interval_ns"`
	// ProofBytes is the volume that, written without a cliff, proves the
	// drive is past any write cache it could have; 0 when unknown.
	ProofBytes int64 `json:"proof_bytes,omitempty"`
	// ProofRule is how ProofBytes was set, e.g. "34 % of the free space
	// (80.0 GB)", from the profile.
	ProofRule string `json:"proof_rule,omitempty"`
	// CapacityBytes is the size of the disk(s) under test, for the reason
	// a run that stopped early gives.
	CapacityBytes int64 `json:"capacity_bytes,omitempty"`
	// WarningCelsius is the drive's warning temperature threshold (NVMe
	// WCTEMP, hwmon temp1_max); 0 when unknown.
	WarningCelsius float64 `json:"warning_celsius,omitempty"`
	// StoppedBecause says why the write ended: "cliff and steady state
	// measured", "proof volume written", "byte budget spent".
	StoppedBecause string `json:"stopped_because,omitempty"`
	// PeakBytesPerSecond is the fastest interval (the cache burst).
	PeakBytesPerSecond float64 `json:"peak_bytes_per_second"`
	// SteadyBytesPerSecond is the median of the steady intervals: those
	// after the cliff when there is one, else the last third.
	SteadyBytesPerSecond float64 `json:"steady_bytes_per_second"`
	// SteadyNs and SteadyBytes are how long and how much the steady
	// intervals wrote.
	SteadyNs    int64 `json:"steady_ns"`
	SteadyBytes int64 `json:"steady_bytes"`
	// Cliff is nil when throughput never stayed below half the peak.
	Cliff    *Cliff  `json:"cliff,omitempty"`
	Timeline []Point `json:"timeline"`
}

// Cliff detection parameters.
//
// CliffFraction: a cache running out drops a drive's write speed to well
// under half. TechPowerUp's pSLC cache tests (1 MB sequential writes to an
// erased drive, sampled twice a second) show ADATA XPG Atom 50 1 TB
// 4.5 -> 2 GB/s (44 %), Neo Forza NFP075 1 TB 3 -> 1 GB/s (33 %), and on
// SATA Kingston HyperX Fury 480 GB 500 -> 150 MB/s (30 %); Samsung
// specifies the 870 QVO 4 TB at 530 MB/s in TurboWrite and 160 MB/s after
// (30 %; KitGuru measured 487 and 169 MB/s). Some drives step down twice
// and the first step can stay above half (Lexar NM800 Pro 2 TB 3.5 ->
// 2.2 GB/s, 63 %, then 1.0 GB/s, 29 %): the cliff is then the second
// step, and the steady state after it is the honest score. Half is also
// far outside the interval-to-interval variation of a drive writing
// steadily (a whole row counts as noisy above 5 % CV).
//
// CliffHold: 8 of the 250 ms intervals. A dip that short is a flush or a
// garbage-collection stall, which the drives above recover from within a
// few intervals; a cache running out lasts from minutes to the end of the
// fill in the same tests.
const (
	CliffFraction = 0.5
	CliffHold     = 2 * time.Second
)

// Enough steady state after a cliff: SteadyMinDuration of writing, or
// SteadyMinShare of everything written (but never under SteadyFloor, so a
// median is taken over more than a handful of intervals).
const (
	SteadyMinDuration = 30 * time.Second
	SteadyMinShare    = 0.10
	SteadyFloor       = 8 * time.Second
)

// ThermalWindow is how close to a cliff the temperature must reach the
// warning threshold for the drop to count as thermal throttling: drives
// throttle within seconds of crossing it.
const ThermalWindow = 5 * time.Second

// PlateauWidth is how many intervals PlateauPeak takes the median of.
const PlateauWidth = 4

// PlateauPeak is the highest median of PlateauWidth consecutive intervals
// (1 s): the speed the drive held, not its fastest moment. A timeline
// shorter than that gives the median of what there is.
func PlateauPeak(tl []Point) float64 {
	if len(tl) < PlateauWidth {
		return windowMedian(tl)
	}
	var best float64
	for i := 0; i+PlateauWidth <= len(tl); i++ {
		best = max(best, windowMedian(tl[i:i+PlateauWidth]))
	}
	return best
}

// windowMedian is the median throughput of the points, 0 for none.
func windowMedian(w []Point) float64 {
	v := make([]float64, len(w))
	for i, p := range w {
		v[i] = p.BytesPerSecond
	}
	return stats.Median(v)
}

// Peak is the highest throughput in the timeline, 0 for none.
func Peak(tl []Point) float64 {
	var p float64
	for _, pt := range tl {
		p = max(p, pt.BytesPerSecond)
	}
	return p
}

// SteadyTail returns the intervals whose median is the steady state: from
// the cliff on when there is one, else the last third of the timeline (at
// least one point).
func SteadyTail(tl []Point, cliff *Cliff) []Point {
	if len(tl) == 0 {
		return nil
	}
	if cliff != nil {
		for i, p := range tl {
			if p.ElapsedNs == cliff.ElapsedNs {
				return tl[i:]
			}
		}
	}
	n := max(1, len(tl)/3)
	return tl[len(tl)-n:]
}

// SteadyState is the median throughput of SteadyTail.
func SteadyState(tl []Point, cliff *Cliff) float64 {
	return windowMedian(SteadyTail(tl, cliff))
}

// SteadySpan is how long the steady intervals lasted and how much they
// wrote.
func SteadySpan(tl []Point, cliff *Cliff) (time.Duration, int64) {
	tail := SteadyTail(tl, cliff)
	if len(tail) == 0 {
		return 0, 0
	}
	i := len(tl) - len(tail)
	began, before := int64(0), int64(0)
	if i > 0 {
		began, before = tl[i-1].ElapsedNs, tl[i-1].WrittenBytes
	} else {
		// The first interval began one interval in; bytes before it were
		// the warm-up's.
		began = tl[0].ElapsedNs - intervalBefore(tl, 0)
		before = tl[0].WrittenBytes - int64(tl[0].BytesPerSecond*time.Duration(intervalBefore(tl, 0)).Seconds())
	}
	last := tail[len(tail)-1]
	return time.Duration(last.ElapsedNs - began), last.WrittenBytes - before
}

// SteadyEnough reports whether the timeline holds enough steady state
// after its cliff to score it: SteadyMinDuration, or SteadyMinShare of all
// bytes written and at least SteadyFloor. Without a cliff it is false.
func SteadyEnough(tl []Point, cliff *Cliff) bool {
	if cliff == nil || len(tl) == 0 {
		return false
	}
	d, b := SteadySpan(tl, cliff)
	written := tl[len(tl)-1].WrittenBytes
	return d >= SteadyMinDuration || d >= SteadyFloor && float64(b) >= SteadyMinShare*float64(written)
}

// FindCliff returns where throughput fell below fraction × the plateau
// peak for good: the first point of a drop that lasted at least hold (by
// the points' elapsed times) and from which the throughput never
// recovered for hold or longer. It returns nil when there is no such
// drop. A dip shorter than hold — a flush, a GC pause — is not a cliff;
// neither is a slowdown the drive recovered from (another process sharing
// the disk), nor a drop the run ended before it could last hold. Short
// recoveries after a cliff (a drive freeing some SLC in bursts) do not
// undo it.
//
// The peak it measures against is PlateauPeak, not the single fastest
// interval: on a noisy device one lucky 250 ms interval would otherwise
// make every ordinary dip look like a cliff.
func FindCliff(tl []Point, fraction float64, hold time.Duration) *Cliff {
	cliff := -1    // start of the confirmed drop in effect
	below := -1    // start of the current run below the limit
	recovery := -1 // start of the current run at or above it
	var plateau float64
	for i, p := range tl {
		// The peak so far: a drop is measured against what came before
		// it, so a disk that starts slow and speeds up has no cliff, and
		// the answer mid-run is the answer at the end.
		plateau = max(plateau, windowMedian(tl[max(0, i-PlateauWidth+1):i+1]))
		limit := fraction * plateau
		if p.BytesPerSecond >= limit {
			below = -1
			if recovery < 0 {
				recovery = i
			}
			if cliff >= 0 && spanFrom(tl, recovery, i) >= hold {
				cliff = -1 // it recovered: that was a slowdown, not a cliff
			}
			continue
		}
		recovery = -1
		if below < 0 {
			below = i
		}
		if cliff < 0 && spanFrom(tl, below, i) >= hold {
			cliff = below
		}
	}
	if cliff < 0 {
		return nil
	}
	c := tl[cliff]
	return &Cliff{ElapsedNs: c.ElapsedNs, WrittenBytes: c.WrittenBytes, BytesPerSecond: c.BytesPerSecond}
}

// spanFrom is the time from the start of interval i to the end of j.
func spanFrom(tl []Point, i, j int) time.Duration {
	return time.Duration(tl[j].ElapsedNs - (tl[i].ElapsedNs - intervalBefore(tl, i)))
}

// CliffCause tells a cache cliff from thermal throttling: the drop is
// thermal when the drive's temperature was at or above warning within
// ThermalWindow of the cliff (either side). Without a warning threshold or
// any temperature near the cliff it is a cache cliff: heat cannot be
// shown, and an SLC cache running out is what a sustained write finds.
func CliffCause(tl []Point, cliff *Cliff, warning float64) string {
	if cliff == nil {
		return ""
	}
	if warning <= 0 {
		return CauseCache
	}
	w := ThermalWindow.Nanoseconds()
	for _, p := range tl {
		if p.TemperatureCelsius == nil || p.ElapsedNs < cliff.ElapsedNs-w || p.ElapsedNs > cliff.ElapsedNs+w {
			continue
		}
		if *p.TemperatureCelsius >= warning {
			return CauseThermal
		}
	}
	return CauseCache
}

// MaxTemperature is the hottest reading in the timeline; ok is false when
// no point has one.
func MaxTemperature(tl []Point) (celsius float64, ok bool) {
	for _, p := range tl {
		if p.TemperatureCelsius != nil && (!ok || *p.TemperatureCelsius > celsius) {
			celsius, ok = *p.TemperatureCelsius, true
		}
	}
	return celsius, ok
}

func intervalBefore(tl []Point, i int) int64 {
	if i == 0 {
		return tl[0].ElapsedNs
	}
	return tl[i].ElapsedNs - tl[i-1].ElapsedNs
}
