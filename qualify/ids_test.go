package qualify

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// TestTwoRunsHaveTheSameIDs: check ids come from the profile, the drives
// and the workers that ran, never from measured values, so two runs agree
// on the set; every id
// is unique within a report and every check has a kind.
func TestTwoRunsHaveTheSameIDs(t *testing.T) {
	p, err := profiles.Parse("ids.yaml", []byte(`name: ids
requirements:
  - metric: BLAKE2-256
    minimum: 1 KiB/s
  - metric: BLAKE2-256-Parallel
    workers: 2
    minimum: 1 KiB/s
  - metric: Rnd Write
    minimum: 1 KiB/s
  - rule: cpu.physical_cores >= 1
  - rule: cpu.max_mhz >= 1000 MHz
  - rule: cpu.max_mhz <= 9 GHz
  - firmware: nvme
`))
	if err != nil {
		t.Fatal(err)
	}
	run := func() []string {
		rep := Run(context.Background(), Options{
			Profile: p, Dir: t.TempDir(), TolerancePct: 10, Scratch: scratch.New(), Root: firmwareMachine("mixed"),
			Plan: bench.Plan{Warmup: time.Millisecond, MinSamples: 2, SampleTime: time.Millisecond},
		})
		var ids []string
		seen := map[string]bool{}
		for _, c := range rep.Checks {
			if c.ID == "" || seen[c.ID] {
				t.Errorf("%s: id %q empty or repeated", c.Function, c.ID)
			}
			seen[c.ID] = true
			want := map[model.CheckKind]bool{model.KindMetric: c.Numeric != nil, model.KindRule: c.Text != nil, model.KindFirmware: c.Text != nil}
			if ok, known := want[c.Kind]; !known || !ok {
				t.Errorf("%s: kind %q with numeric %v text %v", c.ID, c.Kind, c.Numeric != nil, c.Text != nil)
			}
			ids = append(ids, c.ID)
		}
		return ids
	}
	first, second := run(), run()
	want := []string{
		"metric:BLAKE2-256", "metric:BLAKE2-256-Parallel/2", "metric:Rnd Write",
		"rule:cpu.physical_cores", "rule:cpu.max_mhz>=1000MHz", "rule:cpu.max_mhz<=9GHz",
		"firmware:nvme/S6B0NL0W127373V", "firmware:nvme/S6B0NL0W201148K", "firmware:nvme/S7DSNJ0WA01234B", "firmware:nvme/23151L800123",
	}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("ids:\n got %q\nwant %q", first, want)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("second run's ids differ:\n%q\n%q", first, second)
	}
}
