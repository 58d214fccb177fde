package qualify

import (
	"errors"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/profiles"
)

func TestPlanSustained(t *testing.T) {
	prof := &profiles.Profile{Requirements: []profiles.Requirement{
		{Metric: "Read Latency p99"}, {Metric: profiles.SustainedMetric},
	}}
	info := &blockdev.Info{Disks: []blockdev.Disk{{Name: "nvme0n1", SizeBytes: 8e12}}}
	const total, avail = 7.9e12, 7e12 // floor: 790 GB

	quick, _ := bench.NewDiskOptions(false, 32)
	if err := PlanSustained(prof, quick, info, false, total, avail); err != nil {
		t.Fatal(err)
	}
	wantProof := roundUpMiB(int64(0.34 * avail))
	if quick.ProofBytes != wantProof || quick.SustainedBytes != bench.QuickSustainedBytes || quick.CapacityBytes != 8e12 {
		t.Errorf("quick: proof %d (want %d), plan %d, capacity %d", quick.ProofBytes, wantProof, quick.SustainedBytes, quick.CapacityBytes)
	}
	// The cap is the room above the floor, less the 1 GiB prefill the
	// latency row keeps beside the sustained file.
	if want := (int64(avail-790e9) - bench.QuickPrefillBytes) &^ (1<<20 - 1); quick.SustainedMaxBytes != want {
		t.Errorf("quick: cap %d, want %d", quick.SustainedMaxBytes, want)
	}
	if quick.ProofRule != "34 % of free space, 7.00 TB free" {
		t.Errorf("proof rule %q", quick.ProofRule)
	}

	full, _ := bench.NewDiskOptions(true, 32)
	if err := PlanSustained(prof, full, info, true, total, avail); err != nil {
		t.Fatal(err)
	}
	if full.SustainedBytes != wantProof {
		t.Errorf("--full plans %d, want the proof volume %d", full.SustainedBytes, wantProof)
	}

	// 90 % of an 8 TB drive cannot fit in 7 TB free less the floor.
	big := &profiles.Profile{Requirements: []profiles.Requirement{{Metric: profiles.SustainedMetric,
		Proof: &profiles.ProofVolume{Text: "90 % of capacity", Share: 0.9, Of: profiles.ProofOfCapacity}}}}
	o, _ := bench.NewDiskOptions(true, 32)
	err := PlanSustained(big, o, info, true, total, avail)
	if !errors.Is(err, ErrNoSpace) || !strings.Contains(err.Error(), "--full writes the sustained write's proof volume, 6705.5 GiB (90 % of capacity, 8.00 TB)") {
		t.Errorf("error %v: want the refusal with the numbers", err)
	}
	// The same profile runs quick: the plan is the quick budget.
	o, _ = bench.NewDiskOptions(false, 32)
	if err := PlanSustained(big, o, info, false, total, avail); err != nil {
		t.Errorf("quick: %v", err)
	}
}
