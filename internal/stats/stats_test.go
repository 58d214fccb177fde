package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		v    []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{7}, 7},
		{"odd, unsorted", []float64{5, 1, 3}, 3},
		{"even averages the middle two", []float64{4, 1, 3, 2}, 2.5},
		{"ties", []float64{2, 2, 2, 9}, 2},
		{"a long tail does not move it", []float64{10, 10.1, 9.9, 10.05, 0.1}, 10},
		{"negative", []float64{-3, -1, -2}, -2},
	}
	for _, tt := range tests {
		if got := Median(tt.v); got != tt.want {
			t.Errorf("%s: Median(%v) = %v, want %v", tt.name, tt.v, got, tt.want)
		}
	}
}

func TestMedianLeavesInputAlone(t *testing.T) {
	v := []float64{3, 1, 2}
	Median(v)
	Percentile(v, 50)
	if !slices.Equal(v, []float64{3, 1, 2}) {
		t.Errorf("input reordered to %v", v)
	}
}

func TestMedianOfIntegersAndDurations(t *testing.T) {
	if got := Median([]int64{1, 2, 3, 4}); got != 2.5 {
		t.Errorf("Median(int64 1..4) = %v, want 2.5", got)
	}
	if got := time.Duration(Median([]time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond})); got != 2*time.Millisecond {
		t.Errorf("Median(durations) = %v, want 2ms", got)
	}
}

// Known distributions: 1..n shuffled has median (n+1)/2 and nearest-rank
// p-th percentile ceil(p n / 100); a large uniform sample on [0, 1) has
// its median near 0.5 and its p99 near 0.99.
func TestKnownDistributions(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 7, 100, 101, 1000} {
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(i + 1)
		}
		rng.Shuffle(n, func(i, j int) { v[i], v[j] = v[j], v[i] })
		if got, want := Median(v), float64(n+1)/2; got != want {
			t.Errorf("n=%d: median %v, want %v", n, got, want)
		}
		for _, p := range []float64{1, 50, 90, 99, 99.9, 100} {
			want := int64((int(p*10)*n + 999) / 1000) // ceil(p n / 100) in integers
			want = max(want, 1)
			if got := Percentile(v, p); got != want {
				t.Errorf("n=%d: p%v = %d, want %d", n, p, got, want)
			}
		}
	}
	u := make([]float64, 100_001)
	for i := range u {
		u[i] = rng.Float64()
	}
	if m := Median(u); m < 0.49 || m > 0.51 {
		t.Errorf("uniform median %v, want near 0.5", m)
	}
	if p := Percentile(u, 99); p < 0.985 || p > 0.995 {
		t.Errorf("uniform p99 %v, want near 0.99", p)
	}
}

// The p99 of a latency window is what netperf's RTT rows report: rank
// ceil(0.99 n), written there as (99n + 99) / 100 in integers.
func TestPercentileMatchesIntegerNearestRank(t *testing.T) {
	for n := 1; n <= 1000; n++ {
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(i)
		}
		if got, want := Percentile(v, 99), v[(n*99+99)/100-1]; got != want {
			t.Fatalf("n=%d: p99 %d, want %d", n, got, want)
		}
	}
}

func TestDeviationsPercent(t *testing.T) {
	dev, largest := DeviationsPercent([]float64{90, 100, 110})
	want := []float64{-10, 0, 10}
	for i := range want {
		if math.Abs(dev[i]-want[i]) > 1e-9 {
			t.Errorf("deviation %d: %g, want %g", i, dev[i], want[i])
		}
	}
	if math.Abs(largest-10) > 1e-9 {
		t.Errorf("largest %g, want 10", largest)
	}
	if dev, largest := DeviationsPercent(nil); dev != nil || largest != 0 {
		t.Errorf("empty: %v %g", dev, largest)
	}
}
