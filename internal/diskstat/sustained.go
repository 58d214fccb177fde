package diskstat

import (
	"slices"
	"time"
)

// Point is one interval of a sustained write: the throughput over the
// interval ending Elapsed after the start.
type Point struct {
	ElapsedNs      int64   `json:"elapsed_ns"`
	WrittenBytes   int64   `json:"written_bytes"`
	BytesPerSecond float64 `json:"bytes_per_second"`
}

// Cliff is where throughput fell below CliffFraction of the peak and
// stayed there for CliffHold: the drive's write cache ran out.
type Cliff struct {
	ElapsedNs      int64   `json:"elapsed_ns"`
	WrittenBytes   int64   `json:"written_bytes"`
	BytesPerSecond float64 `json:"bytes_per_second"`
}

// Sustained is the outcome of a sustained sequential write.
type Sustained struct {
	BudgetBytes  int64 `json:"budget_bytes"`
	WrittenBytes int64 `json:"written_bytes"`
	IntervalNs   int64 `json:"interval_ns"`
	// PeakBytesPerSecond is the fastest interval (the cache burst).
	PeakBytesPerSecond float64 `json:"peak_bytes_per_second"`
	// SteadyBytesPerSecond is the median of the last third of the
	// intervals: what a node sees after minutes of writing.
	SteadyBytesPerSecond float64 `json:"steady_bytes_per_second"`
	// Cliff is nil when throughput never stayed below half the peak.
	Cliff    *Cliff  `json:"cliff,omitempty"`
	Timeline []Point `json:"timeline"`
}

// Cliff detection parameters, as the issue states them.
const (
	CliffFraction = 0.5
	CliffHold     = 2 * time.Second
)

// Peak is the highest throughput in the timeline, 0 for none.
func Peak(tl []Point) float64 {
	var p float64
	for _, pt := range tl {
		p = max(p, pt.BytesPerSecond)
	}
	return p
}

// SteadyTail returns the last third of the timeline (at least one point):
// the intervals whose median is the steady-state throughput.
func SteadyTail(tl []Point) []Point {
	if len(tl) == 0 {
		return nil
	}
	n := max(1, len(tl)/3)
	return tl[len(tl)-n:]
}

// SteadyState is the median throughput of SteadyTail.
func SteadyState(tl []Point) float64 {
	tail := SteadyTail(tl)
	if len(tail) == 0 {
		return 0
	}
	v := make([]float64, len(tail))
	for i, p := range tail {
		v[i] = p.BytesPerSecond
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// FindCliff returns the first point from which throughput stays below
// fraction × peak for at least hold (measured by the points' elapsed
// times), or nil. A dip shorter than hold — a flush, a GC pause — is not a
// cliff, and neither is a drop the run ended before it could last hold.
func FindCliff(tl []Point, fraction float64, hold time.Duration) *Cliff {
	limit := fraction * Peak(tl)
	start := -1
	for i, p := range tl {
		if p.BytesPerSecond >= limit {
			start = -1
			continue
		}
		if start < 0 {
			start = i
		}
		// The interval ending at tl[start] began one interval earlier.
		began := tl[start].ElapsedNs - intervalBefore(tl, start)
		if time.Duration(p.ElapsedNs-began) >= hold {
			s := tl[start]
			return &Cliff{ElapsedNs: s.ElapsedNs, WrittenBytes: s.WrittenBytes, BytesPerSecond: s.BytesPerSecond}
		}
	}
	return nil
}

func intervalBefore(tl []Point, i int) int64 {
	if i == 0 {
		return tl[0].ElapsedNs
	}
	return tl[i].ElapsedNs - tl[i-1].ElapsedNs
}
