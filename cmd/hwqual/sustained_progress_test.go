package main

import (
	"strings"
	"testing"

	"github.com/hwqual/hwqual/bench"
)

func TestSustainedCostLine(t *testing.T) {
	opts := &bench.DiskOptions{SustainedBytes: 4 << 30, ProofBytes: 25 << 30, ProofRule: "34 % of free space, 80 GB free"}
	p := bench.SustainedProgress{Written: 300 << 20, Planned: 4 << 30, Max: 48 << 30, Rate: 1e9, FirstRate: 1e9}
	var b strings.Builder
	d := newSustainedDisplay(&b, false, false, opts)
	d.update(p)
	d.update(p) // said once
	d.finish()
	want := "hwqual: Sustained Seq Write: writing up to 4.0 GiB (quick budget; the proof volume is 25.0 GiB: 34 % of free space, 80 GB free), ~4 s at the first measured 953.67 MiBs; it stops early once a cache cliff and 30 s of steady state after it are measured, and past a cliff never writes more than 48.0 GiB (the free-space floor)\n"
	if b.String() != want {
		t.Errorf("stderr (not a terminal):\n%q\nwant\n%q", b.String(), want)
	}

	// A write over before its first rate was measured still says its plan,
	// when it ends, without a time estimate.
	b.Reset()
	early := newSustainedDisplay(&b, false, false, opts)
	early.update(bench.SustainedProgress{Written: 200 << 20, Planned: 256 << 20, Max: 48 << 30, Rate: 1e9})
	early.finish()
	early.finish() // said once
	if got := b.String(); strings.Count(got, "hwqual: Sustained Seq Write: writing up to 0.2 GiB (quick budget;") != 1 || strings.Contains(got, "first measured") {
		t.Errorf("cost line of a write shorter than its first rate:\n%q", got)
	}

	b.Reset()
	quiet := newSustainedDisplay(&b, true, true, opts)
	quiet.update(p)
	quiet.finish()
	if b.Len() != 0 {
		t.Errorf("--quiet wrote %q", b.String())
	}

	// Not yet a full second measured: nothing to tell yet.
	b.Reset()
	waiting := newSustainedDisplay(&b, false, false, opts)
	p.FirstRate = 0
	waiting.update(p)
	if b.Len() != 0 {
		t.Errorf("before the first rate: %q", b.String())
	}
}
