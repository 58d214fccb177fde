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
			if res.Extra["xcrypto_bytes_per_second"] <= 0 || res.Extra["capability_bytes_per_second"] <= 0 || res.Extra["capability_ratio"] <= 0 {
				t.Errorf("extra %v: no x/crypto reference", res.Extra)
			}
			if !strings.Contains(strings.Join(res.Notes, "\n"), "kernel ") {
				t.Errorf("notes %q do not name the kernel", res.Notes)
			}
		})
	}
}

// TestCapabilityReport checks the capability extras and the worded note
// above the 10 % gap, and no sentence below it.
func TestCapabilityReport(t *testing.T) {
	c := Capability{Kernel: "scalar-asm", Rate: 1.39 * (1 << 30), Ratio: 0.58, Faithful: "Substrate's AVX2 BLAKE2 path (blake2b_simd)", What: "BLAKE2"}
	notes, extra := c.report(810<<20, "bytes_per_second")
	if extra["capability_bytes_per_second"] != c.Rate || extra["capability_ratio"] != 0.58 {
		t.Errorf("extra %v", extra)
	}
	want := "Substrate's AVX2 BLAKE2 path (blake2b_simd) reaches 0.58× of this CPU's fastest BLAKE2 (scalar-asm, 1.39 GiBs); polkadot's own check reports the 810.00 MiBs shown"
	if len(notes) != 2 || notes[1] != want {
		t.Errorf("notes %q, want second %q", notes, want)
	}
	c.Ratio = 0.95
	if notes, _ := c.report(810<<20, "bytes_per_second"); len(notes) != 1 || !strings.HasPrefix(notes[0], "capability: scalar-asm 1.39 GiBs, the fastest kernel on this CPU (1.05×") {
		t.Errorf("within 10%%: notes %q", notes)
	}
}
