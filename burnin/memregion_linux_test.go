//go:build linux

package burnin

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// TestTestRegionIsLocked: the kernel's own count of this process's locked
// memory (VmLck) grows by the region while it is mapped and drops when it
// is freed.
func TestTestRegionIsLocked(t *testing.T) {
	before, err := lockedKiB()
	if err != nil {
		t.Skip(err)
	}
	const words = 4 << 20 / 8 // 4 MiB, under the default 8 MiB RLIMIT_MEMLOCK
	region, lock, free, err := testRegion(words)
	if err != nil {
		t.Fatal(err)
	}
	if !lock.Locked {
		free()
		t.Skipf("this process may not lock 4 MiB: %s", lock.Note)
	}
	during, _ := lockedKiB()
	region[0], region[words-1] = 1, 2
	free()
	after, _ := lockedKiB()
	if during-before < 4096 || after > during-4096 {
		t.Errorf("VmLck %d kB before, %d during, %d after: want +4096 kB while mapped", before, during, after)
	}
	if !strings.Contains(lock.Note, "locked in RAM (mlock, 4 MiB)") {
		t.Errorf("note %q", lock.Note)
	}
}

// TestTestRegionUnderLowMemlockLimit runs the memory phase in a child
// process whose RLIMIT_MEMLOCK is 64 KiB and whose capabilities lack
// CAP_IPC_LOCK (set from outside with prlimit and setpriv, as a
// non-root service would run): the lock is refused, the phase still tests
// the memory, and the report says it was not locked, why and what to do.
func TestTestRegionUnderLowMemlockLimit(t *testing.T) {
	if os.Getenv("HWQUAL_MEMLOCK_CHILD") == "1" {
		memlockChild()
		return
	}
	for _, tool := range []string{"setpriv", "prlimit"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	cmd := exec.Command("setpriv", "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock", "--",
		"prlimit", "--memlock=65536:65536", "--",
		os.Args[0], "-test.run=^TestTestRegionUnderLowMemlockLimit$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HWQUAL_MEMLOCK_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{"locked=false", "memory_locked=false", "NOT locked in RAM", "RLIMIT_MEMLOCK is 64 KiB", "ulimit -l unlimited", "8 MiB, NOT locked in RAM; memtester:"} {
		if !strings.Contains(got, want) {
			t.Errorf("child output lacks %q:\n%s", want, got)
		}
	}
}

// memlockChild runs the real memory phase and prints what the report got.
func memlockChild() {
	r := &runner{cfg: Config{MemoryBytes: 8 << 20, Threads: 1}}
	r.rep = &model.BurnIn{}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	work, err := r.memoryPhase(ctx)
	locked := r.rep.MemoryLocked
	fmt.Printf("locked=%v memory_locked=%v err=%v\nwork: %s\nnotes: %q\n", locked != nil && *locked, *locked, err, work, r.rep.Notes)
}
