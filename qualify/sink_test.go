package qualify

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// TestSinkSeesEachCheckAsItCompletes: every sink gets each check the
// moment it is judged (before the next metric starts), in profile order,
// and the report Run returns holds exactly the checks the sinks saw.
func TestSinkSeesEachCheckAsItCompletes(t *testing.T) {
	p, err := profiles.Parse("sink.yaml", []byte(`name: sink
requirements:
  - metric: BLAKE2-256
    minimum: 1 KiB/s
  - rule: cpu.physical_cores >= 1
  - metric: Copy
    minimum: 1 KiB/s
  - firmware: nvme
`))
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	var first, second []model.Check
	rep := Run(context.Background(), Options{
		Profile: p, TolerancePct: 10, Scratch: scratch.New(), Root: firmwareMachine("mixed"),
		Plan: bench.Plan{Warmup: time.Millisecond, MinSamples: 2, SampleTime: time.Millisecond},
		Progress: func(pr Progress) {
			if pr.Check == nil {
				events = append(events, "start "+pr.Info.Name)
			}
		},
		Sinks: []Sink{
			SinkFunc(func(c model.Check) { events = append(events, "check "+c.ID); first = append(first, c) }),
			SinkFunc(func(c model.Check) { second = append(second, c) }),
		},
	})
	want := "start BLAKE2-256, check metric:BLAKE2-256, check rule:cpu.physical_cores, start Copy, check metric:Copy, " +
		"check firmware:nvme/S6B0NL0W127373V, check firmware:nvme/S6B0NL0W201148K, check firmware:nvme/S7DSNJ0WA01234B, check firmware:nvme/23151L800123"
	if got := strings.Join(events, ", "); got != want {
		t.Errorf("events:\n got %s\nwant %s", got, want)
	}
	if !reflect.DeepEqual(first, rep.Checks) || !reflect.DeepEqual(second, rep.Checks) {
		t.Errorf("sinks saw %d and %d checks, report has %d", len(first), len(second), len(rep.Checks))
	}
}
