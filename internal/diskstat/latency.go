package diskstat

import (
	"fmt"
	"math"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram range: 1 ns to 60 s at 3 significant digits (0.1 % bucket
// width), which covers a page-cache hit and a drive stalled for a minute.
const (
	lowestNs  = 1
	highestNs = 60_000_000_000
	sigDigits = 3
)

// Percentiles reported for every latency histogram.
var Percentiles = []float64{50, 90, 99, 99.9, 99.99}

// Recorder collects latencies. Percentiles come from its HDR histogram;
// min, max, mean and standard deviation are kept exactly beside it, and the
// percentiles are clamped to [min, max] so the histogram's bucket rounding
// can never put p99.99 above the largest latency seen.
type Recorder struct {
	h         *hdrhistogram.Histogram
	n         int64
	min, max  int64
	mean, m2  float64 // Welford's running mean and sum of squared deviations
	saturated int64
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder {
	return &Recorder{h: hdrhistogram.New(lowestNs, highestNs, sigDigits), min: math.MaxInt64}
}

// Record adds one latency in nanoseconds. Values outside the histogram's
// range are clamped into it and counted as saturated.
func (r *Recorder) Record(ns int64) {
	v := ns
	if v < lowestNs || v > highestNs {
		v = min(max(v, lowestNs), highestNs)
		r.saturated++
	}
	_ = r.h.RecordValue(v) // in range by construction
	r.n++
	r.min, r.max = min(r.min, v), max(r.max, v)
	d := float64(v) - r.mean
	r.mean += d / float64(r.n)
	r.m2 += d * (float64(v) - r.mean)
}

// Merge adds every latency of o, so concurrent workers can each record
// without locking and be combined once at the end.
func (r *Recorder) Merge(o *Recorder) {
	if o.n == 0 {
		return
	}
	r.h.Merge(o.h)
	n := r.n + o.n
	d := o.mean - r.mean
	r.mean += d * float64(o.n) / float64(n)
	r.m2 += o.m2 + d*d*float64(r.n)*float64(o.n)/float64(n)
	r.n = n
	r.min, r.max = min(r.min, o.min), max(r.max, o.max)
	r.saturated += o.saturated
}

// Count is the number of latencies recorded.
func (r *Recorder) Count() int64 { return r.n }

// Latency summarizes a latency distribution; all values in nanoseconds.
type Latency struct {
	Count    int64   `json:"count"`
	MinNs    int64   `json:"min_ns"`
	MeanNs   float64 `json:"mean_ns"`
	StddevNs float64 `json:"stddev_ns"`
	P50Ns    int64   `json:"p50_ns"`
	P90Ns    int64   `json:"p90_ns"`
	P99Ns    int64   `json:"p99_ns"`
	P999Ns   int64   `json:"p99_9_ns"`
	P9999Ns  int64   `json:"p99_99_ns"`
	MaxNs    int64   `json:"max_ns"`
	// IOPS is Count over the measuring time.
	IOPS float64 `json:"iops"`
	// Saturated counts latencies outside 1 ns..60 s, clamped into range.
	Saturated int64 `json:"saturated,omitempty"`
	// SignificantDigits is the histogram's precision: percentiles are
	// exact to within 10^-digits of their value.
	SignificantDigits int `json:"significant_digits"`
}

// Summary returns the distribution's statistics. It fails on an empty
// recorder: a latency metric without a single read is not measured.
func (r *Recorder) Summary(elapsedNs int64) (Latency, error) {
	if r.n == 0 {
		return Latency{}, fmt.Errorf("no latencies recorded")
	}
	s := Latency{Count: r.n, MinNs: r.min, MaxNs: r.max, MeanNs: r.mean, Saturated: r.saturated, SignificantDigits: sigDigits}
	if r.n > 1 {
		s.StddevNs = math.Sqrt(r.m2 / float64(r.n-1))
	}
	dst := []*int64{&s.P50Ns, &s.P90Ns, &s.P99Ns, &s.P999Ns, &s.P9999Ns}
	for i, q := range Percentiles {
		*dst[i] = min(max(r.h.ValueAtPercentile(q), r.min), r.max)
	}
	if elapsedNs > 0 {
		s.IOPS = float64(r.n) / (float64(elapsedNs) / 1e9)
	}
	return s, nil
}

// Values returns the percentiles in the order of Percentiles.
func (l Latency) Values() []int64 { return []int64{l.P50Ns, l.P90Ns, l.P99Ns, l.P999Ns, l.P9999Ns} }

// QuantileInterval is a distribution-free 95 % confidence interval of the
// q-quantile (0 < q < 1) of the latencies: the count of latencies below
// the true quantile is binomial(n, q), so the order statistics at ranks
// nq ∓ 1.96·√(nq(1−q)) (normal approximation, good once nq(1−q) ≥ 10,
// a few thousand reads for p99) bound it with about 95 % probability. It
// reports false when there are too few latencies for that, which is when
// the slowest reads alone decide the percentile.
func (r *Recorder) QuantileInterval(q float64) (lo, hi int64, ok bool) {
	n := float64(r.n)
	spread := 1.959963984540054 * math.Sqrt(n*q*(1-q))
	if n*q*(1-q) < 10 {
		return 0, 0, false
	}
	j, k := math.Floor(n*q-spread), math.Ceil(n*q+spread)+1
	if j < 1 || k > n {
		return 0, 0, false
	}
	at := func(rank float64) int64 { return min(max(r.h.ValueAtPercentile(100*rank/n), r.min), r.max) }
	return at(j), at(k), true
}
