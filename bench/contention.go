package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/internal/sysfs"
	"github.com/hwqual/hwqual/internal/units"
)

// stealNoteShare is the hypervisor steal above which a row says so: 2 % of
// the CPU time the guest wanted is more than the ±1 % a score aims for.
const stealNoteShare = 0.02

// CPUTimes is the machine-wide line of /proc/stat, in clock ticks.
type CPUTimes struct {
	// Busy is user+nice+system+irq+softirq: time the guest's CPUs ran
	// (guest time is inside user).
	Busy uint64
	// Steal is time a vCPU was ready to run but the hypervisor ran
	// something else.
	Steal uint64
	// OK is false where /proc/stat could not be read.
	OK bool
}

// ReadCPUTimes reads the "cpu" line of /proc/stat.
func ReadCPUTimes() CPUTimes {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return CPUTimes{}
	}
	return parseCPUTimes(data)
}

// parseCPUTimes reads the first line of /proc/stat: "cpu user nice system
// idle iowait irq softirq steal guest guest_nice" (proc(5)).
func parseCPUTimes(data []byte) CPUTimes {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	f := strings.Fields(string(line))
	if len(f) < 9 || f[0] != "cpu" {
		return CPUTimes{}
	}
	var v [8]uint64
	for i := range v {
		n, err := strconv.ParseUint(f[i+1], 10, 64)
		if err != nil {
			return CPUTimes{}
		}
		v[i] = n
	}
	return CPUTimes{Busy: v[0] + v[1] + v[2] + v[5] + v[6], Steal: v[7], OK: true}
}

// StealShare is the hypervisor's share of the CPU time the guest wanted
// between t0 and t: steal / (busy + steal). Idle vCPUs are not stolen
// from, so counting only wanted time makes one busy vCPU's loss visible
// on an otherwise idle VM. ok is false without two readings or ticks.
func (t CPUTimes) StealShare(t0 CPUTimes) (share float64, ok bool) {
	if !t.OK || !t0.OK || t.Busy < t0.Busy || t.Steal < t0.Steal {
		return 0, false
	}
	busy, steal := t.Busy-t0.Busy, t.Steal-t0.Steal
	if busy+steal == 0 {
		return 0, false
	}
	return float64(steal) / float64(busy+steal), true
}

// RunMetric runs m under cfg the way a qualification does: a disk row
// first waits for the device under test to go quiet, and every row is
// told how much CPU time the hypervisor stole while it ran (the extra
// "steal_share" and, above 2 %, a note). A module's own error passes
// through.
func RunMetric(ctx context.Context, m Module, cfg Config) (Result, error) {
	var notes []string
	if m.Info().NeedsDir && cfg.Disk != nil && cfg.Disk.NoDisk == "" {
		prefillFirst(ctx, m, cfg)
		notes = append(notes, cfg.Disk.waitQuiet(ctx, cfg.Dir)...)
	}
	t0 := ReadCPUTimes()
	res, err := m.Run(ctx, cfg)
	res.Notes = append(notes, res.Notes...)
	if share, ok := ReadCPUTimes().StealShare(t0); ok && err == nil {
		res.mergeReport(stealReport(share))
	}
	return res, err
}

// stealReport is the steal figure and, above stealNoteShare, its note.
func stealReport(share float64) ([]string, map[string]float64) {
	extra := map[string]float64{"steal_share": share}
	if share <= stealNoteShare {
		return nil, extra
	}
	return []string{fmt.Sprintf("hypervisor steal: the hypervisor took %.0f%% of the CPU time this machine's vCPUs wanted while this row ran; the score counts that loss, the hardware would not", 100*share)}, extra
}

// prefillFirst writes the run's shared prefill file before the quiet-device
// wait when m reads it, so the host's flush of that file is over before the
// first timed read, as fio lays out its file before its job starts. (Read
// after its own prefill, Read Latency p50 read above fio's on the same
// directory.) A failure is left for m.Run, which meets it again and
// reports it as the row's.
func prefillFirst(ctx context.Context, m Module, cfg Config) {
	d, ok := m.(diskSpacer)
	if !ok || cfg.Disk.directUsable() != nil {
		return
	}
	if usesPrefill, _ := d.scratchBytes(cfg.Disk); usesPrefill {
		_, _ = cfg.Disk.prefilled(ctx, cfg)
	}
}

// Quiet-device wait: a disk row must not start while the host still
// flushes the previous row's writes (inside a validator run, Read Latency
// p50 measured 2–4× fio's on the same file right after the write rows).
const (
	quietWaitMax = 3 * time.Second
	quietPoll    = 5 * time.Millisecond
	quietPollsOK = 4 // 20 ms with nothing in flight
)

// waitQuiet flushes the filesystem under dir (syncfs: our own earlier
// writes leave the page cache) and then waits, at most quietWaitMax,
// until the disks under test have had no I/O in flight for a few polls
// and no page is under writeback. It returns a note when the device never
// settled, or nil.
func (o *DiskOptions) waitQuiet(ctx context.Context, dir string) []string {
	if len(o.Inflight) == 0 {
		return nil // devices unknown (a recorded --root, an unresolved dir)
	}
	wait := o.QuietWait
	if wait <= 0 {
		wait = quietWaitMax
	}
	deadline := time.Now().Add(wait)
	if f, err := os.Open(dir); err == nil {
		_ = unix.Syncfs(int(f.Fd())) // best effort: the poll below still judges
		f.Close()
	}
	quiet := 0
	var inflight, writebackKB, dirtyKB uint64
	for ctx.Err() == nil {
		inflight = readInflight(o.Inflight)
		writebackKB, dirtyKB = readWriteback()
		if inflight == 0 && writebackKB == 0 {
			if quiet++; quiet >= quietPollsOK {
				return nil
			}
		} else {
			quiet = 0
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(quietPoll)
	}
	if ctx.Err() != nil {
		return nil
	}
	return []string{fmt.Sprintf("the disk never settled before this row: after %s of waiting %d I/Os were still in flight and %s under writeback (%s dirty); other I/O on the device may have slowed this row",
		wait, inflight, units.Bytes(float64(writebackKB<<10)), units.Bytes(float64(dirtyKB<<10)))}
}

// readInflight sums the reads and writes in flight in sysfs inflight
// files ("reads writes"); unreadable files count nothing.
func readInflight(paths []string) uint64 {
	var total uint64
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(data)) {
			n, _ := strconv.ParseUint(f, 10, 64)
			total += n
		}
	}
	return total
}

// readWriteback is /proc/meminfo's Writeback and Dirty, in KiB.
func readWriteback() (writebackKB, dirtyKB uint64) {
	m, _ := sysfs.Meminfo("/proc/meminfo") // unreadable: nothing under writeback, as before
	return m["Writeback"] >> 10, m["Dirty"] >> 10
}
