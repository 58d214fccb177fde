package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTool writes an executable shell script printing out.
func fakeTool(t *testing.T, out string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "run")
	if err := os.WriteFile(p, []byte("#!/bin/sh\nprintf '%s\\n' \""+out+"\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReferenceParsesUnits(t *testing.T) {
	tests := []struct {
		metric, out string
		want        float64
	}{
		{"BLAKE2-256", "BLAKE2-256 810.50 MiB/s", 810.5 * (1 << 20)},
		{"Copy", "Copy 20480 MiB/s", 20 << 30},
		{"SR25519-Verify", "SR25519-Verify 1000.00 KiB/s", 1000 << 10},
		{"Seq Write", "Seq Write 1.5 GiB/s", 1.5 * (1 << 30)},
	}
	for _, tt := range tests {
		got, err := reference(fakeTool(t, tt.out), t.TempDir(), tt.metric)
		if err != nil || got != tt.want {
			t.Errorf("%s: %v, %v; want %v", tt.out, got, err, tt.want)
		}
	}
	if _, err := reference(fakeTool(t, "Copy fast"), t.TempDir(), "Copy"); err == nil || !strings.Contains(err.Error(), "no line") {
		t.Errorf("unparsable output: err %v", err)
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	tests := []struct {
		ref    string
		rounds int
		want   string
	}{
		{"", 3, "SUBSTRATE_REF"},
		{"/nonexistent/run", 3, "not an executable file"},
		{fakeTool(t, "x"), 2, "at least 3"},
	}
	for _, tt := range tests {
		if err := run(tt.ref, "bin/hwqual", "", tt.rounds, []string{"Copy"}, false); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q, rounds %d): %v, want %q", tt.ref, tt.rounds, err, tt.want)
		}
	}
	if err := run(fakeTool(t, "x"), "bin/hwqual", "", 3, []string{"Nope"}, false); err == nil || !strings.Contains(err.Error(), `unknown metric "Nope"`) {
		t.Errorf("unknown metric: %v", err)
	}
}

func TestBand(t *testing.T) {
	for _, tt := range []struct {
		metric string
		lo, hi float64
		loaded bool
	}{{"BLAKE2-256", 0.95, 1.05, false}, {"Copy", 0.95, 1.05, false}, {"SR25519-Verify", 0.95, 1.05, false}, {"Seq Write", 0.90, 1.10, false}, {"Rnd Write", 0.90, 1.10, false},
		{"BLAKE2-256", 0.90, 1.10, true}, {"Seq Write", 0.90, 1.10, true}} {
		if lo, hi := band(tt.metric, tt.loaded); lo != tt.lo || hi != tt.hi {
			t.Errorf("%s (loaded %t): %.2f-%.2f, want %.2f-%.2f", tt.metric, tt.loaded, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestSpread(t *testing.T) {
	got, largest := spread([]float64{90, 100, 110})
	if got != "-10.0, +0.0, +10.0" || math.Abs(largest-10) > 1e-9 {
		t.Errorf("spread: %q %g, want \"-10.0, +0.0, +10.0\" 10", got, largest)
	}
	if got, largest := spread(nil); got != "-" || largest != 0 {
		t.Errorf("spread(nil): %q %g", got, largest)
	}
}
