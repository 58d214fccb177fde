package metricnames

import (
	"slices"
	"testing"

	"github.com/hwqual/hwqual/internal/units"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name     string
		ok       bool
		kind     units.Kind
		parallel bool
	}{
		{"BLAKE2-256", true, units.BytesPerSecond, false},
		{"Copy-Parallel", true, units.BytesPerSecond, true},
		{"Read Latency p99", true, units.Nanoseconds, false},
		{"Direct Rnd Read", true, units.IOPS, false},
		{"Network Upload", true, units.BitsPerSecond, false},
		{"blake2-256", false, "", false}, // names are exact, as in Substrate's table
		{"", false, "", false},
	}
	for _, tt := range tests {
		m, ok := Lookup(tt.name)
		if ok != tt.ok || m.Kind != tt.kind || m.Parallel != tt.parallel {
			t.Errorf("Lookup(%q) = %+v, %v; want kind %q parallel %v, %v", tt.name, m, ok, tt.kind, tt.parallel, tt.ok)
		}
	}
}

func TestNamesUniqueAndInOrder(t *testing.T) {
	names := Names()
	if len(names) != len(All()) || names[0] != "BLAKE2-256" {
		t.Fatalf("names %v", names)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("%q listed twice", n)
		}
		seen[n] = true
	}
	if !slices.Contains(names, SustainedSeqWrite) {
		t.Errorf("%q missing", SustainedSeqWrite)
	}
}
