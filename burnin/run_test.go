package burnin

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/reports/model"
)

func testRunner(t *testing.T) *runner {
	reg := scratch.New()
	t.Cleanup(func() { reg.RemoveAll() })
	r := &runner{cfg: Config{Dir: t.TempDir(), Root: t.TempDir(), MemoryBytes: 8 << 20, DiskFileBytes: 4 * DiskBlockBytes,
		Scratch: reg, Duration: time.Minute, Threads: 1}, start: time.Now()}
	r.rep = &model.BurnIn{Phases: []model.BurnInPhase{{Name: "test"}}}
	return r
}

// A bit flipped in the memory under test during a memory phase reaches the
// report with its offset and values, and fails the verdict.
func TestMemoryPhaseReportsFlippedBit(t *testing.T) {
	r := testRunner(t)
	flipped := false
	r.memAfterFill = func(a, b []uint64) {
		if !flipped {
			b[1000] ^= 1 << 7
			flipped = true
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r.memoryPhase(ctx)
	if r.rep.ErrorCount != 1 || len(r.rep.Errors) != 1 {
		t.Fatalf("%d errors: %+v", r.rep.ErrorCount, r.rep.Errors)
	}
	e := r.rep.Errors[0]
	half := int64(r.cfg.MemoryBytes / 2)
	if e.Kind != "memory" || e.Where != "half b" && e.Where != "region" || e.Detail != "1 bits differ" {
		t.Fatalf("error %+v", e)
	}
	if e.Offset != half+1000*8 { // half b's word 1000 is the region's byte half+8000
		t.Fatalf("offset %d, want %d", e.Offset, half+1000*8)
	}
	if v := Evaluate(r.rep); v.Result != model.StatusFail || v.Findings[0].Check != "memory-verify" {
		t.Fatalf("verdict %+v", v)
	}
}

// Corruption made from outside the process's code while the disk sits
// idle — during the phases after the last disk phase — is
// found by the final full read, named by file offset and kind, and fails
// the run. The run goes through the public Run, production code unchanged;
// the fault comes through another file descriptor.
func TestRunFindsCorruptionWhileDiskIdle(t *testing.T) {
	dir := t.TempDir()
	reg := scratch.New()
	defer reg.RemoveAll()
	phases := make(chan Status, 64)
	type injection struct {
		phase string
		off   int64
	}
	injected := make(chan injection, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		disk := false
		for s := range phases {
			if s.Phase == "disk" {
				disk = true
			}
			if !disk || s.Phase == "disk" || len(injected) > 0 {
				continue
			}
			// The first phase after the only disk phase: from now on the
			// disk is idle until the final read.
			files, _ := filepath.Glob(filepath.Join(dir, scratch.Prefix+"burnin-disk-*"))
			if len(files) != 1 {
				t.Errorf("verify file: %v", files)
				return
			}
			for _, block := range []int64{2, 5} {
				off := block*DiskBlockBytes + 3*4096
				f, err := os.OpenFile(files[0], os.O_RDWR, 0)
				if err != nil {
					t.Error(err)
					return
				}
				junk := make([]byte, 4096)
				rand.Read(junk)
				_, err = f.WriteAt(junk, off)
				f.Close()
				if err != nil {
					t.Error(err)
					return
				}
				injected <- injection{s.Phase, off}
			}
		}
	}()
	// cycle 1: cpu, memory, disk, quick (none); cycle 2: cpu, memory (the
	// duration ends before a second disk phase); then the final read.
	rep, err := Run(context.Background(), Config{Duration: 5 * time.Second, PhaseLength: time.Second, Dir: dir, Root: t.TempDir(),
		MemoryBytes: 8 << 20, DiskFileBytes: 8 * DiskBlockBytes, Scratch: reg, Threads: 1, AcceptUnknown: true,
		SampleEvery: time.Second, CheckpointEvery: time.Minute,
		Progress: func(s Status) {
			select {
			case phases <- s:
			default:
			}
		}})
	close(phases)
	<-done
	close(injected)
	if err != nil {
		t.Fatal(err)
	}
	var want []injection
	for in := range injected {
		want = append(want, in)
	}
	if len(want) != 2 {
		t.Fatalf("injected %d blocks, want 2 (phases: %+v)", len(want), rep.Phases)
	}
	if last := rep.Phases[len(rep.Phases)-1]; last.Name != PhaseFinalRead || last.Errors != 2 {
		t.Fatalf("last phase %+v", last)
	}
	if rep.ErrorCount != 2 || rep.Verdict.Result != model.StatusFail {
		t.Fatalf("%d errors, verdict %s: %+v", rep.ErrorCount, rep.Verdict.Result, rep.Errors)
	}
	for i, w := range want {
		e := rep.Errors[i]
		if e.Kind != "disk" || e.Fault != FaultCorrupted || e.Offset != w.off || !strings.Contains(e.Test, ReadFinal) ||
			!strings.Contains(e.Where, fmt.Sprintf("block %d", w.off/DiskBlockBytes)) || !strings.Contains(e.Detail, "4096 of 1048576") && !strings.Contains(e.Detail, "of 1048576 bytes differ") {
			t.Errorf("injected during %s at %d; reported %+v", w.phase, w.off, e)
		}
		if e.LastGood.IsZero() || !e.LastGood.Before(e.Time) {
			t.Errorf("last good %s, found %s: the phase-end read verified the block", e.LastGood, e.Time)
		}
	}
	if f := rep.Verdict.Findings[0]; f.Check != "disk-verify" || !strings.Contains(f.Where, fmt.Sprint(want[0].off)) {
		t.Errorf("finding %+v", f)
	}
}
