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

	b.Reset()
	quiet := newSustainedDisplay(&b, true, true, opts)
	quiet.update(p)
	quiet.finish()
	if b.Len() != 0 {
		t.Errorf("--quiet wrote %q", b.String())
	}

	// Not yet a full second measured: nothing to tell yet.
	b.Reset()
	early := newSustainedDisplay(&b, false, false, opts)
	p.FirstRate = 0
	early.update(p)
	if b.Len() != 0 {
		t.Errorf("before the first rate: %q", b.String())
	}
}
