package bench

import (
	"fmt"
	"time"
)

// Disk sizes and budgets. Quick settings keep the validator profile's disk
// rows to a few seconds on a 2-core VM. Under --full the sustained write
// plans the profile's proof volume instead (set by the run);
// FullSustainedBytes is only the placeholder until then.
//
// The quick prefill is 256 MiB: it exists so reads hit allocated blocks
// (LVM-thin and sparse files answer unallocated reads without touching the
// device), and random 4 KiB O_DIRECT reads cost the same whether their
// offsets span 256 MiB or 1 GiB of a drive's NAND: the drive's mapping
// table for either fits its DRAM, both lie in a freshly written SLC
// region, and neither fits a read cache the other misses. On the reference
// VM writing 1 GiB took 1.25 s, an eighth of the validator's 10 s budget.
// --full keeps 8 GiB.
const (
	QuickPrefillBytes   = 256 << 20
	FullPrefillBytes    = 8 << 30
	QuickSustainedBytes = 4 << 30
	FullSustainedBytes  = 64 << 30
	QuickDiskBudget     = time.Second
	FullDiskBudget      = 10 * time.Second
	// DefaultQueueDepth is the queued metrics' depth: NVMe drives reach
	// their rated IOPS around QD32, the depth fio's vendor tests use.
	DefaultQueueDepth = 32
)

// DiskOptions configure the direct-I/O disk modules of one run. The zero
// value is not usable; build it with NewDiskOptions.
type DiskOptions struct {
	// Full selects the long plan: 8 GiB prefill, 10 s per metric, and a
	// sustained write of the profile's proof volume (set by the run).
	Full bool
	// QueueDepth is the number of concurrent workers of queued metrics.
	QueueDepth int
	// Budget is how long each throughput, IOPS or latency metric measures.
	Budget time.Duration
	// PrefillBytes is the size of the file reads and random writes use.
	PrefillBytes int64
	// SustainedBytes is what the sustained write plans to write when it
	// finds no cache cliff: the quick budget, or under --full the proof
	// volume. It is what the free-space check counts.
	SustainedBytes int64
	// SustainedMaxBytes is the hard cap: past a cliff the write goes on
	// until it has enough steady state, but never beyond this (the room
	// above the free-space floor). 0 means SustainedBytes.
	SustainedMaxBytes int64
	// ProofBytes is the proof volume: written without a cliff, it shows
	// the drive is past any cache it could have. 0 when unknown.
	ProofBytes int64
	// ProofRule says how ProofBytes was set, for reports.
	ProofRule string
	// CapacityBytes is the size of the disk(s) under test, 0 if unknown.
	CapacityBytes int64
	// DriveTemp, when set, is sampled at every sustained-write interval.
	DriveTemp *DriveTemp
	// OnSustained, when set, is called from the sampling loop after every
	// sustained-write interval (progress displays).
	OnSustained func(SustainedProgress)
	// NoDisk, when set, is why no disk metric can be measured in the
	// directory (it is on tmpfs, for example); every disk row is not
	// measured with this reason.
	NoDisk string
	// NoDirect, when set, is why O_DIRECT cannot be used; direct-I/O rows
	// are not measured with this reason unless Buffered is set.
	NoDirect string
	// Buffered runs the direct-I/O metrics with buffered I/O plus fsync
	// (--allow-buffered after O_DIRECT was refused); their rows say so.
	Buffered bool

	// Inflight are the sysfs inflight files of the disks under test
	// (/sys/block/NAME/inflight); a disk row waits until they read zero.
	// Empty when the disks are unknown: no wait.
	Inflight []string
	// QuietWait bounds that wait; 0 means 3 s.
	QuietWait time.Duration

	prefill *prefill
}

// NewDiskOptions returns the quick or full settings.
func NewDiskOptions(full bool, queueDepth int) (*DiskOptions, error) {
	if queueDepth < 1 || queueDepth > 1024 {
		return nil, fmt.Errorf("queue depth %d: must be between 1 and 1024", queueDepth)
	}
	o := &DiskOptions{Full: full, QueueDepth: queueDepth, Budget: QuickDiskBudget,
		PrefillBytes: QuickPrefillBytes, SustainedBytes: QuickSustainedBytes}
	if full {
		o.Budget, o.PrefillBytes, o.SustainedBytes = FullDiskBudget, FullPrefillBytes, FullSustainedBytes
	}
	return o, nil
}

// readBudget is the measuring time and window of the direct read rows:
// half the disk budget, in windows half as long, so they keep as many
// windows for their median and interval. A write row's length decides how
// much of the drive's cache it fills, so writes keep the whole budget; a
// read changes nothing on the device, and its length buys only precision,
// which the row's interval states (Read Latency p99 from ~12 000 reads on
// the reference VM, a 95 % interval of ±3–5 %). Half the quick budget
// takes 1 s off the validator verdict there.
func (o *DiskOptions) readBudget() (budget, window time.Duration) {
	return o.Budget / 2, ioWindow / 2
}

// budget is the disk rows' sampling cap; 0 (no options) leaves the plan's.
func (o *DiskOptions) budget() time.Duration {
	if o == nil {
		return 0
	}
	return o.Budget
}

// diskUsable returns a not-measured error when no disk metric can run.
func (o *DiskOptions) diskUsable() error {
	if o != nil && o.NoDisk != "" {
		return NotMeasured("%s", o.NoDisk)
	}
	return nil
}

// directUsable returns a not-measured error when the direct-I/O metrics
// cannot run.
func (o *DiskOptions) directUsable() error {
	if o == nil {
		return NotMeasured("no disk options configured")
	}
	if err := o.diskUsable(); err != nil {
		return err
	}
	if o.NoDirect != "" && !o.Buffered {
		return NotMeasured("%s", o.NoDirect)
	}
	return nil
}

// mode names how the direct-I/O metrics do their I/O.
func (o *DiskOptions) mode() string {
	if o.Buffered {
		return "buffered+fsync"
	}
	return "direct"
}

// ScratchNeed is the most scratch space the given metrics hold at once
// under o: the shared prefill file plus the largest file a single metric
// writes beside it. The run's free-space check adds its floor to this.
func ScratchNeed(names []string, o *DiskOptions) int64 {
	var prefillUsed bool
	var own int64
	for _, name := range names {
		m, ok := Lookup(name)
		if !ok {
			continue
		}
		d, ok := m.(diskSpacer)
		if !ok {
			continue
		}
		p, b := d.scratchBytes(o)
		prefillUsed = prefillUsed || p
		own = max(own, b)
	}
	if prefillUsed {
		own += o.PrefillBytes
	}
	return own
}

// diskSpacer is implemented by modules that write scratch files: whether
// they read the shared prefill file and how many bytes of their own they
// write.
type diskSpacer interface {
	scratchBytes(o *DiskOptions) (usesPrefill bool, own int64)
}
