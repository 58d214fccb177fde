package qualify

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/hwqual/hwqual/internal/units"

	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/profiles"
)

// DiskRequest is what the operator asked of the disk metrics.
type DiskRequest struct {
	Profile *profiles.Profile
	// Dir is --dir; Root is --root (where mountinfo and sysfs are read).
	Dir, Root string
	// Full is the long plan (--full); QueueDepth the queued metrics'
	// depth; Budget, when set, each disk metric's sampling time.
	Full       bool
	QueueDepth int
	Budget     time.Duration
	// AllowBuffered measures the direct-I/O rows through the page cache
	// where O_DIRECT is refused.
	AllowBuffered bool
	Scratch       *scratch.Registry
	// Log receives one-line notices for the operator (stderr).
	Log io.Writer
}

// DiskSetup is a directory made ready for the disk metrics.
type DiskSetup struct {
	Options *bench.DiskOptions
	// Info is what backs the directory; nil when it could not be told.
	Info *blockdev.Info
	// Release gives the directory's run lock back.
	Release func() error
}

// Memory-backed filesystems, by statfs magic (linux/magic.h).
const (
	tmpfsMagic = 0x01021994
	ramfsMagic = 0x858458f6
)

// PrepareDisk readies req.Dir for the disk metrics, in the order that
// gives the operator the true reason first: the directory must exist and
// be one; a directory in RAM (tmpfs, ramfs) is refused as such whatever
// its size; then the run lock (taking over a dead run's lock sweeps its
// scratch files); then O_DIRECT; then one free-space rule (Floor) on one
// statfs. Every refusal wraps ErrBadDir or ErrNoSpace and names --dir.
func PrepareDisk(req DiskRequest) (*DiskSetup, error) {
	opts, err := bench.NewDiskOptions(req.Full, req.QueueDepth)
	if err != nil {
		return nil, fmt.Errorf("--queue-depth: %w", err)
	}
	if req.Budget > 0 {
		opts.Budget = req.Budget // the noisy-score advice says to raise it
	}
	dir := req.Dir
	if err := checkIsDir(dir); err != nil {
		return nil, err
	}
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return nil, fmt.Errorf("%w %s: statfs: %w", ErrBadDir, dir, err)
	}
	info, err := blockdev.Resolve(req.Root, dir)
	if err != nil {
		fmt.Fprintf(req.Log, "hwqual: cannot tell which disk holds --dir: %v\n", err)
	}
	if fs, ram := inRAM(info, st.Type); ram {
		return nil, fmt.Errorf("%w %s: %s is %s (RAM), not a disk: the disk benchmarks would measure memory; point --dir at a directory on the disk under test",
			ErrBadDir, dir, dir, fs)
	}
	if err := CheckDir(dir, req.Scratch); err != nil {
		return nil, err
	}
	unlock, swept, err := req.Scratch.LockSweep(dir)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrBadDir, dir, err)
	}
	if swept.Files > 0 {
		fmt.Fprintf(req.Log, "hwqual: --dir %s: took over the lock of a dead run (PID %d) and removed its %d scratch files, freeing %s\n",
			dir, swept.PID, swept.Files, units.Bytes(float64(swept.Bytes)))
	}
	opts.Inflight = inflightFiles(req.Root, info)
	setup := &DiskSetup{Options: opts, Info: info, Release: unlock}
	fail := func(err error) (*DiskSetup, error) {
		unlock()
		return nil, err
	}
	if err := probeDirect(req, opts); err != nil {
		return fail(err)
	}
	total := st.Blocks * uint64(st.Bsize)
	avail := st.Bavail*uint64(st.Bsize) + uint64(swept.Bytes)
	opts.DriveTemp = FindDriveTemp(req.Root, info) // nil: no NVMe hwmon sensor
	if err := planSpace(req, opts, info, total, avail); err != nil {
		return fail(fmt.Errorf("--dir %s: %w", dir, err))
	}
	return setup, nil
}

// checkIsDir is the first question about --dir.
func checkIsDir(dir string) error {
	if err := statDir(dir); err != nil {
		return fmt.Errorf("%w %s: %w", ErrBadDir, dir, err)
	}
	return nil
}

// inRAM tells a memory-backed directory by what blockdev found under
// --root or, only when it could not look (no mountinfo), by the statfs
// magic: a recorded --root describes the machine being judged and wins.
func inRAM(info *blockdev.Info, fsType int64) (string, bool) {
	if info != nil {
		if !info.RAM {
			return "", false
		}
		if len(info.Disks) > 0 { // zram, brd: a disk filesystem on a RAM block device
			return fmt.Sprintf("%s on %s, a RAM disk", info.FSType, info.Disks[0].Path), true
		}
		return info.FSType, true
	}
	switch uint32(fsType) {
	case tmpfsMagic:
		return "tmpfs", true
	case ramfsMagic:
		return "ramfs", true
	}
	return "", false
}

// probeDirect finds out whether the directory's filesystem takes O_DIRECT.
// A refusal is said once, here; the direct-I/O rows then read "not
// measured" (or, with AllowBuffered, run buffered and say so).
func probeDirect(req DiskRequest, opts *bench.DiskOptions) error {
	err := bench.ProbeDirect(req.Scratch, req.Dir)
	if err == nil {
		return nil
	}
	if !errors.Is(err, bench.ErrNotMeasured) {
		return fmt.Errorf("--dir %s: %w", req.Dir, err)
	}
	opts.NoDirect = fmt.Sprintf("O_DIRECT refused by the file system of %s", req.Dir)
	if req.AllowBuffered {
		opts.Buffered = true
		fmt.Fprintf(req.Log, "hwqual: %s: measuring the direct-I/O rows with buffered I/O + fsync (--allow-buffered); they are labelled as such\n", opts.NoDirect)
	} else {
		fmt.Fprintf(req.Log, "hwqual: %s: the direct-I/O rows are not measured (--allow-buffered measures them through the page cache)\n", opts.NoDirect)
	}
	return nil
}

// planSpace plans the sustained write and refuses a run that would leave
// less than the floor free.
func planSpace(req DiskRequest, opts *bench.DiskOptions, info *blockdev.Info, total, avail uint64) error {
	// The sustained write plans its proof volume (whole under --full,
	// refused when it cannot fit) and its cap above the floor.
	if err := PlanSustained(req.Profile, opts, info, req.Full, total, avail); err != nil {
		return err
	}
	mode := "quick"
	if req.Full {
		mode = "--full"
	}
	return CheckSpace(mode, uint64(bench.ScratchNeed(metricNames(req.Profile), opts)), total, avail)
}

// inflightFiles are the sysfs inflight counters of the disks under dir, for
// the quiet-device wait before each disk row. Only on the live machine: a
// recorded --root has no I/O to wait for.
func inflightFiles(root string, info *blockdev.Info) []string {
	if info == nil || (root != "" && root != "/") {
		return nil
	}
	var files []string
	for _, d := range info.Disks {
		files = append(files, filepath.Join("/sys/block", d.Name, "inflight"))
	}
	return files
}
