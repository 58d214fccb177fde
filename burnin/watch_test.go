package burnin

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// An EDAC counter change between two recorded sysfs trees is reported:
// corrected errors warn naming the DIMM's label, uncorrected ones fail.
func TestEDACChangeReported(t *testing.T) {
	before, unknown := ReadCounters("testdata/edac-before")
	if len(before.EDAC) != 5 {
		t.Fatalf("read %d EDAC rows, want 5 (2 controllers, 3 DIMMs): %+v", len(before.EDAC), before.EDAC)
	}
	if !containsPrefix(unknown, "NVMe SMART") || !containsPrefix(unknown, "thermal throttle") {
		t.Fatalf("unknown watches not named: %q", unknown)
	}
	after, _ := ReadCounters("testdata/edac-after")
	// These tests judge one watch each: the others' absence is accepted.
	rep := &model.BurnIn{Baseline: &before, Latest: &after, AcceptUnknown: true}
	v := Evaluate(rep)
	if v.Result != model.StatusWarn {
		t.Fatalf("verdict %s, want warn: %+v", v.Result, v.Findings)
	}
	var dimm *model.Finding
	for i, f := range v.Findings {
		if f.Check == "edac-ce" && strings.Contains(f.Where, "mc0/dimm1") {
			dimm = &v.Findings[i]
		}
	}
	if dimm == nil || !strings.Contains(dimm.Where, "P0_Node0_Channel1_Dimm0") || !strings.Contains(dimm.Evidence, "2 → 7 (+5)") {
		t.Fatalf("no corrected-ECC finding for mc0/dimm1 with label and counts: %+v", v.Findings)
	}

	ue, _ := ReadCounters("testdata/edac-ue")
	rep.Latest = &ue
	v = Evaluate(rep)
	if v.Result != model.StatusFail || !hasCheck(v, "edac-ue", "mc1/dimm0 (P0_Node0_Channel4_Dimm0)") {
		t.Fatalf("uncorrected error not a failure: %+v", v)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func hasCheck(v model.Verdict, check, where string) bool {
	for _, f := range v.Findings {
		if f.Check == check && f.Where == where {
			return true
		}
	}
	return false
}

// A recorded frequency and temperature trace, replayed through a sysfs
// tree the production watch reads, triggers the throttling warning for
// the core that fell, with the temperature as evidence; the core holding
// its all-core boost does not warn.
func TestThrottlingFromRecordedTrace(t *testing.T) {
	root := t.TempDir()
	write := func(rel, val string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(val+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for cpu := range 2 {
		write(fmt.Sprintf("sys/devices/system/cpu/cpu%d/cpufreq/cpuinfo_max_freq", cpu), "4500000")
	}
	write("sys/class/hwmon/hwmon0/name", "k10temp")
	write("sys/class/hwmon/hwmon0/temp1_label", "Tctl")

	r := &runner{cfg: Config{Root: root, Duration: time.Hour}, start: time.Now(), phase: "cpu", rep: &model.BurnIn{AcceptUnknown: true}}
	rows := readTrace(t, "testdata/throttle-trace.csv")
	for _, row := range rows {
		write("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", row[1])
		write("sys/devices/system/cpu/cpu1/cpufreq/scaling_cur_freq", row[2])
		write("sys/class/hwmon/hwmon0/temp1_input", row[3])
		r.sample()
	}
	tl := r.rep.Timelines
	if len(tl.Frequency) != len(rows) || len(tl.Temperature) != len(rows) {
		t.Fatalf("timelines: %d frequency, %d temperature samples, want %d", len(tl.Frequency), len(tl.Temperature), len(rows))
	}
	if got := tl.Frequency[4].MHz; got[0] != 3600 || got[1] != 4185 || tl.Frequency[4].MaxMHz[0] != 4500 {
		t.Fatalf("sample 4: %v max %v", got, tl.Frequency[4].MaxMHz)
	}
	v := Evaluate(r.rep)
	if v.Result != model.StatusWarn || len(v.Findings) != 1 {
		t.Fatalf("verdict %s with %+v, want one throttling warning", v.Result, v.Findings)
	}
	f := v.Findings[0]
	if f.Check != "throttling" || f.Where != "cpu0" ||
		!strings.Contains(f.Evidence, "lowest 3350 MHz") || !strings.Contains(f.Evidence, "k10temp/Tctl 95.2 °C") {
		t.Fatalf("finding %+v", f)
	}
	// The same trace outside a load phase is not throttling.
	for i := range r.rep.Timelines.Frequency {
		r.rep.Timelines.Frequency[i].Phase = "disk"
	}
	if v := Evaluate(r.rep); v.Result != model.StatusPass {
		t.Fatalf("idle trace judged %s: %+v", v.Result, v.Findings)
	}
}

func readTrace(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		row := strings.Split(line, ",")
		if _, err := strconv.Atoi(row[0]); err != nil || len(row) != 4 {
			t.Fatalf("%s: bad row %q", path, line)
		}
		rows = append(rows, row)
	}
	return rows
}

// The machine-check count is the MCE row of /proc/interrupts summed over
// CPUs; its growth warns.
func TestMachineChecks(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "proc"), 0o755)
	irq := "           CPU0       CPU1\n  0:         36          0   IO-APIC   2-edge      timer\nMCE:          %d          %d   Machine check exceptions\nMCP:         88         88   Machine check polls\n"
	os.WriteFile(filepath.Join(root, "proc", "interrupts"), fmt.Appendf(nil, irq, 0, 0), 0o644)
	before, _ := ReadCounters(root)
	os.WriteFile(filepath.Join(root, "proc", "interrupts"), fmt.Appendf(nil, irq, 1, 2), 0o644)
	after, _ := ReadCounters(root)
	if before.MCE == nil || *before.MCE != 0 || *after.MCE != 3 {
		t.Fatalf("MCE counts %v %v", before.MCE, after.MCE)
	}
	v := Evaluate(&model.BurnIn{Baseline: &before, Latest: &after, AcceptUnknown: true})
	if v.Result != model.StatusWarn || !hasCheck(v, "machine-check", "/proc/interrupts MCE") {
		t.Fatalf("%+v", v)
	}
}

// NVMe: a new media error or any critical-warning bit fails.
func TestNVMeDeltas(t *testing.T) {
	n := model.NVMeCounters{Name: "nvme0", Serial: "S1", TemperatureKelvin: 310}
	base := model.Counters{NVMe: []model.NVMeCounters{n}}
	n.MediaErrors, n.CriticalWarning, n.ErrorLogEntries = 2, 0x04, 5
	last := model.Counters{NVMe: []model.NVMeCounters{n}}
	v := Evaluate(&model.BurnIn{Baseline: &base, Latest: &last})
	if v.Result != model.StatusFail || !hasCheck(v, "nvme-media-errors", "nvme0 (serial S1)") ||
		!hasCheck(v, "nvme-critical-warning", "nvme0 (serial S1)") || !hasCheck(v, "nvme-error-log", "nvme0 (serial S1)") {
		t.Fatalf("%+v", v)
	}
}

// Two quick measurements in a row more than 10 % below the first warn;
// one low measurement does not.
func TestQuickDrop(t *testing.T) {
	now := time.Now()
	q := []model.QuickSample{
		{Time: now, ID: "metric:BLAKE2-256", Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: 1000},
		{Time: now.Add(time.Minute), ID: "metric:BLAKE2-256", Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: 950},
		{Time: now, Metric: "Copy", Unit: "bytes_per_second", Score: 1000},
		{Time: now.Add(2 * time.Minute), ID: "metric:BLAKE2-256", Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: 850},
		{Time: now.Add(3 * time.Minute), ID: "metric:BLAKE2-256", Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: 1000},
		{Time: now.Add(4 * time.Minute), Metric: "Copy", Unit: "bytes_per_second", Score: 500}, // one low: noise
		{Time: now.Add(5 * time.Minute), ID: "metric:BLAKE2-256", Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: 880},
		{Time: now.Add(6 * time.Minute), ID: "metric:BLAKE2-256", Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: 870},
	}
	v := Evaluate(&model.BurnIn{Timelines: model.Timelines{Quick: q}, AcceptUnknown: true})
	if v.Result != model.StatusWarn || len(v.Findings) != 1 || v.Findings[0].Where != "BLAKE2-256" || !strings.Contains(v.Findings[0].Evidence, "2 measurements in a row") {
		t.Fatalf("%+v", v)
	}
	// Scores read as the report prints them, not as raw base units.
	if ev := v.Findings[0].Evidence; !strings.Contains(ev, "below the first (1000.00 Bs at") || !strings.Contains(ev, "lowest 870.00 Bs at") || !strings.Contains(ev, "(13.0 % lower)") {
		t.Errorf("evidence %q: want the scores formatted in their unit", ev)
	}
}
