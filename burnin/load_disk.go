package burnin

import (
	"context"
	"fmt"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// diskPhase writes the verify file until pctx (the phase) ends, each block
// read before it is overwritten, continuing where the last disk phase
// stopped; then, under ctx (the run), it reads back everything the phase
// wrote. The file is created on the first disk phase and removed when the
// run ends. A write the device refuses is a FAIL finding and ends the disk
// phases for the rest of the run (the final read still runs); a full file
// system is not the drive's fault and stops the run.
func (r *runner) diskPhase(pctx, ctx context.Context) (string, error) {
	if r.diskStopped != "" {
		return "skipped: " + r.diskStopped, nil
	}
	if r.disk == nil {
		v, why, err := OpenDiskVerifier(r.cfg.Scratch, r.cfg.Dir, r.cfg.DiskFileBytes, r.cfg.DiskIO)
		if err != nil {
			return "", err
		}
		r.disk = v
		r.mu.Lock()
		r.rep.ScratchFiles = append(r.rep.ScratchFiles, v.Path())
		r.rep.DiskIO, r.rep.DiskNote = v.Mode, why
		r.mu.Unlock()
	}
	p, err := r.disk.Run(pctx, r.reportDisk)
	if err == nil {
		var q DiskProgress
		q, err = r.disk.VerifyPhase(ctx, r.reportDisk)
		p.Add(q)
	}
	work := fmt.Sprintf("pass %d: %d MiB blocks written, %d read back and compared (before overwrite and at the phase end), %d faults",
		r.disk.Pass(), p.Written, p.Checked, p.Faults)
	if err != nil && !NoSpace(err) {
		// Reported as a finding; the run goes on without writing.
		r.diskStopped = err.Error()
		return work + "; disk writes stopped: " + err.Error(), nil
	}
	return work, err
}

// finalRead reads back the whole verify file once the load phases are
// done, finding what went bad at rest, the disk idle during the last
// phases. It is recorded as a phase of its own.
func (r *runner) finalRead(ctx context.Context) error {
	if r.disk == nil || ctx.Err() != nil {
		return nil
	}
	r.mu.Lock()
	r.phase = PhaseFinalRead
	r.rep.Phases = append(r.rep.Phases, model.BurnInPhase{Name: PhaseFinalRead, Cycle: r.cycle, Start: time.Now().UTC()})
	r.mu.Unlock()
	p, err := r.disk.VerifyAll(ctx, r.reportDisk)
	r.mu.Lock()
	ph := &r.rep.Phases[len(r.rep.Phases)-1]
	ph.End = time.Now().UTC()
	ph.Work = fmt.Sprintf("%d MiB blocks read back and compared, %d faults", p.Checked, p.Faults)
	if ctx.Err() != nil {
		ph.Work += "; interrupted"
	}
	r.mu.Unlock()
	return err
}

// reportDisk records one disk fault as a verification error.
func (r *runner) reportDisk(c Corruption) {
	r.addError(model.VerifyError{Time: c.At, Kind: "disk", Test: FaultName(c.Fault) + ", " + c.Read, Fault: c.Fault,
		Where: fmt.Sprintf("%s block %d", c.File, c.Block), Offset: c.Offset, Expected: c.Expected, Found: c.Found, Detail: c.Detail,
		Written: c.Written, LastGood: c.LastGood})
}
