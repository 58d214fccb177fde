package bench

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ncw/directio"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/scratch"
)

// Block sizes of the direct-I/O metrics.
const (
	seqBlock = 1 << 20
	rndBlock = 4 << 10
	// ioWindow is the length of one throughput sample.
	ioWindow = 100 * time.Millisecond
	// ioWarmup runs before the first sample, so file-system metadata and
	// queue ramp-up stay out of the numbers.
	ioWarmup = 200 * time.Millisecond
)

// openScratch creates a new scratch file in dir with O_EXCL, and O_DIRECT
// unless o runs buffered.
func openScratch(reg *scratch.Registry, dir, name string, o *DiskOptions) (*os.File, error) {
	path, err := reg.Reserve(dir, name)
	if err != nil {
		return nil, err
	}
	f, err := openIO(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, o.Buffered)
	if err != nil {
		reg.Remove(path)
		return nil, err
	}
	return f, nil
}

// openIO opens path with O_DIRECT unless buffered. A refusal (EINVAL) is
// reported as not measured with the reason: hwqual never falls back to the
// page cache on its own.
func openIO(path string, flag int, buffered bool) (*os.File, error) {
	var f *os.File
	var err error
	if buffered {
		f, err = os.OpenFile(path, flag, 0o600)
	} else {
		f, err = directio.OpenFile(path, flag, 0o600)
	}
	if errors.Is(err, syscall.EINVAL) && !buffered {
		return nil, NotMeasured("the file system refuses O_DIRECT (EINVAL) at %s; rerun with --allow-buffered to measure through the page cache", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return f, nil
}

// ProbeDirect creates a scratch file in dir with O_DIRECT and writes and
// reads one aligned block, so a run knows before measuring whether the
// file system accepts direct I/O. It returns a not-measured error with the
// reason when it does not.
func ProbeDirect(reg *scratch.Registry, dir string) error {
	f, err := openScratch(reg, dir, "probe-direct", &DiskOptions{})
	if err != nil {
		return err
	}
	defer reg.Remove(f.Name())
	defer f.Close()
	buf := directio.AlignedBlock(directio.BlockSize)
	if _, err := f.WriteAt(buf, 0); err != nil {
		return directErr(fmt.Errorf("O_DIRECT write %s: %w", f.Name(), err))
	}
	if _, err := f.ReadAt(buf, 0); err != nil {
		return directErr(fmt.Errorf("O_DIRECT read %s: %w", f.Name(), err))
	}
	return nil
}

// directErr maps EINVAL from an O_DIRECT read or write (misaligned for the
// file system) to not measured.
func directErr(err error) error {
	if errors.Is(err, syscall.EINVAL) {
		return NotMeasured("the file system refuses O_DIRECT: %v; rerun with --allow-buffered to measure through the page cache", err)
	}
	return diskErr(err)
}

// fillBlock puts incompressible bytes in buf and stamps its first 8 bytes
// with seq, so no two blocks are equal and a deduplicating drive cannot
// skip the write.
func fillBlock(buf []byte, seq uint64) {
	binary.LittleEndian.PutUint64(buf, seq)
}

// randomBlock returns an aligned block of random bytes.
func randomBlock(size int) []byte {
	b := directio.AlignedBlock(size)
	crand.Read(b) // crypto/rand.Read never fails on Linux
	return b
}

// ioJob is one timed run of concurrent workers on one file.
type ioJob struct {
	f      *os.File
	block  int
	size   int64 // bytes of the file the offsets fall in
	write  bool
	random bool
	qd     int
	budget time.Duration
	window time.Duration
	// stopAfter ends the job after this many bytes (the sustained
	// write); 0 means the budget alone ends it.
	stopAfter int64
	// latency records every operation's latency after warm-up.
	latency bool
	// sync makes every window end with fdatasync (buffered writes).
	sync bool
	// onWindow, when set, sees every window as it closes; returning true
	// ends the job (the sustained write's early stop).
	onWindow func(window) bool
}

// ioOutcome is what a job measured.
type ioOutcome struct {
	// windows are the operations and bytes done in each window.
	windows []window
	ops     int64
	bytes   int64
	elapsed time.Duration
	lat     *diskstat.Recorder
}

type window struct {
	end        time.Duration
	ops, bytes int64
	dur        time.Duration
	// total is every byte written or read since the job started,
	// warm-up included: what the device has taken so far.
	total int64
}

// run starts qd workers behind a start barrier, lets them warm up, then
// samples their progress every window until the budget (or stopAfter) is
// used or ctx ends. Operations are recorded by workers; rates are computed
// here, from the raw counts.
func (j ioJob) run(ctx context.Context) (ioOutcome, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64 // next sequential offset
		ops      atomic.Int64
		measured atomic.Bool
		errOnce  sync.Once
		firstErr error
		wg       sync.WaitGroup
		start    = make(chan struct{})
	)
	recs := make([]*diskstat.Recorder, j.qd)
	blocks := j.size / int64(j.block)
	for w := range j.qd {
		recs[w] = diskstat.NewRecorder()
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := randomBlock(j.block)
			rng := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			<-start
			for seq := uint64(w) << 40; ctx.Err() == nil; seq++ {
				var off int64
				if j.random {
					off = rng.Int64N(blocks) * int64(j.block)
				} else {
					off = (next.Add(int64(j.block)) - int64(j.block)) % (blocks * int64(j.block))
				}
				t0 := time.Now()
				var err error
				if j.write {
					fillBlock(buf, seq)
					_, err = j.f.WriteAt(buf, off)
				} else {
					_, err = j.f.ReadAt(buf, off)
				}
				if err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("%s at offset %d: %w", opName(j.write), off, err); cancel() })
					return
				}
				if j.latency && measured.Load() {
					recs[w].Record(time.Since(t0).Nanoseconds())
				}
				ops.Add(1)
			}
		}()
	}
	close(start)
	out := ioOutcome{lat: diskstat.NewRecorder()}
	stopWorkers := func() {
		cancel()
		wg.Wait()
	}
	if !sleepCtx(ctx, ioWarmup) {
		stopWorkers()
		return out, j.failure(ctx, firstErr)
	}
	measured.Store(true)
	begin, prevOps := time.Now(), ops.Load()
	prev := begin
	ticker := time.NewTicker(j.window)
	defer ticker.Stop()
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-ticker.C:
		}
		if ctx.Err() != nil {
			break
		}
		// A tick that queued while this goroutine waited for a CPU comes
		// right after the previous one; a window that short says nothing
		// about the device (it would read as a rate of zero), so it stays
		// open until the next tick.
		if time.Since(prev) < j.window/2 {
			continue
		}
		if j.sync {
			if err := j.f.Sync(); err != nil {
				stopWorkers()
				return out, fmt.Errorf("fsync %s: %w", j.f.Name(), err)
			}
		}
		now, n := time.Now(), ops.Load()
		out.windows = append(out.windows, window{end: now.Sub(begin), ops: n - prevOps, bytes: (n - prevOps) * int64(j.block), dur: now.Sub(prev), total: n * int64(j.block)})
		out.ops += n - prevOps
		prev, prevOps = now, n
		if j.onWindow != nil && j.onWindow(out.windows[len(out.windows)-1]) {
			break
		}
		if now.Sub(begin) >= j.budget && j.stopAfter == 0 || j.stopAfter > 0 && out.ops*int64(j.block) >= j.stopAfter {
			break
		}
	}
	out.elapsed = time.Since(begin)
	measured.Store(false)
	stopWorkers()
	if firstErr != nil || len(out.windows) == 0 {
		return out, j.failure(ctx, firstErr)
	}
	out.bytes = out.ops * int64(j.block)
	for _, r := range recs {
		out.lat.Merge(r)
	}
	return out, nil
}

// failure is the job's error: a worker's I/O error, else the context's.
func (j ioJob) failure(ctx context.Context, err error) error {
	if err != nil {
		return directErr(fmt.Errorf("%s: %w", j.f.Name(), err))
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%s: no complete sample window", j.f.Name())
}

func opName(write bool) string {
	if write {
		return "write"
	}
	return "read"
}

// sleepCtx sleeps d or until ctx ends; it reports whether d passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// rates turns windows into per-second rates: operations or bytes.
func (o ioOutcome) rates(bytes bool) []float64 {
	r := make([]float64, 0, len(o.windows))
	for _, w := range o.windows {
		v := float64(w.ops)
		if bytes {
			v = float64(w.bytes)
		}
		r = append(r, v/w.dur.Seconds())
	}
	return r
}
