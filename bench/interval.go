package bench

import (
	"math"

	"github.com/hwqual/hwqual/internal/stats"
)

// Estimator names how a row's score is made from its samples. Every sample
// is a rate measured over one window of the sampling loop (about
// Plan.SampleTime of wall time, a whole number of workload iterations).
type Estimator string

const (
	// EstimatorMedian scores the median of the samples: the undisturbed
	// figure, which keeps the moments the machine left the workload alone.
	// hwqual's own rows use it (Copy-Parallel, the direct-I/O rows). Its
	// interval comes from order statistics (see medianInterval).
	EstimatorMedian Estimator = "median"
	// EstimatorWholeWindow is Substrate's estimator: the total work over the
	// total elapsed wall time of all windows, what sc-sysinfo's benchmark()
	// returns for one window as long as the whole measurement. A busy
	// machine's lost moments count, as they do for polkadot. Rows named
	// after a Substrate benchmark use it. Its interval comes from the
	// windows as batch means (see wholeWindowInterval).
	EstimatorWholeWindow Estimator = "whole_window"
)

// CILevel is the confidence of every interval hwqual reports.
const CILevel = 0.95

// Estimate is a score and its 95 % confidence interval. Level is 0 when
// the samples cannot bound the score (too few of them); Low and High are
// then the score itself.
type Estimate struct {
	Score     float64
	Low, High float64
	Level     float64
}

// Bounded reports whether the estimate has an interval.
func (e Estimate) Bounded() bool { return e.Level > 0 }

// Within reports whether the interval lies within ±rel of the score.
func (e Estimate) Within(rel float64) bool {
	if !e.Bounded() || e.Score == 0 {
		return false
	}
	return e.Low >= e.Score*(1-rel) && e.High <= e.Score*(1+rel)
}

// Contains reports whether v lies inside the interval.
func (e Estimate) Contains(v float64) bool {
	return e.Bounded() && e.Low <= v && v <= e.High
}

// HalfWidth is the larger distance from the score to an interval end, as a
// fraction of the score: the ± an operator reads.
func (e Estimate) HalfWidth() float64 {
	if !e.Bounded() || e.Score == 0 {
		return math.Inf(1)
	}
	return max(e.Score-e.Low, e.High-e.Score) / math.Abs(e.Score)
}

// EstimateSamples scores samples with est. seconds are the windows' wall times,
// used by EstimatorWholeWindow; when they are missing (a module that does
// not report them) every window counts the same.
func EstimateSamples(samples, seconds []float64, est Estimator) Estimate {
	if est == EstimatorWholeWindow {
		return wholeWindowInterval(samples, seconds)
	}
	return medianInterval(samples)
}

// minIntervalSamples is the fewest samples for which the order-statistics
// interval of a median reaches 95 %: with 6 samples the range [x(1), x(6)]
// covers the median with probability 1 − 2/2⁶ = 96.9 %; with 5 it is only
// 93.8 %. The whole-window interval uses the same minimum so every row
// needs as many windows.
const minIntervalSamples = 6

// medianInterval is the median and its distribution-free 95 % interval from
// order statistics: the number of samples below the true median is
// binomial(n, ½) whatever the samples' distribution, so [x(k), x(n+1−k)]
// with the largest k whose tail P(B ≤ k−1) ≤ 2.5 % covers the median with
// at least 95 % probability. Benchmark samples are not normal (a long
// tail of descheduled samples on one side), which rules out a t-interval
// on the median; a bootstrap of the median is unreliable at the 6–60
// samples a row takes (it resamples a handful of distinct values).
func medianInterval(samples []float64) Estimate {
	n := len(samples)
	if n == 0 {
		return Estimate{}
	}
	sorted := sortedCopy(samples)
	e := Estimate{Score: stats.Median(sorted)}
	e.Low, e.High = e.Score, e.Score
	k := orderStatRank(n, (1-CILevel)/2)
	if n < minIntervalSamples || k < 1 {
		return e
	}
	e.Low, e.High, e.Level = sorted[k-1], sorted[n-k], CILevel
	return e
}

// orderStatRank is the largest k (1-based) with P(B ≤ k−1) ≤ tail for B ~
// binomial(n, ½), or 0 when even P(B = 0) exceeds tail.
func orderStatRank(n int, tail float64) int {
	k := 0
	cdf := 0.0
	for i := 0; i < n; i++ {
		cdf += binomHalfPMF(n, i)
		if cdf > tail {
			break
		}
		k = i + 1
	}
	return k
}

// binomHalfPMF is P(B = i) for B ~ binomial(n, ½), through logarithms so
// thousands of samples do not overflow.
func binomHalfPMF(n, i int) float64 {
	ln, _ := math.Lgamma(float64(n + 1))
	li, _ := math.Lgamma(float64(i + 1))
	lni, _ := math.Lgamma(float64(n - i + 1))
	return math.Exp(ln - li - lni - float64(n)*math.Ln2)
}

// wholeWindowInterval is Substrate's score over all windows, R = Σwork /
// Σtime, with the 95 % interval of a ratio estimator over batch means:
// each window is one batch, its residual wᵢ − R·tᵢ, and
// se(R) = √(Σ(wᵢ − R·tᵢ)² / (n(n−1))) / t̄, R ± t(0.975, n−1)·se. This is the
// batch-means method for the long-run mean of a correlated series (each
// window is long against the workload's iteration, so windows are near
// independent and their means near normal); the ratio form handles
// windows of unequal length (a window ends after the iteration that
// crosses its time). The order-statistics interval would not do: it
// bounds the median of the windows, and on a machine with bursts of
// contention the whole-window score lies below that median.
func wholeWindowInterval(rates, seconds []float64) Estimate {
	n := len(rates)
	if n == 0 {
		return Estimate{}
	}
	if len(seconds) != n {
		seconds = nil
	}
	weight := func(i int) float64 {
		if seconds == nil {
			return 1
		}
		return seconds[i]
	}
	var work, elapsed float64
	for i, r := range rates {
		work += r * weight(i)
		elapsed += weight(i)
	}
	if elapsed <= 0 {
		return Estimate{}
	}
	e := Estimate{Score: work / elapsed}
	e.Low, e.High = e.Score, e.Score
	if n < minIntervalSamples {
		return e
	}
	var ss float64
	for i, r := range rates {
		d := (r - e.Score) * weight(i)
		ss += d * d
	}
	mean := elapsed / float64(n)
	se := math.Sqrt(ss/float64(n*(n-1))) / mean
	half := studentT975(n-1) * se
	e.Low, e.High, e.Level = e.Score-half, e.Score+half, CILevel
	return e
}

// t975 are Student's t 97.5 % quantiles for 1–30 degrees of freedom
// (standard tables, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
var t975 = [...]float64{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
	2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
	2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042}

// studentT975 is Student's t 97.5 % quantile for df degrees of freedom:
// the table to 30, then the Cornish–Fisher expansion around the normal
// quantile (Abramowitz & Stegun 26.7.5), within 10⁻⁴ of the exact value.
func studentT975(df int) float64 {
	if df < 1 {
		return math.Inf(1)
	}
	if df <= len(t975) {
		return t975[df-1]
	}
	const z = 1.959963984540054
	d := float64(df)
	return z + (z*z*z+z)/(4*d) + (5*math.Pow(z, 5)+16*z*z*z+3*z)/(96*d*d)
}
