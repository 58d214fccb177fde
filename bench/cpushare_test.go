package bench

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/units"
)

func TestCPUShareReport(t *testing.T) {
	tests := []struct {
		name     string
		in       Sampled
		wantNote bool
		wantCPU  float64
	}{
		{"idle", Sampled{Rates: []float64{100, 100, 100}, CPUShares: []float64{1, 1, 0.99}}, false, 300 / 2.99},
		{"busy", Sampled{Rates: []float64{50, 50, 50}, CPUShares: []float64{0.5, 0.5, 0.5}}, true, 100},
		{"no cpu clock", Sampled{Rates: []float64{1}}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notes, extra := cpuShareReport(tt.in, units.BytesPerSecond)
			if (len(notes) > 0) != tt.wantNote {
				t.Errorf("notes %q, want note %v", notes, tt.wantNote)
			}
			if got := extra["cpu_time_bytes_per_second"]; math.Abs(got-tt.wantCPU) > 1e-9*tt.wantCPU {
				t.Errorf("cpu-time rate %v, want %v", got, tt.wantCPU)
			}
			if tt.wantNote && !strings.Contains(notes[0], "50%") {
				t.Errorf("note %q does not give the share", notes[0])
			}
		})
	}
}

// TestMeasureRecordsThreadShares checks on a real busy loop that every
// sample gets a CPU share in (0, 1] on platforms with a thread CPU clock.
func TestMeasureRecordsThreadShares(t *testing.T) {
	if _, ok := threadCPUTime(); !ok {
		t.Skip("no per-thread CPU clock on this platform")
	}
	plan := Plan{Warmup: time.Millisecond, MinSamples: 3, SampleTime: 2 * time.Millisecond}
	x := 0
	s, err := Measure(context.Background(), plan, EstimatorMedian, Pass(1, func() error {
		for i := range 10000 {
			x += i
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.CPUShares) != len(s.Rates) || len(s.Rates) < 3 {
		t.Fatalf("%d rates, %d shares", len(s.Rates), len(s.CPUShares))
	}
	for _, sh := range s.CPUShares {
		if sh <= 0 || sh > 1 {
			t.Errorf("share %v outside (0, 1]", sh)
		}
	}
	_ = x
}
