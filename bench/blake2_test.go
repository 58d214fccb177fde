package bench

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestBlake2ModulesReportKernel runs both BLAKE2 modules for real on a tiny
// plan: they measure, name the calibrated kernel and carry x/crypto's rate.
func TestBlake2ModulesReportKernel(t *testing.T) {
	plan := Plan{Warmup: time.Millisecond, MinSamples: 2, SampleTime: time.Millisecond}
	for _, m := range []Module{blake2Single{}, blake2Parallel{}} {
		t.Run(m.Info().Name, func(t *testing.T) {
			res, err := m.Run(context.Background(), Config{Workers: 2, Plan: plan})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Samples) < 2 {
				t.Fatalf("%d samples, want at least 2", len(res.Samples))
			}
			if res.Extra["xcrypto_bytes_per_second"] <= 0 {
				t.Errorf("extra %v: no x/crypto reference", res.Extra)
			}
			if !strings.Contains(strings.Join(res.Notes, "\n"), "kernel ") {
				t.Errorf("notes %q do not name the kernel", res.Notes)
			}
		})
	}
}
