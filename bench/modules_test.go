package bench

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/bench/internal/sr25519"
	"github.com/hwqual/hwqual/internal/scratch"
)

// quickPlan keeps module tests short; they prove the modules measure, not
// how fast this machine is.
var quickPlan = Plan{Warmup: time.Millisecond, Duration: 0, MinSamples: 2, SampleTime: time.Millisecond}

// TestEveryModuleMeasures covers the modules that need no disk options;
// the direct-I/O modules are measured in direct_test.go with small files.
func TestEveryModuleMeasures(t *testing.T) {
	for _, m := range Modules() {
		info := m.Info()
		if _, direct := m.(diskSpacer); direct && !isSubstrateDisk(m) {
			continue
		}
		if info.NeedsPeer {
			continue // measured against real peers in network_test.go
		}
		t.Run(info.Name, func(t *testing.T) {
			dir := t.TempDir()
			reg := scratch.New()
			res, err := m.Run(context.Background(), Config{Dir: dir, Workers: 2, Plan: quickPlan, Scratch: reg})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Samples) < quickPlan.MinSamples {
				t.Fatalf("%d samples", len(res.Samples))
			}
			for _, s := range res.Samples {
				if !(s > 0) {
					t.Fatalf("non-positive sample %v", s)
				}
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("left %d files in --dir", len(entries))
			}
			if info.Name == "SR25519-Verify" {
				checkSR25519Extras(t, res)
			}
		})
	}
}

// checkSR25519Extras: the row says which curve backend ran (the score
// follows Substrate's only where both pick the same one) and keeps
// go-schnorrkel's rate as the reference figure.
func checkSR25519Extras(t *testing.T, res Result) {
	t.Helper()
	if want := "backend " + sr25519.Backend(); !slices.Contains(res.Notes, want) {
		t.Errorf("notes %q lack %q", res.Notes, want)
	}
	if !(res.Extra["goschnorrkel_bytes_per_second"] > 0) {
		t.Errorf("goschnorrkel_bytes_per_second = %v", res.Extra["goschnorrkel_bytes_per_second"])
	}
}

func TestRegistryNamesAreUniqueAndComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Modules() {
		info := m.Info()
		if info.Name == "" || info.Category == "" || info.Kind == "" || info.Method == "" {
			t.Errorf("incomplete info %+v", info)
		}
		if seen[info.Name] {
			t.Errorf("duplicate metric %q", info.Name)
		}
		seen[info.Name] = true
		if got, ok := Lookup(info.Name); !ok || got.Info().Name != info.Name {
			t.Errorf("Lookup(%q) failed", info.Name)
		}
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup found an unknown metric")
	}
}

func TestParallelModuleReportsWorkers(t *testing.T) {
	res, err := blake2Parallel{}.Run(context.Background(), Config{Workers: 64, Plan: quickPlan})
	if err != nil {
		t.Fatal(err)
	}
	w := res.Workers
	if w == nil || w.Requested != 64 || w.Ran != min(64, runtime.NumCPU()) {
		t.Fatalf("workers = %+v, want 64 asked, %d ran", w, min(64, runtime.NumCPU()))
	}
	if len(w.CPUs) != w.Ran {
		t.Errorf("CPUs %v for %d workers", w.CPUs, w.Ran)
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "64 asked") }) {
		t.Errorf("notes %q do not say 64 workers were asked", res.Notes)
	}
}

func TestDiskModulesStopOnCancel(t *testing.T) {
	for _, m := range []Module{seqWrite{}, rndWrite{}} {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := m.Run(ctx, Config{Dir: dir, Plan: DefaultPlan(), Scratch: scratch.New()})
		if err == nil {
			t.Errorf("%s ran on a cancelled context", m.Info().Name)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s left %d files after cancel", m.Info().Name, len(entries))
		}
	}
}

func TestShuffledOffsetsCoverEveryStride(t *testing.T) {
	offs := shuffledOffsets(64<<10, 4096)
	seen := map[int64]bool{}
	for _, o := range offs {
		if o%4096 != 0 || o < 0 || o >= 64<<10 || seen[o] {
			t.Fatalf("bad or repeated offset %d", o)
		}
		seen[o] = true
	}
	if len(seen) != 16 {
		t.Fatalf("%d offsets, want 16", len(seen))
	}
}

func isSubstrateDisk(m Module) bool {
	switch m.(type) {
	case seqWrite, rndWrite:
		return true
	}
	return false
}
