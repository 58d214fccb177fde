//go:build linux

package affinity

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/sys/unix"
)

// TestPinHoldsThreadOnItsCPU pins one goroutine per allowed CPU and reads
// each thread's mask back two ways: sched_getaffinity and the kernel's
// /proc/self/task/<tid>/status, which no code of ours writes.
func TestPinHoldsThreadOnItsCPU(t *testing.T) {
	allowed, err := Allowed()
	if err != nil {
		t.Skip(err)
	}
	var wg sync.WaitGroup
	for _, cpu := range allowed {
		wg.Go(func() {
			if err := Pin(cpu); err != nil {
				t.Error(err)
				return
			}
			got, err := Allowed()
			if err != nil || !reflect.DeepEqual(got, []int{cpu}) {
				t.Errorf("pinned to %d: sched_getaffinity says %v (%v)", cpu, got, err)
			}
			status, err := os.ReadFile("/proc/self/task/" + strconv.Itoa(unix.Gettid()) + "/status")
			if err != nil {
				t.Error(err)
				return
			}
			want := "Cpus_allowed_list:\t" + strconv.Itoa(cpu) + "\n"
			if !strings.Contains(string(status), want) {
				t.Errorf("pinned to %d: /proc says %q", cpu, grepLine(string(status), "Cpus_allowed_list"))
			}
		})
	}
	wg.Wait()
	// The pinned threads died with their goroutines: this one still
	// runs anywhere the process may.
	if got, _ := Allowed(); !reflect.DeepEqual(got, allowed) {
		t.Errorf("after the pinned goroutines ended, this thread may run on %v, want %v", got, allowed)
	}
}

func grepLine(s, prefix string) string {
	for line := range strings.Lines(s) {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}
