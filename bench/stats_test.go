package bench

import (
	"math"
	"testing"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name    string
		samples []float64
		want    Stats
	}{
		{"empty", nil, Stats{}},
		{"one", []float64{5}, Stats{N: 1, Median: 5, Min: 5, Max: 5, Mean: 5}},
		{"odd unsorted", []float64{3, 1, 2}, Stats{N: 3, Median: 2, Min: 1, Max: 3, Mean: 2, Stddev: 1, CV: 0.5}},
		{"even", []float64{4, 1, 3, 2}, Stats{N: 4, Median: 2.5, Min: 1, Max: 4, Mean: 2.5, Stddev: math.Sqrt(5.0 / 3), CV: math.Sqrt(5.0/3) / 2.5}},
		{"constant", []float64{7, 7, 7, 7}, Stats{N: 4, Median: 7, Min: 7, Max: 7, Mean: 7}},
	}
	for _, tt := range tests {
		got := Summarize(tt.samples)
		if !closeStats(got, tt.want) {
			t.Errorf("%s: Summarize(%v) = %+v, want %+v", tt.name, tt.samples, got, tt.want)
		}
	}
}

func TestSummarizeDoesNotReorderSamples(t *testing.T) {
	s := []float64{3, 1, 2}
	Summarize(s)
	if s[0] != 3 || s[1] != 1 || s[2] != 2 {
		t.Fatalf("samples reordered: %v", s)
	}
}

func TestNoisy(t *testing.T) {
	if (Stats{CV: 0.05}).Noisy() {
		t.Error("CV of exactly 5% is not noisy")
	}
	if !(Stats{CV: 0.0501}).Noisy() {
		t.Error("CV above 5% is noisy")
	}
}

func closeStats(a, b Stats) bool {
	eq := func(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y)) }
	return a.N == b.N && eq(a.Median, b.Median) && eq(a.Min, b.Min) && eq(a.Max, b.Max) &&
		eq(a.Mean, b.Mean) && eq(a.Stddev, b.Stddev) && eq(a.CV, b.CV)
}
