package burnin

import (
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// A PASS needs evidence: a watch the verdict relies on that was unknown
// for the whole run makes it INCOMPLETE, unless the report accepts
// unknowns (then they are listed as warnings beside the PASS); a
// verification error is a FAIL either way.
func TestVerdictNeedsEvidence(t *testing.T) {
	now := time.Now().UTC()
	mce := uint64(0)
	all := func() *model.BurnIn {
		c := model.Counters{Time: now, EDAC: []model.EDACCounts{{Name: "mc0"}}, MCE: &mce,
			NVMe: []model.NVMeCounters{{Name: "nvme0", Serial: "S1"}}}
		return &model.BurnIn{Baseline: &c, Latest: &c, Timelines: model.Timelines{
			Frequency:   []model.FreqSample{{Time: now, Phase: "cpu", MHz: []int{4500}, MaxMHz: []int{4500}}},
			Temperature: []model.TempSample{{Time: now, Phase: "cpu", Celsius: map[string]float64{"k10temp/Tctl": 70}}},
		}}
	}
	vm := func() *model.BurnIn {
		c := model.Counters{Time: now}
		return &model.BurnIn{Baseline: &c, Latest: &c, Unknown: []string{
			"thermal throttle counts: not revealed by this machine: no thermal_throttle counters (Intel only)",
			"ECC (EDAC) counts: not revealed by this machine: no EDAC memory controller",
			"machine-check count: not revealed by this machine: no MCE row",
			"NVMe SMART: not revealed by this machine: no NVMe controllers",
			"core frequency: not revealed by this machine: no cpufreq",
			"temperatures: not revealed by this machine: no /sys/class/hwmon",
		}}
	}
	diskError := model.VerifyError{Time: now, Kind: "disk", Test: "corrupted data, final full read", Fault: FaultCorrupted, Where: "f block 3", Offset: 3<<20 + 5}
	for _, tc := range []struct {
		name    string
		rep     func() *model.BurnIn
		edit    func(b *model.BurnIn)
		want    model.Status
		unknown []string // Where of each unknown, in order
		sev     model.Status
	}{
		{"every watch read", all, nil, model.StatusPass, nil, ""},
		{"VM", vm, nil, model.StatusIncomplete,
			[]string{"throttling", watchTemps, watchEDAC, watchMCE, watchNVMe}, model.StatusIncomplete},
		{"VM, accepted", vm, func(b *model.BurnIn) { b.AcceptUnknown = true }, model.StatusPass,
			[]string{"throttling", watchTemps, watchEDAC, watchMCE, watchNVMe}, model.StatusWarn},
		{"VM with a disk error", vm, func(b *model.BurnIn) { b.Errors, b.ErrorCount = []model.VerifyError{diskError}, 1 }, model.StatusFail,
			[]string{"throttling", watchTemps, watchEDAC, watchMCE, watchNVMe}, model.StatusIncomplete},
		{"throttle counts stand for frequency", all, func(b *model.BurnIn) {
			b.Timelines.Frequency = nil
			b.Latest.Throttle = &model.ThrottleRead{}
		}, model.StatusPass, nil, ""},
		{"no ECC", all, func(b *model.BurnIn) {
			c := *b.Latest
			c.EDAC = nil
			b.Baseline, b.Latest = &c, &c
			b.Unknown = []string{"ECC (EDAC) counts: not revealed by this machine: no EDAC memory controller"}
		}, model.StatusIncomplete, []string{watchEDAC}, model.StatusIncomplete},
		{"no ECC, a warning", all, func(b *model.BurnIn) {
			c := *b.Latest
			c.EDAC = nil
			b.Baseline, b.Latest = &c, &c
			b.Timelines.Quick = []model.QuickSample{{Metric: "Copy", Score: 100}, {Metric: "Copy", Score: 50}, {Metric: "Copy", Score: 50}}
		}, model.StatusIncomplete, []string{watchEDAC}, model.StatusIncomplete},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.rep()
			if tc.edit != nil {
				tc.edit(b)
			}
			v := Evaluate(b)
			if v.Result != tc.want {
				t.Fatalf("result %s, want %s: %+v", v.Result, tc.want, v)
			}
			if len(v.Unknown) != len(tc.unknown) {
				t.Fatalf("unknown %+v, want %v", v.Unknown, tc.unknown)
			}
			for i, u := range v.Unknown {
				if u.Where != tc.unknown[i] || u.Severity != tc.sev || u.Check != "unknown-watch" {
					t.Errorf("unknown %d: %+v, want %s %s", i, u, tc.unknown[i], tc.sev)
				}
			}
			// The reason the machine gave is the evidence.
			if len(b.Unknown) > 0 && len(v.Unknown) > 0 && !strings.Contains(v.Unknown[0].Evidence, "not revealed by this machine") {
				t.Errorf("evidence without the reason: %s", v.Unknown[0].Evidence)
			}
		})
	}
}

// Corrected machine checks the kernel logged (not only MCE interrupts)
// warn, each naming its source; a count that stayed put does not.
func TestVerdictMachineCheckSources(t *testing.T) {
	now := time.Now().UTC()
	mce := uint64(0)
	counters := func(corrected uint64) *model.Counters {
		return &model.Counters{Time: now, MCE: &mce, MachineChecks: []model.MachineCheckCount{
			{Source: "/proc/interrupts", Kind: "exceptions", Count: 0},
			{Source: "/dev/kmsg", Kind: "corrected_records", Count: corrected, LastSeq: 100 + corrected},
		}}
	}
	for _, tc := range []struct {
		name      string
		corrected uint64
		want      int
	}{{"none new", 0, 0}, {"four corrected", 4, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			b := &model.BurnIn{Baseline: counters(0), Latest: counters(tc.corrected), AcceptUnknown: true}
			var got []model.Finding
			for _, f := range Evaluate(b).Findings {
				if f.Check == "machine-check" {
					got = append(got, f)
				}
			}
			if len(got) != tc.want {
				t.Fatalf("machine-check findings %+v, want %d", got, tc.want)
			}
			if tc.want > 0 && (got[0].Severity != model.StatusWarn || !strings.Contains(got[0].Evidence, "/dev/kmsg corrected_records 0 → 4 (+4)")) {
				t.Errorf("finding %+v", got[0])
			}
		})
	}
}
