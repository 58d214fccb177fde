package burnin

import (
	"context"
	"fmt"
	"time"

	"github.com/hwqual/hwqual/reports"
)

// diskPhase writes and verifies the verify file, continuing through it
// where the last disk phase stopped. The file is created on the first disk
// phase and removed when the run ends.
func (r *runner) diskPhase(ctx context.Context) (string, error) {
	if r.disk == nil {
		v, err := OpenDiskVerifier(r.cfg.Scratch, r.cfg.Dir, r.cfg.DiskFileBytes)
		if err != nil {
			return "", err
		}
		r.disk = v
		if r.diskAfterWrite != nil {
			v.afterWrite = func(first, end int) { r.diskAfterWrite(v.Path(), first, end) }
		}
		r.mu.Lock()
		r.rep.ScratchFiles = append(r.rep.ScratchFiles, v.Path())
		if !v.Direct {
			r.rep.DiskIO = "buffered + fsync: the file system refuses O_DIRECT"
		} else if r.rep.DiskIO == "" {
			r.rep.DiskIO = "direct"
		}
		r.mu.Unlock()
	}
	p, err := r.disk.Run(ctx, func(c Corruption) {
		r.addError(reports.VerifyError{Time: time.Now().UTC(), Kind: "disk", Test: "block verify", Where: fmt.Sprintf("%s block %d", c.File, c.Block),
			Offset: c.Offset, Expected: c.Expected, Found: c.Found, Detail: c.Detail})
	})
	return fmt.Sprintf("%d MiB blocks written, %d read back and verified (pass %d)", p.Written, p.Verified, r.disk.seq), err
}
