package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/internal/units"
)

// smallDisk is a disk configuration small enough for unit tests: the code
// path is the production one, only the sizes and budgets shrink.
func smallDisk(t *testing.T) (Config, *DiskOptions) {
	t.Helper()
	dir := t.TempDir()
	reg := scratch.New()
	if err := ProbeDirect(reg, dir); err != nil {
		t.Skipf("O_DIRECT unavailable in %s: %v", dir, err)
	}
	o, err := NewDiskOptions(false, 4)
	if err != nil {
		t.Fatal(err)
	}
	o.PrefillBytes, o.SustainedBytes, o.Budget = 16<<20, 32<<20, 300*time.Millisecond
	return Config{Dir: dir, Scratch: reg, Disk: o}, o
}

func TestDirectModulesMeasure(t *testing.T) {
	cfg, o := smallDisk(t)
	for _, name := range []string{
		"Direct Seq Write", "Direct Seq Read", "Direct Rnd Write", "Direct Rnd Read",
		"Direct Seq Write Queued", "Direct Seq Read Queued", "Direct Rnd Write Queued", "Direct Rnd Read Queued",
		"Read Latency p99", "Sustained Seq Write",
	} {
		t.Run(name, func(t *testing.T) {
			m, ok := Lookup(name)
			if !ok {
				t.Fatalf("%s not registered", name)
			}
			res, err := m.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Samples) == 0 || slices.Min(res.Samples) <= 0 {
				t.Errorf("samples %v: want positive rates", res.Samples)
			}
			if res.Details == nil || res.Details.IO == nil || res.Details.IO.Mode != "direct" || res.Details.IO.Operations == 0 {
				t.Errorf("details %+v: want direct I/O with operations", res.Details)
			}
		})
	}
	if err := o.Release(cfg); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(cfg.Dir, scratch.Prefix+"*"))
	if len(left) > 0 {
		t.Errorf("scratch files left behind: %v", left)
	}
}

func TestReadLatencyDetails(t *testing.T) {
	cfg, o := smallDisk(t)
	defer o.Release(cfg)
	m, _ := Lookup("Read Latency p99")
	if m.Info().Kind != units.Nanoseconds {
		t.Fatalf("kind %s", m.Info().Kind)
	}
	res, err := m.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	l := res.Details.Latency
	if l == nil || l.Count == 0 {
		t.Fatalf("latency details %+v", l)
	}
	if res.Samples[0] != float64(l.P99Ns) {
		t.Errorf("score %v is not the histogram's p99 %d", res.Samples[0], l.P99Ns)
	}
	if !slices.IsSorted(l.Values()) || l.P50Ns < l.MinNs || l.P9999Ns > l.MaxNs {
		t.Errorf("percentiles %v outside [%d, %d] or not monotone", l.Values(), l.MinNs, l.MaxNs)
	}
}

func TestSustainedWriteTimeline(t *testing.T) {
	cfg, _ := smallDisk(t)
	m, _ := Lookup("Sustained Seq Write")
	res, err := m.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Details.Sustained
	if s == nil || len(s.Timeline) == 0 || s.WrittenBytes < cfg.Disk.SustainedBytes {
		t.Fatalf("sustained %+v: want a timeline up to the %d-byte budget", s, cfg.Disk.SustainedBytes)
	}
	if !strings.Contains(res.Notes[0], "steady state") {
		t.Errorf("note %q lacks the summary", res.Notes[0])
	}
}

// TestScratchOpenedWithODirect proves the benchmark files are opened with
// O_DIRECT by reading the open file's flags back from the kernel.
func TestScratchOpenedWithODirect(t *testing.T) {
	cfg, o := smallDisk(t)
	f, err := openScratch(cfg.Scratch, cfg.Dir, "flags", o)
	if err != nil {
		t.Fatal(err)
	}
	defer cfg.Scratch.Remove(f.Name())
	defer f.Close()
	flags := fdFlags(t, f)
	if flags&syscall.O_DIRECT == 0 {
		t.Errorf("flags %#o: want O_DIRECT", flags)
	}
	if !strings.HasPrefix(filepath.Base(f.Name()), scratch.Prefix) {
		t.Errorf("scratch file %s lacks the %s prefix", f.Name(), scratch.Prefix)
	}
}

func fdFlags(t *testing.T, f *os.File) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/self/fdinfo/%d", f.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 8, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no flags in fdinfo")
	return 0
}

func TestDiskRowsNotMeasuredWithoutADisk(t *testing.T) {
	o, _ := NewDiskOptions(false, 1)
	o.NoDisk = "--dir /dev/shm is on tmpfs (RAM)"
	cfg := Config{Dir: t.TempDir(), Scratch: scratch.New(), Disk: o}
	for _, m := range Modules() {
		if !m.Info().NeedsDir {
			continue
		}
		_, err := m.Run(context.Background(), cfg)
		if !errors.Is(err, ErrNotMeasured) || !strings.Contains(err.Error(), "tmpfs") {
			t.Errorf("%s: err %v, want not measured naming tmpfs", m.Info().Name, err)
		}
	}
	o.NoDisk, o.NoDirect = "", "O_DIRECT refused"
	m, _ := Lookup("Read Latency p99")
	if _, err := m.Run(context.Background(), cfg); !errors.Is(err, ErrNotMeasured) {
		t.Errorf("O_DIRECT refused: err %v, want not measured", err)
	}
}

func TestScratchNeed(t *testing.T) {
	o, _ := NewDiskOptions(false, 32)
	tests := []struct {
		names []string
		want  int64
	}{
		{[]string{"BLAKE2-256"}, 0},
		{[]string{"Read Latency p99", "Direct Rnd Read"}, QuickPrefillBytes},
		{[]string{"Read Latency p99", "Sustained Seq Write"}, QuickPrefillBytes + QuickSustainedBytes},
		{[]string{"Direct Seq Write"}, QuickPrefillBytes},
	}
	for _, tt := range tests {
		if got := ScratchNeed(tt.names, o); got != tt.want {
			t.Errorf("ScratchNeed(%v) = %d, want %d", tt.names, got, tt.want)
		}
	}
}

func TestNewDiskOptionsRejectsBadDepth(t *testing.T) {
	for _, qd := range []int{0, -1, 5000} {
		if _, err := NewDiskOptions(false, qd); err == nil {
			t.Errorf("queue depth %d accepted", qd)
		}
	}
}

// TestDirectNamesMatchTheirModules: the registry writes the direct-I/O
// names out (so grep finds them); each must say what its module does.
func TestDirectNamesMatchTheirModules(t *testing.T) {
	for _, m := range registry {
		var name string
		var write, queued bool
		switch d := m.(type) {
		case directSeq:
			name, write, queued = d.name, d.write, d.queued
			if !strings.HasPrefix(name, "Direct Seq ") {
				t.Errorf("%q is a sequential module", name)
			}
		case directRnd:
			name, write, queued = d.name, d.write, d.queued
			if !strings.HasPrefix(name, "Direct Rnd ") {
				t.Errorf("%q is a random module", name)
			}
		default:
			continue
		}
		if strings.Contains(name, " Write") != write || strings.Contains(name, " Read") == write || strings.HasSuffix(name, " Queued") != queued {
			t.Errorf("%q: write %v queued %v", name, write, queued)
		}
	}
}
