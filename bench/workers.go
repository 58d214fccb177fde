package bench

import (
	"fmt"
	"runtime"

	"github.com/hwqual/hwqual/internal/affinity"
)

// Workers is how a parallel module's workers ran: how many were asked for,
// how many ran and on which CPUs. Modules state the facts; qualify judges
// a run with fewer workers than asked as not measured.
type Workers struct {
	// Requested is the profile's count, or the module's default.
	Requested int
	// Ran is how many workers ran: fewer than Requested when this
	// process may use fewer logical CPUs (more threads than CPUs would
	// measure the scheduler, not the machine).
	Ran int
	// CPUs[i] is the CPU worker i was pinned to; nil when the workers
	// ran unpinned (the note says why).
	CPUs []int
	// Shared counts the workers on a core that already had one (an SMT
	// sibling): they run only when more workers than cores are asked.
	Shared int
}

// placeWorkers places want workers, 0 meaning one per physical core, on
// the CPUs this process may use, one per physical core before any SMT
// sibling (internal/affinity). With no topology and no CPU mask it falls
// back to as many unpinned workers as Go sees CPUs.
func placeWorkers(root string, want int) (*Workers, []string) {
	topo, notes := affinity.Usable(root)
	if want <= 0 {
		want = len(topo.Cores)
		if want == 0 {
			want = runtime.NumCPU()
		}
	}
	p := topo.Place(want)
	w := &Workers{Requested: want, Ran: len(p.CPUs), CPUs: p.CPUs, Shared: p.Shared}
	if w.Ran == 0 {
		w.Ran, w.CPUs = min(want, runtime.NumCPU()), nil
	}
	return w, notes
}

// note is the row's one-line account of where the workers ran.
func (w *Workers) note() string {
	var s string
	switch {
	case w.CPUs == nil:
		s = fmt.Sprintf("%d workers, not pinned", w.Ran)
	case w.Shared > 0:
		s = fmt.Sprintf("%d workers pinned to CPUs %s; %d share a physical core with another worker (SMT sibling)", w.Ran, affinity.FormatList(w.CPUs), w.Shared)
	default:
		s = fmt.Sprintf("%d workers pinned to CPUs %s, one per physical core", w.Ran, affinity.FormatList(w.CPUs))
	}
	if w.Ran < w.Requested {
		s += fmt.Sprintf("; %d asked, this machine lets hwqual use %d logical CPUs", w.Requested, w.Ran)
	}
	return s
}
