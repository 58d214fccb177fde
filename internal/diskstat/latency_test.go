package diskstat

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// streams are synthetic latency distributions shaped like what disks and
// page caches produce, including the heavy tails that break naive tools.
func streams() map[string][]int64 {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func(n int, f func() float64) []int64 {
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(f())
		}
		return v
	}
	return map[string][]int64{
		"single":       {87_000},
		"constant":     gen(1000, func() float64 { return 50_000 }),
		"uniform":      gen(50_000, func() float64 { return 20_000 + rng.Float64()*80_000 }),
		"lognormal":    gen(100_000, func() float64 { return math.Exp(11 + 0.5*rng.NormFloat64()) }),
		"bimodal":      gen(100_000, func() float64 { return map[bool]float64{true: 500, false: 90_000}[rng.IntN(10) < 9] }),
		"stall-tail":   append(gen(20_000, func() float64 { return 80_000 }), 2_000_000_000),
		"page-cache":   gen(10_000, func() float64 { return 400 + rng.ExpFloat64()*600 }),
		"out-of-range": {0, -5, 70_000_000_000, 100},
	}
}

func TestPercentilesMonotoneWithinMinMax(t *testing.T) {
	for name, stream := range streams() {
		t.Run(name, func(t *testing.T) {
			r := NewRecorder()
			for _, v := range stream {
				r.Record(v)
			}
			s, err := r.Summary(1e9)
			if err != nil {
				t.Fatal(err)
			}
			vals := s.Values()
			if !slices.IsSorted(vals) {
				t.Errorf("percentiles not monotone: %v", vals)
			}
			for i, v := range vals {
				if v < s.MinNs || v > s.MaxNs {
					t.Errorf("p%v = %d outside [min %d, max %d]", Percentiles[i], v, s.MinNs, s.MaxNs)
				}
			}
			if s.MeanNs < float64(s.MinNs) || s.MeanNs > float64(s.MaxNs) {
				t.Errorf("mean %v outside [%d, %d]", s.MeanNs, s.MinNs, s.MaxNs)
			}
			if s.Count != int64(len(stream)) {
				t.Errorf("count %d, want %d", s.Count, len(stream))
			}
		})
	}
}

// TestPercentilesMatchExact checks the histogram's percentiles against the
// exact order statistics of the stream, to the histogram's precision.
func TestPercentilesMatchExact(t *testing.T) {
	for name, stream := range streams() {
		if name == "out-of-range" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			r := NewRecorder()
			for _, v := range stream {
				r.Record(v)
			}
			s, _ := r.Summary(0)
			sorted := slices.Clone(stream)
			slices.Sort(sorted)
			for i, q := range Percentiles {
				// Nearest rank, rounded as the histogram rounds it.
				rank := int(q/100*float64(len(sorted))+0.5) - 1
				want := float64(sorted[max(rank, 0)])
				got := float64(s.Values()[i])
				if math.Abs(got-want) > want*2e-3+1 {
					t.Errorf("p%v = %v, exact %v", q, got, want)
				}
			}
			if s.MinNs != sorted[0] || s.MaxNs != sorted[len(sorted)-1] {
				t.Errorf("min/max %d/%d, exact %d/%d", s.MinNs, s.MaxNs, sorted[0], sorted[len(sorted)-1])
			}
		})
	}
}

func TestMergeEqualsSingleRecorder(t *testing.T) {
	stream := streams()["lognormal"]
	whole, a, b := NewRecorder(), NewRecorder(), NewRecorder()
	for i, v := range stream {
		whole.Record(v)
		if i%3 == 0 {
			a.Record(v)
		} else {
			b.Record(v)
		}
	}
	a.Merge(b)
	a.Merge(NewRecorder())
	sw, _ := whole.Summary(1e9)
	sm, _ := a.Summary(1e9)
	if sw.Count != sm.Count || sw.MinNs != sm.MinNs || sw.MaxNs != sm.MaxNs || !slices.Equal(sw.Values(), sm.Values()) {
		t.Errorf("merged %+v\nwhole  %+v", sm, sw)
	}
	if math.Abs(sw.MeanNs-sm.MeanNs) > 1e-6*sw.MeanNs || math.Abs(sw.StddevNs-sm.StddevNs) > 1e-6*sw.StddevNs {
		t.Errorf("mean/stddev merged %v/%v whole %v/%v", sm.MeanNs, sm.StddevNs, sw.MeanNs, sw.StddevNs)
	}
}

func TestEmptyRecorderIsAnError(t *testing.T) {
	if _, err := NewRecorder().Summary(1e9); err == nil {
		t.Error("empty recorder summarized without error")
	}
}

func TestIOPS(t *testing.T) {
	r := NewRecorder()
	for range 5000 {
		r.Record(100_000)
	}
	s, _ := r.Summary(500_000_000)
	if s.IOPS != 10_000 {
		t.Errorf("IOPS %v, want 10000", s.IOPS)
	}
}

func FuzzRecorder(f *testing.F) {
	f.Add(int64(1), int64(87_000), int64(5_000_000_000))
	f.Add(int64(-1), int64(0), int64(1<<62))
	f.Fuzz(func(t *testing.T, a, b, c int64) {
		r := NewRecorder()
		for _, v := range []int64{a, b, c, b} {
			r.Record(v)
		}
		s, err := r.Summary(1)
		if err != nil {
			t.Fatal(err)
		}
		vals := s.Values()
		if !slices.IsSorted(vals) || vals[0] < s.MinNs || vals[len(vals)-1] > s.MaxNs {
			t.Errorf("bad percentiles %v for min %d max %d", vals, s.MinNs, s.MaxNs)
		}
	})
}

// TestQuantileIntervalCoverage: for latencies drawn from a known
// distribution (exponential, mean 100 µs, true p99 = 100 µs·ln 100), the
// p99's interval covers the truth in ≥ 93 % of 500 simulated runs of 5000
// reads, and refuses to bound a p99 from too few reads.
func TestQuantileIntervalCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(99, 1))
	truth := 100_000 * math.Log(100)
	hits := 0
	for range 500 {
		r := NewRecorder()
		for range 5000 {
			r.Record(int64(100_000 * rng.ExpFloat64()))
		}
		lo, hi, ok := r.QuantileInterval(0.99)
		if !ok {
			t.Fatal("no interval from 5000 reads")
		}
		// The histogram keeps 3 significant digits: allow its rounding.
		if float64(lo)*(1-1e-3) <= truth && truth <= float64(hi)*(1+1e-3) {
			hits++
		}
	}
	if c := float64(hits) / 500; c < 0.93 {
		t.Errorf("p99 interval covered %.1f%%, want ≥ 93%%", 100*c)
	}
	few := NewRecorder()
	for i := range 300 {
		few.Record(int64(1000 + i))
	}
	if _, _, ok := few.QuantileInterval(0.99); ok {
		t.Error("bounded a p99 from 300 reads")
	}
}
