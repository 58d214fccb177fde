package burnin

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/reports"
)

func testRunner(t *testing.T) *runner {
	reg := scratch.New()
	t.Cleanup(func() { reg.RemoveAll() })
	r := &runner{cfg: Config{Dir: t.TempDir(), Root: t.TempDir(), MemoryBytes: 8 << 20, DiskFileBytes: 4 * DiskBlockBytes,
		Scratch: reg, Duration: time.Minute, Threads: 1}, start: time.Now()}
	r.rep = &reports.BurnIn{Phases: []reports.BurnInPhase{{Name: "test"}}}
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
	if v := Evaluate(r.rep); v.Result != reports.StatusFail || v.Findings[0].Check != "memory-verify" {
		t.Fatalf("verdict %+v", v)
	}
}

// A block corrupted in the disk file between write and read-back during a
// disk phase is reported with the file, block and offset, and fails.
func TestDiskPhaseReportsCorruptBlock(t *testing.T) {
	r := testRunner(t)
	var path string
	r.diskAfterWrite = func(p string, first, end int) {
		if path != "" {
			return
		}
		path = p
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		f.WriteAt([]byte{0xff, 0xff}, 3*DiskBlockBytes+100)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	work, err := r.diskPhase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r.disk.Close()
	if r.rep.ErrorCount != 1 {
		t.Fatalf("%d errors (%s): %+v", r.rep.ErrorCount, work, r.rep.Errors)
	}
	e := r.rep.Errors[0]
	if e.Kind != "disk" || e.Offset != 3*DiskBlockBytes+100 || !strings.Contains(e.Where, path) || !strings.Contains(e.Where, "block 3") {
		t.Fatalf("error %+v", e)
	}
	if v := Evaluate(r.rep); v.Result != reports.StatusFail || v.Findings[0].Check != "disk-verify" {
		t.Fatalf("verdict %+v", v)
	}
}
