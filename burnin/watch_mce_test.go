package burnin

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/reports/model"
)

func sourceCount(c model.Counters, source, kind string) (model.MachineCheckCount, bool) {
	i := slices.IndexFunc(c.MachineChecks, func(m model.MachineCheckCount) bool { return m.Source == source && m.Kind == kind })
	if i < 0 {
		return model.MachineCheckCount{}, false
	}
	return c.MachineChecks[i], true
}

// Corrected errors never raise a #MC exception: between the two recorded
// machines the MCE interrupt row stays 0 while the kernel log gains the
// records the poller, the AMD decoder, EDAC and GHES write. Each count
// names its source; the diff reports the rise.
func TestCorrectedMachineChecksFromKernelLog(t *testing.T) {
	before, unknown := ReadCounters("testdata/mce-before")
	if containsPrefix(unknown, "corrected machine checks") || containsPrefix(unknown, "machine-check count") {
		t.Fatalf("machine checks reported unknown on a machine that has them: %q", unknown)
	}
	after, _ := ReadCounters("testdata/mce-after")
	for _, tt := range []struct {
		c              model.Counters
		source, kind   string
		count, lastSeq uint64
	}{
		{before, sourceInterrupts, "exceptions", 0, 0},
		{before, sourceKmsg, "hardware_error_records", 0, 0},
		{before, sourceKmsg, "corrected_records", 0, 0},
		{after, sourceInterrupts, "exceptions", 0, 0},
		{after, sourceKmsg, "hardware_error_records", 6, 1027},
		{after, sourceKmsg, "corrected_records", 4, 1027},
	} {
		m, ok := sourceCount(tt.c, tt.source, tt.kind)
		if !ok || m.Count != tt.count || m.LastSeq != tt.lastSeq {
			t.Errorf("%s %s: %+v (found %v), want count %d last_seq %d", tt.source, tt.kind, m, ok, tt.count, tt.lastSeq)
		}
	}
	if m, _ := sourceCount(after, sourceKmsg, "corrected_records"); m.Detail != "x86 machine-check subsystem, corrected errors polled every 300 s, CMCI on" {
		t.Errorf("detail %q", m.Detail)
	}
	var diff []string
	for _, r := range DiffMachineChecks(&before, &after) {
		if r.Source != sourceKmsg {
			t.Errorf("rise %+v: want source %s", r, sourceKmsg)
		}
		diff = append(diff, r.Evidence)
	}
	want := []string{"/dev/kmsg hardware_error_records 0 → 6 (+6)", "/dev/kmsg corrected_records 0 → 4 (+4)"}
	if !slices.Equal(diff, want) {
		t.Errorf("diff %q, want %q", diff, want)
	}
}

// A kernel told to ignore corrected errors is blind to them: unknown with
// the reason, never a count of zero.
func TestIgnoredCorrectedErrorsAreUnknown(t *testing.T) {
	c, unknown := ReadCounters("testdata/mce-ignore-ce")
	if _, ok := sourceCount(c, sourceKmsg, "corrected_records"); ok {
		t.Errorf("counted corrected records on a kernel ignoring them: %+v", c.MachineChecks)
	}
	if !slices.ContainsFunc(unknown, func(s string) bool {
		return strings.HasPrefix(s, "corrected machine checks") && strings.Contains(s, "ignore_ce = 1")
	}) {
		t.Errorf("unknown %q does not say corrected errors are ignored", unknown)
	}
	if _, ok := sourceCount(c, sourceInterrupts, "exceptions"); !ok {
		t.Errorf("the exception count is still read: %+v", c.MachineChecks)
	}
}

// The log is a ring: a count that falls while the last sequence number
// advances still means new records.
func TestDiffMachineChecksAcrossWrap(t *testing.T) {
	base := &model.Counters{MachineChecks: []model.MachineCheckCount{{Source: sourceKmsg, Kind: "corrected_records", Count: 5, LastSeq: 100}}}
	last := &model.Counters{MachineChecks: []model.MachineCheckCount{{Source: sourceKmsg, Kind: "corrected_records", Count: 2, LastSeq: 9000}}}
	if d := DiffMachineChecks(base, last); len(d) != 1 || !strings.Contains(d[0].Evidence, "sequence 9000") {
		t.Errorf("wrapped log: %q", d)
	}
	if d := DiffMachineChecks(base, base); len(d) != 0 {
		t.Errorf("no change: %q", d)
	}
}

// On this machine: where the kernel has a machine-check subsystem the
// kernel log is read (live /dev/kmsg, one record per read); where it has
// none (this project's VM) the watch is unknown and says why.
func TestMachineChecksOnThisMachine(t *testing.T) {
	c, unknown := ReadCounters("/")
	_, hasMC := os.Stat("/sys/devices/system/machinecheck/machinecheck0")
	_, hasEDAC := os.Stat("/sys/devices/system/edac/mc/mc0")
	if hasMC != nil && hasEDAC != nil {
		if !slices.ContainsFunc(unknown, func(s string) bool {
			return strings.HasPrefix(s, "corrected machine checks") && strings.Contains(s, "no x86 machine-check subsystem")
		}) {
			t.Errorf("no machine-check subsystem here, unknown says %q", unknown)
		}
		if _, ok := sourceCount(c, sourceKmsg, "corrected_records"); ok {
			t.Errorf("kernel log counted without a subsystem that could fill it: %+v", c.MachineChecks)
		}
		return
	}
	if _, err := os.Open("/dev/kmsg"); err != nil {
		t.Skipf("cannot read /dev/kmsg: %v", err)
	}
	if _, ok := sourceCount(c, sourceKmsg, "corrected_records"); !ok {
		t.Errorf("machine-check subsystem present but no kernel-log count: %+v, unknown %q", c.MachineChecks, unknown)
	}
}

func FuzzCountKmsg(f *testing.F) {
	b, _ := os.ReadFile("testdata/mce-after/dev/kmsg")
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := t.TempDir() + "/kmsg"
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		hw, ce, _, err := countKmsg(path)
		if err != nil {
			t.Fatal(err)
		}
		if lines := uint64(strings.Count(string(data), "\n") + 1); hw > lines || ce > lines {
			t.Errorf("%d/%d records from %d lines", hw, ce, lines)
		}
	})
}

// The live /dev/kmsg hands out one record per read and EAGAIN at the end;
// readKmsg returns the whole log, records in order, and countKmsg parses
// it (this VM's log has no hardware errors, so the counts may be zero).
func TestReadLiveKmsg(t *testing.T) {
	data, err := readKmsg("/dev/kmsg")
	if err != nil {
		t.Skip(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if fields := strings.Split(first, ","); len(fields) < 4 || !strings.Contains(first, ";") {
		t.Fatalf("first record %q is not prio,seq,time,flags;message", first)
	}
	if strings.Count(string(data), "\n") < 2 {
		t.Errorf("read %d bytes, one record: the read stopped early", len(data))
	}
	if _, _, _, err := countKmsg("/dev/kmsg"); err != nil {
		t.Error(err)
	}
}
