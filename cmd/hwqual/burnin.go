package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/burnin"
	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/internal/buildinfo"
	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/qualify"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/prom"
)

// burninFlags are `hwqual burnin`'s flags.
type burninFlags struct {
	duration   time.Duration
	dir        string
	profile    string
	mem        string
	out        docOutputs
	resume     bool
	quiet      bool
	sample     time.Duration
	checkpoint time.Duration
	phase      time.Duration
	diskBytes  string
	prom       string
	diskIO     string
	// acceptUnknown is --accept-unknown, with the same meaning as on
	// `hwqual run`: unknown facts become warnings.
	acceptUnknown bool
}

func newBurninCmd(g *globalFlags, reg *scratch.Registry) *cobra.Command {
	var bf burninFlags
	cmd := &cobra.Command{
		Use:   "burnin",
		Short: "Stress CPU, memory and disk for hours, watching for errors, throttling and health changes",
		Long: `hwqual burnin cycles load phases — CPU (BLAKE2 and sr25519 kernels on every core,
results checked), memory (memtester's patterns, then copy/invert/check threads),
disk (self-describing O_DIRECT blocks, each read back before it is overwritten, at the
end of the phase and in a final full read) and quick measurements — while it samples
core frequencies, temperatures, throttle, ECC (EDAC), machine-check and NVMe SMART
counters. FAIL on any verification error (each disk block named by offset and kind:
misdirected write, lost write, corrupted data, I/O error), uncorrected ECC error, new
media error or critical warning; WARN on throttling, corrected ECC errors or a quick
measurement more than 10 % below its first. INCOMPLETE when a watch the verdict
relies on (throttling, temperatures, ECC, machine checks, NVMe SMART) was unknown for
the whole run, as on a virtual machine: a PASS needs evidence. --accept-unknown turns
those unknowns into warnings beside a PASS.

A checkpoint (.hwqual-burnin.json in --dir, a burn-in report) is written atomically
every minute and at every phase change; after a crash, --resume continues it.

Exit codes: 0 PASS or WARN, 1 FAIL or INCOMPLETE (or the run could not go on), 2 bad
flag or --dir,
130/143 interrupted (the checkpoint stays for --resume).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBurnin(cmd, bf, *g, reg)
		},
	}
	f := cmd.Flags()
	f.DurationVar(&bf.duration, "duration", 12*time.Hour, "how long to burn in (load time; a resumed run counts what was done)")
	f.StringVar(&bf.dir, "dir", ".", "directory for the disk phase's .hwqual-* verify file and the checkpoint")
	f.StringVarP(&bf.profile, "profile", "p", "validator", "profile whose CPU and memory metrics the quick measurements take")
	f.StringVar(&bf.mem, "mem", "70%", "memory under test: a share of available memory (70%) or a size (512MiB); never more than available minus a safety margin")
	addOutputFlags(cmd, &bf.out, "burn-in report", schema.BurnIn)
	f.BoolVar(&bf.resume, "resume", false, "continue the burn-in whose checkpoint is in --dir, for the rest of its --duration")
	f.BoolVarP(&bf.quiet, "quiet", "q", false, "no progress and no table; only the exit code and requested reports")
	f.DurationVar(&bf.sample, "sample-interval", burnin.DefaultSampleEvery, "how often the watches sample")
	f.DurationVar(&bf.checkpoint, "checkpoint-interval", burnin.DefaultCheckpointEvery, "how often the checkpoint is written (and at every phase change)")
	f.DurationVar(&bf.phase, "phase-length", 0, "length of each load phase (default: duration/8, between 5s and 10m)")
	f.StringVar(&bf.diskBytes, "disk-size", "1GiB", "size of the disk phase's verify file (bounded by the free-space floor)")
	f.StringVar(&bf.diskIO, "disk-io", "auto", "the verify file's I/O: auto (O_DIRECT where the file system takes it, else buffered), direct (O_DIRECT or stop), buffered (page cache, dropped with fdatasync and posix_fadvise before every read-back)")
	f.BoolVar(&bf.acceptUnknown, "accept-unknown", false, "unknown facts become warnings: watches this machine never revealed (a VM's frequency, temperatures, ECC, machine checks, SMART) are listed beside a PASS instead of making the verdict INCOMPLETE")
	f.StringVar(&bf.prom, "prom", "", "write the burn-in's Prometheus textfile-collector metrics to `FILE` at every checkpoint and at the end (replaced atomically)")
	return cmd
}

func runBurnin(cmd *cobra.Command, bf burninFlags, g globalFlags, reg *scratch.Registry) error {
	switch {
	case bf.duration <= 0:
		return usageErr("--duration %s: must be positive", bf.duration)
	case bf.sample <= 0 || bf.checkpoint <= 0 || bf.phase < 0:
		return usageErr("--sample-interval, --checkpoint-interval and --phase-length must be positive")
	}
	// The checkpoint is an input (--resume reads it): never a destination.
	inputs := []string{filepath.Join(bf.dir, burnin.CheckpointName), bf.profile}
	if err := bf.out.validate(inputs...); err != nil {
		return err
	}
	diskIO, ok := map[string]string{"auto": burnin.DiskIOAuto, "direct": burnin.DiskIODirect, "buffered": burnin.DiskIOBuffered}[bf.diskIO]
	if !ok {
		return usageErr("--disk-io %q: want auto, direct or buffered", bf.diskIO)
	}
	if err := bf.out.checkFile("prom", bf.prom, formatProm, inputs...); err != nil {
		return err
	}
	pct, memBytes, err := burnin.ParseMemSize(bf.mem)
	if err != nil {
		return usageErr("--mem %w", err)
	}
	_, diskMax, err := burnin.ParseMemSize(bf.diskBytes)
	if err != nil || diskMax == 0 {
		return usageErr("--disk-size %q: want a size such as 1GiB", bf.diskBytes)
	}
	prof, err := profiles.Load(bf.profile)
	if err != nil {
		return usageErr("--profile: %w", err)
	}
	if err := checkRoot(g.root); err != nil {
		return err
	}
	// Memory is measured on this machine, whatever --root says.
	mi, err := burnin.ReadMemInfo("/")
	if err != nil {
		return usageErr("--mem: %w", err)
	}
	memory, err := burnin.MemoryUnderTest(pct, memBytes, mi)
	if err != nil {
		return usageErr("--mem %s: %w", bf.mem, err)
	}
	if err := qualify.CheckDir(bf.dir, reg); err != nil {
		return usageErr("%w", err)
	}
	ckpt := filepath.Join(bf.dir, burnin.CheckpointName)
	var resume *model.BurnIn
	prev, perr := burnin.ReadCheckpoint(ckpt)
	switch {
	case bf.resume && perr != nil:
		return usageErr("--resume: %w", perr)
	case bf.resume && prev.Complete:
		return usageErr("--resume: the burn-in in %s is complete (%.0f s of %.0f s); nothing to resume", ckpt, prev.ElapsedSeconds, prev.RequestedSeconds)
	case bf.resume:
		resume = prev
	case perr == nil && !prev.Complete:
		return usageErr("--dir %s: an unfinished burn-in (started %s, %.0f s of %.0f s) has its checkpoint in %s: continue it with --resume, or remove the file",
			bf.dir, prev.Started.Format(time.RFC3339), prev.ElapsedSeconds, prev.RequestedSeconds, ckpt)
	case perr != nil && !errors.Is(perr, os.ErrNotExist):
		return usageErr("--dir %s: unreadable checkpoint: %w (remove it to start afresh)", bf.dir, perr)
	}

	// The lock comes after the checkpoint is read, so a refused start
	// changes nothing; taking over a killed run's stale lock removes its
	// scratch files (the verify file), never the checkpoint.
	unlock, swept, err := reg.LockSweep(bf.dir)
	if err != nil {
		return usageErr("--dir %s: %w", bf.dir, err)
	}
	defer unlock()
	if swept.Files > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "hwqual: --dir %s: took over the lock of a dead run (PID %d) and removed its %d scratch files\n", bf.dir, swept.PID, swept.Files)
	}

	diskBytes, diskReason, err := burninDiskPlan(bf.dir, diskMax)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	cfg := burnin.Config{
		Duration: bf.duration, Dir: bf.dir, Root: g.root, MemoryBytes: memory,
		DiskFileBytes: diskBytes, DiskReason: diskReason, DiskIO: diskIO, AcceptUnknown: bf.acceptUnknown, Quick: burnin.QuickProfile(prof),
		Profile: prof.Name, Scratch: reg, Version: buildinfo.String(), Host: host,
		Checkpoint: ckpt, Resume: resume,
		PhaseLength: bf.phase, SampleEvery: bf.sample, CheckpointEvery: bf.checkpoint,
	}
	if bf.prom != "" {
		cfg.OnCheckpoint = func(b *model.BurnIn) error {
			if err := prom.WriteFile(bf.prom, b); err != nil {
				return fmt.Errorf("--prom: %w", err)
			}
			return nil
		}
	}
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	var stopProgress func()
	if !bf.quiet && isTerminal(stderr) {
		total := bf.duration
		if resume != nil {
			total = time.Duration(resume.RequestedSeconds * float64(time.Second))
		}
		cfg.Progress, stopProgress = burninProgress(cmd, stderr, total)
	}
	rep, runErr := burnin.Run(cmd.Context(), cfg)
	if stopProgress != nil {
		stopProgress()
	}

	tableOut := stdout
	if bf.out.toStdout() {
		tableOut = stderr
	}
	if !bf.quiet {
		if err := render.Table(rep)(tableOut); err != nil {
			return err
		}
	}
	if err := writeDocs(bf.out, stdout, rep); err != nil {
		return err
	}
	if cfg.OnCheckpoint != nil {
		// The last checkpoint wrote it too; this covers a run that stopped
		// before its final checkpoint could be written.
		if err := cfg.OnCheckpoint(rep); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	if rep.Complete && runErr == nil {
		// A finished run's checkpoint has done its work (nothing is left to
		// resume): remove it when the report was saved to a file, as every
		// other .hwqual-* file is removed; keep it, and say where, when the
		// checkpoint is the only saved copy of hours of burn-in.
		if bf.out.toFile() {
			if err := os.Remove(ckpt); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove checkpoint: %w", err)
			}
		} else {
			fmt.Fprintf(stderr, "hwqual: the burn-in report is kept in %s (no --json FILE or --md FILE was given); render it with hwqual report render\n", ckpt)
		}
	}
	switch {
	case runErr != nil:
		return &exitError{code: exitFail, err: fmt.Errorf("burn-in stopped: %w", runErr)}
	case rep.Interrupted:
		return nil // main maps an interruption to 128+signal
	case rep.Verdict.Result == model.StatusFail, rep.Verdict.Result == model.StatusIncomplete:
		return &exitError{code: exitFail, err: errSilent}
	}
	return nil
}

// burninDiskPlan sizes the verify file to the free-space floor the disk
// benchmarks keep; too little room, or a RAM file system, skips the disk
// phase with the reason.
func burninDiskPlan(dir string, want int64) (int64, string, error) {
	if info, err := blockdev.Resolve("/", dir); err == nil && info != nil && info.RAM {
		return 0, fmt.Sprintf("--dir %s is on %s (RAM), not a disk", dir, info.FSType), nil
	}
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, "", usageErr("--dir %s: statfs: %w", dir, err)
	}
	room := int64(qualify.SpaceBeyondFloor(st.Blocks*uint64(st.Bsize), st.Bavail*uint64(st.Bsize)))
	size := min(want, room) &^ (burnin.DiskBlockBytes - 1)
	if size < 64<<20 {
		return 0, fmt.Sprintf("only %d MiB free above the floor (max of 10 %% of the file system, 2 GiB) in %s", room>>20, dir), nil
	}
	return size, "", nil
}

// burninProgress shows phase, elapsed/remaining time and the live error
// and warning counts on a terminal through mpb.
func burninProgress(cmd *cobra.Command, w io.Writer, total time.Duration) (func(burnin.Status), func()) {
	p := mpb.NewWithContext(cmd.Context(), mpb.WithOutput(w), mpb.WithWidth(40))
	var mu sync.Mutex
	var last burnin.Status
	var done atomic.Bool
	bar := p.AddBar(int64(total/time.Second),
		mpb.PrependDecorators(decor.Any(func(decor.Statistics) string {
			mu.Lock()
			defer mu.Unlock()
			return fmt.Sprintf("burn-in %-6s cycle %d", last.Phase, last.Cycle)
		})),
		mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
			mu.Lock()
			defer mu.Unlock()
			return fmt.Sprintf("%s elapsed, %s left, %d errors, %d warnings",
				last.Elapsed.Round(time.Second), last.Remaining.Round(time.Second), last.Errors, last.Warnings)
		})),
	)
	update := func(s burnin.Status) {
		if done.Load() {
			return
		}
		mu.Lock()
		last = s
		mu.Unlock()
		bar.SetCurrent(int64(s.Elapsed / time.Second))
	}
	stop := func() {
		done.Store(true)
		bar.Abort(false)
		p.Wait()
	}
	return update, stop
}
