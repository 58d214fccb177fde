// Package stats holds the order statistics hwqual takes of its samples: the
// median that scores rows, races kernels and finds plateaus, and the
// nearest-rank percentile of latency windows, and the runs' deviations from
// their mean. One definition, so that a
// "median" means the same figure in every package.
package stats

import (
	"math"
	"slices"
)

// Number is a sample type: float rates, integer nanoseconds, durations.
type Number interface {
	~int | ~int64 | ~float64
}

// Median returns the middle value of v, the mean of the two middle values
// when there is an even number of them, and 0 for none. v is left as it
// was: samples are a report's record, in the order taken.
func Median[T Number](v []T) float64 {
	n := len(v)
	if n == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return (float64(s[n/2-1]) + float64(s[n/2])) / 2
}

// Percentile returns the nearest-rank p-th percentile of v (0 < p ≤ 100):
// the smallest value with at least p % of the values at or below it, which
// is always one of the samples (no interpolation). It returns 0 for none;
// v is left as it was.
func Percentile[T Number](v []T, p float64) T {
	n := len(v)
	if n == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	rank := int(math.Ceil(p * float64(n) / 100))
	return s[min(max(rank, 1), n)-1]
}

// DeviationsPercent returns each value's deviation from the values' mean,
// in per cent, and the largest deviation's size: how far runs of one
// measurement lie apart. Empty input gives nil and 0.
func DeviationsPercent(v []float64) (dev []float64, largest float64) {
	if len(v) == 0 {
		return nil, 0
	}
	var mean float64
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	dev = make([]float64, len(v))
	for i, x := range v {
		dev[i] = 100 * (x/mean - 1)
		largest = max(largest, math.Abs(dev[i]))
	}
	return dev, largest
}
