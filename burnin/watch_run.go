package burnin

import (
	"context"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// watch samples the timeline watches every SampleEvery, and re-reads the
// counters and writes a checkpoint every CheckpointEvery, until ctx ends.
func (r *runner) watch(ctx context.Context) {
	sample := time.NewTicker(r.cfg.SampleEvery)
	defer sample.Stop()
	save := time.NewTicker(r.cfg.CheckpointEvery)
	defer save.Stop()
	r.sample()
	for {
		select {
		case <-ctx.Done():
			r.sample()
			r.readCounters()
			return
		case <-sample.C:
			r.sample()
		case <-save.C:
			r.readCounters()
			r.checkpoint() // a failure shows at the next phase change
		}
	}
}

// sample appends one reading of every timeline watch.
func (r *runner) sample() {
	now := time.Now().UTC()
	mhz, top, ferr := readFreq(r.cfg.Root)
	temps, terr := readTemps(r.cfg.Root)
	thr, thrErr := readThrottle(r.cfg.Root)
	r.mu.Lock()
	t := &r.rep.Timelines
	if ferr == nil {
		t.Frequency = append(t.Frequency, model.FreqSample{Time: now, Phase: r.phase, MHz: mhz, MaxMHz: top})
	}
	if terr == nil {
		t.Temperature = append(t.Temperature, model.TempSample{Time: now, Phase: r.phase, Celsius: temps})
	}
	if thrErr == nil {
		t.Throttle = append(t.Throttle, *thr)
	}
	r.rep.ElapsedSeconds = min(r.elapsed(), r.cfg.Duration).Seconds()
	r.rep.Verdict = Evaluate(r.rep)
	s := r.status()
	t.ErrorCounts = append(t.ErrorCounts, model.CountSample{Time: now, Errors: s.Errors, Warnings: s.Warnings})
	r.mu.Unlock()
	r.progress()
}

func (r *runner) readCounters() {
	c, _ := ReadCounters(r.cfg.Root)
	r.mu.Lock()
	r.rep.Latest = &c
	r.mu.Unlock()
}
