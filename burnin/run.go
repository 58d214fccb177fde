package burnin

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// Defaults of a run.
const (
	DefaultSampleEvery     = 5 * time.Second
	DefaultCheckpointEvery = time.Minute
	// DefaultPhaseLength is one load phase's length in a long run; short
	// runs use an eighth of the duration (at least MinPhaseLength) so
	// every phase runs at least twice.
	DefaultPhaseLength = 10 * time.Minute
	MinPhaseLength     = 5 * time.Second
)

// PhaseOrder names the load phases in the order they cycle.
var PhaseOrder = []string{"cpu", "memory", "disk", "quick"}

// PhaseFinalRead is the last phase of a run with a disk phase: the whole
// verify file read back once the load phases are done.
const PhaseFinalRead = "final-read"

// Config is what a burn-in runs with.
type Config struct {
	Duration time.Duration
	Dir      string
	// Root is where /sys and /proc are read ("/" live).
	Root string
	// MemoryBytes is the memory under test (already bounded by the caller
	// to what is available minus the safety margin).
	MemoryBytes int64
	// DiskFileBytes is the verify file's size; 0 skips the disk phase,
	// with DiskReason saying why.
	DiskFileBytes int64
	DiskReason    string
	// DiskIO is the verify file's I/O mode asked for: DiskIOAuto (or
	// ""), DiskIODirect or DiskIOBuffered.
	DiskIO string
	// AcceptUnknown turns the watches this machine never revealed from
	// an INCOMPLETE verdict into warnings beside a PASS.
	AcceptUnknown bool
	// Quick is the profile measured in the quick phase (QuickProfile);
	// Profile names the profile it came from.
	Quick   *profiles.Profile
	Profile string
	Scratch *scratch.Registry
	Version string
	Host    string
	// Checkpoint is the checkpoint file's path.
	Checkpoint string
	// Resume is the checkpoint to continue; nil starts afresh.
	Resume *model.BurnIn

	PhaseLength     time.Duration
	SampleEvery     time.Duration
	CheckpointEvery time.Duration
	// Threads is the CPU and copy-thread count; 0 means every CPU.
	Threads int
	// Progress, when set, is called after every watch sample and phase
	// change.
	Progress func(Status)
	// OnCheckpoint, when set, is called with the report each time a
	// checkpoint has been written (every CheckpointEvery, at each phase
	// change and at the end), under the runner's lock: it must not keep
	// the report. `--prom` writes its textfile here.
	OnCheckpoint func(*model.BurnIn) error
}

// Status is what the progress display shows.
type Status struct {
	Phase              string
	Cycle              int
	Elapsed, Remaining time.Duration
	Errors, Warnings   int
}

// runner is one process's part of a burn-in.
type runner struct {
	cfg   Config
	mu    sync.Mutex
	rep   *model.BurnIn
	phase string
	cycle int
	// before is the elapsed load time of earlier runs; start this run's.
	before float64
	start  time.Time
	disk   *DiskVerifier
	// diskStopped says why the disk phases stopped writing (a write the
	// device refused); "" while they run.
	diskStopped string
	// memPat and memSub are where memtester's cycle continues.
	memPat, memSub int
	// memAfterFill is the memory tester's fault-injection hook for tests.
	memAfterFill func(a, b []uint64)
}

// phaseLength is the load phases' length for a run of duration d.
func phaseLength(d time.Duration) time.Duration {
	return min(DefaultPhaseLength, max(MinPhaseLength, d/8))
}

// Run burns the machine in until the duration is done or ctx ends, and
// returns the judged report (also written to the checkpoint). An error is
// returned only when the run could not go on (a checkpoint or the disk
// file could not be written); the report then holds what was done.
func Run(ctx context.Context, cfg Config) (*model.BurnIn, error) {
	if cfg.SampleEvery <= 0 {
		cfg.SampleEvery = DefaultSampleEvery
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = DefaultCheckpointEvery
	}
	if cfg.Resume != nil {
		// A resumed run continues the checkpoint's duration.
		cfg.Duration = time.Duration(cfg.Resume.RequestedSeconds * float64(time.Second))
	}
	if cfg.PhaseLength <= 0 {
		cfg.PhaseLength = phaseLength(cfg.Duration)
	}
	r := &runner{cfg: cfg, start: time.Now()}
	r.rep = r.newReport()
	r.before = r.rep.ElapsedSeconds
	defer func() {
		if r.disk != nil {
			r.disk.Close()
			cfg.Scratch.Remove(r.disk.Path())
		}
	}()
	if err := r.checkpoint(); err != nil {
		return r.rep, err
	}

	watchCtx, stopWatch := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { r.watch(watchCtx) })
	err := r.phases(ctx)
	if ferr := r.finalRead(ctx); err == nil {
		err = ferr
	}
	stopWatch()
	wg.Wait()

	r.mu.Lock()
	r.phase = "done"
	r.rep.Interrupted = ctx.Err() != nil
	r.rep.Complete = !r.rep.Interrupted && err == nil && r.elapsed() >= r.cfg.Duration
	r.rep.ScratchFiles = nil
	r.mu.Unlock()
	if cerr := r.checkpoint(); err == nil {
		err = cerr
	}
	return r.rep, err
}

// newReport starts a report, or takes over a resumed one and removes the
// scratch files its killed run left.
func (r *runner) newReport() *model.BurnIn {
	now := time.Now().UTC()
	rep := r.cfg.Resume
	if rep == nil {
		rep = &model.BurnIn{
			Header: model.NewHeader(model.DocBurnIn),
			Tool:   model.Tool{Name: "hwqual", Version: r.cfg.Version}, Host: r.cfg.Host,
			Started: now, RequestedSeconds: r.cfg.Duration.Seconds(), Dir: r.cfg.Dir, Profile: r.cfg.Profile,
			Errors: []model.VerifyError{}, Phases: []model.BurnInPhase{},
		}
	} else {
		for _, p := range rep.ScratchFiles {
			if filepath.Dir(p) == filepath.Clean(r.cfg.Dir) && strings.HasPrefix(filepath.Base(p), scratch.Prefix) {
				os.Remove(p)
			}
		}
		rep.ScratchFiles = nil
		rep.Interrupted = false
		rep.Notes = append(rep.Notes, fmt.Sprintf("resumed at %s after %.0f s of %.0f s", now.Format(time.RFC3339), rep.ElapsedSeconds, rep.RequestedSeconds))
	}
	rep.Runs++
	rep.MemoryBytes, rep.DiskFileBytes = r.cfg.MemoryBytes, r.cfg.DiskFileBytes
	rep.DiskIO, rep.DiskNote = "", r.cfg.DiskReason
	rep.AcceptUnknown = r.cfg.AcceptUnknown
	counters, unknown := ReadCounters(r.cfg.Root)
	if rep.Baseline == nil {
		rep.Baseline = &counters
	}
	rep.Latest = &counters
	if _, _, err := readFreq(r.cfg.Root); err != nil {
		unknown = append(unknown, watchFreq+": "+err.Error())
	}
	if _, err := readTemps(r.cfg.Root); err != nil {
		unknown = append(unknown, watchTemps+": "+err.Error())
	}
	rep.Unknown = unknown
	return rep
}

// elapsed is the load time done, over every run. Callers hold mu.
func (r *runner) elapsed() time.Duration {
	return time.Duration(r.before*float64(time.Second)) + time.Since(r.start)
}

// phases cycles the load phases until the duration is done.
func (r *runner) phases(ctx context.Context) error {
	r.mu.Lock()
	if n := len(r.rep.Phases); n > 0 && r.rep.Phases[n-1].End.IsZero() {
		r.rep.Phases = r.rep.Phases[:n-1] // the killed run's phase: run it again
	}
	// Continue the cycle after the last finished load phase (a final
	// read is not one).
	idx := 0
	for i := len(r.rep.Phases) - 1; i >= 0; i-- {
		last := r.rep.Phases[i]
		if at := slices.Index(PhaseOrder, last.Name); at >= 0 {
			idx = (last.Cycle-1)*len(PhaseOrder) + at + 1
			break
		}
	}
	r.mu.Unlock()
	for ; ctx.Err() == nil; idx++ {
		r.mu.Lock()
		remaining := r.cfg.Duration - r.elapsed()
		r.mu.Unlock()
		if remaining <= 0 {
			return nil
		}
		name, cycle := PhaseOrder[idx%len(PhaseOrder)], idx/len(PhaseOrder)+1
		if name == "disk" && r.cfg.DiskFileBytes == 0 {
			continue
		}
		if err := r.runPhase(ctx, name, cycle, min(r.cfg.PhaseLength, remaining)); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) runPhase(ctx context.Context, name string, cycle int, length time.Duration) error {
	r.mu.Lock()
	r.phase, r.cycle = name, cycle
	r.rep.Phases = append(r.rep.Phases, model.BurnInPhase{Name: name, Cycle: cycle, Start: time.Now().UTC()})
	r.mu.Unlock()
	r.progress()
	if err := r.checkpoint(); err != nil {
		return err
	}
	pctx, cancel := context.WithTimeout(ctx, length)
	defer cancel()
	var work string
	var err error
	switch name {
	case "cpu":
		work, err = r.cpuPhase(pctx)
	case "memory":
		work, err = r.memoryPhase(pctx)
	case "disk":
		work, err = r.diskPhase(pctx, ctx)
	case "quick":
		work = r.quickPhase(ctx) // runs its measurements through, briefly
	}
	r.mu.Lock()
	p := &r.rep.Phases[len(r.rep.Phases)-1]
	p.End, p.Work = time.Now().UTC(), work
	if err != nil {
		p.Work += "; stopped: " + err.Error()
	}
	r.mu.Unlock()
	if cerr := r.checkpoint(); err == nil {
		err = cerr
	}
	return err
}

// addError records a verification error in the report and its phase.
func (r *runner) addError(e model.VerifyError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rep.ErrorCount++
	if len(r.rep.Errors) < model.MaxBurnInErrors {
		r.rep.Errors = append(r.rep.Errors, e)
	}
	if n := len(r.rep.Phases); n > 0 {
		r.rep.Phases[n-1].Errors++
	}
}

// checkpoint judges the report so far and writes it atomically.
func (r *runner) checkpoint() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now().UTC()
	r.rep.Updated = now
	r.rep.ElapsedSeconds = min(r.elapsed(), r.cfg.Duration).Seconds()
	r.rep.Verdict = Evaluate(r.rep)
	if r.cfg.Checkpoint != "" {
		if err := WriteCheckpoint(r.cfg.Checkpoint, r.rep); err != nil {
			return err
		}
	}
	if r.cfg.OnCheckpoint != nil {
		return r.cfg.OnCheckpoint(r.rep)
	}
	return nil
}

// status is the progress line's data. Callers hold mu.
func (r *runner) status() Status {
	s := Status{Phase: r.phase, Cycle: r.cycle, Elapsed: r.elapsed(), Errors: r.rep.ErrorCount}
	s.Remaining = max(0, r.cfg.Duration-s.Elapsed)
	for _, f := range r.rep.Verdict.Findings {
		if f.Severity == model.StatusWarn {
			s.Warnings++
		} else if !strings.HasSuffix(f.Check, "verify") {
			s.Errors++
		}
	}
	return s
}

func (r *runner) progress() {
	if r.cfg.Progress == nil {
		return
	}
	r.mu.Lock()
	s := r.status()
	r.mu.Unlock()
	r.cfg.Progress(s)
}
