package profiles

import (
	"strings"
	"testing"
)

func sustainedYAML(extra string) string {
	return "name: t\ndescription: d\nrequirements:\n  - metric: Sustained Seq Write\n    minimum: 1800 MB/s\n" + extra
}

func TestProofVolume(t *testing.T) {
	tests := []struct {
		extra         string
		capacity, avl int64
		want          int64
	}{
		{"    proof_volume: 34 % of free space\n    proof_source: s\n", 8e12, 7e12, 2380e9},
		{"    proof_volume: 30% of capacity\n    proof_source: s\n", 8e12, 7e12, 2400e9},
		{"    proof_volume: 500 GB\n    proof_source: s\n", 8e12, 7e12, 500e9},
		{"    proof_volume: 2 GiB\n    proof_source: s\n", 8e12, 7e12, 2 << 30},
		{"", 8e12, 3e12, 1020e9}, // DefaultProof: 34 % of free space
	}
	for _, tt := range tests {
		p, err := Parse("p.yaml", []byte(sustainedYAML(tt.extra)))
		if err != nil {
			t.Fatalf("%q: %v", tt.extra, err)
		}
		if got := p.Requirements[0].ProofOrDefault().Resolve(tt.capacity, tt.avl); got != tt.want {
			t.Errorf("%q: proof %d, want %d", tt.extra, got, tt.want)
		}
	}
}

func TestProofVolumeErrors(t *testing.T) {
	tests := []struct {
		yaml, want string
	}{
		{sustainedYAML("    proof_volume: 34 % of the disk\n    proof_source: s\n"), `p.yaml:6: requirements[0].proof_volume: "34 % of the disk": a share is of "free space" or of "capacity"`},
		{sustainedYAML("    proof_volume: 0 % of free space\n    proof_source: s\n"), "p.yaml:6: requirements[0].proof_volume: \"0 % of free space\": the share must be a number above 0 and at most 100"},
		{sustainedYAML("    proof_volume: 500 GBs\n    proof_source: s\n"), "p.yaml:6: requirements[0].proof_volume: \"500 GBs\": want a positive size"},
		{sustainedYAML("    proof_volume: 500 GB\n"), "p.yaml:6: requirements[0].proof_source: missing"},
		{sustainedYAML("    proof_source: s\n"), "p.yaml:6: requirements[0].proof_source: needs a proof_volume"},
		{"name: t\ndescription: d\nrequirements:\n  - metric: Direct Seq Write\n    minimum: 1 GB/s\n    proof_volume: 5 GB\n    proof_source: s\n",
			"p.yaml:6: requirements[0].proof_volume: only Sustained Seq Write takes a proof volume"},
	}
	for _, tt := range tests {
		_, err := Parse("p.yaml", []byte(tt.yaml))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("error %v, want prefix %q", err, tt.want)
		}
	}
}

func TestBuiltinProfilesStateProofVolume(t *testing.T) {
	for _, name := range []string{"jam", "storage"} {
		p, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Requirements {
			if r.Metric == SustainedMetric && (r.Proof == nil || r.Proof.Source == "") {
				t.Errorf("%s: Sustained Seq Write without a sourced proof_volume", name)
			}
		}
	}
}
