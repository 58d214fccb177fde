package bench

import (
	"math"
	"slices"

	"github.com/hwqual/hwqual/internal/stats"
)

// NoisyCV is the coefficient of variation above which a result is marked
// noisy: its median may move between runs by more than a profile's margin.
const NoisyCV = 0.05

// Stats summarizes a metric's samples. All values are in the metric's base
// unit except CV, which is a ratio.
type Stats struct {
	N      int
	Median float64
	Min    float64
	Max    float64
	Mean   float64
	Stddev float64
	// CV is the coefficient of variation, Stddev/Mean.
	CV float64
}

// Noisy reports whether the samples vary too much to trust the median alone.
func (s Stats) Noisy() bool { return s.CV > NoisyCV }

// Summarize computes statistics over samples (the median among them; the
// score is Result.Estimate's).
// It returns the zero Stats for no samples.
func Summarize(samples []float64) Stats {
	n := len(samples)
	if n == 0 {
		return Stats{}
	}
	sorted := sortedCopy(samples)
	s := Stats{N: n, Min: sorted[0], Max: sorted[n-1], Median: stats.Median(sorted)}
	var sum float64
	for _, v := range sorted {
		sum += v
	}
	s.Mean = sum / float64(n)
	if n > 1 {
		var sq float64
		for _, v := range sorted {
			sq += (v - s.Mean) * (v - s.Mean)
		}
		s.Stddev = math.Sqrt(sq / float64(n-1))
	}
	if s.Mean != 0 {
		s.CV = s.Stddev / math.Abs(s.Mean)
	}
	return s
}

// sortedCopy returns the samples in ascending order, leaving them as they
// were (they are the report's record, in the order taken).
func sortedCopy(samples []float64) []float64 {
	sorted := slices.Clone(samples)
	slices.Sort(sorted)
	return sorted
}
