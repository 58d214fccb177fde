package kernelrace

import (
	"context"
	"math"
	"testing"
	"time"
)

// A fake clock that advances by each candidate's cost per pass makes the
// race's arithmetic exact: a kernel costing 2 µs per 4 KiB pass runs at
// 4096 / 2e-6 B/s whatever the slice and the iteration count.
func TestRunRatesFromTheClock(t *testing.T) {
	var now time.Duration
	clock := func() time.Duration { return now }
	cands := []Candidate{
		{Name: "fast", Bytes: 4096, Run: func() { now += time.Microsecond }},
		{Name: "slow", Bytes: 4096, Run: func() { now += 2 * time.Microsecond }},
	}
	rates, err := Run(context.Background(), 5, time.Millisecond, clock, cands)
	if err != nil {
		t.Fatal(err)
	}
	if want := 4096 / 1e-6; rates["fast"] != want {
		t.Errorf("fast: %v B/s, want %v", rates["fast"], want)
	}
	if want := 4096 / 2e-6; rates["slow"] != want {
		t.Errorf("slow: %v B/s, want %v", rates["slow"], want)
	}
}

// The median round decides: one round slowed tenfold (a descheduled slice)
// does not move the rate, and the rounds interleave, so a slowdown at one
// moment lands on both candidates' rounds rather than on one candidate.
func TestRunMedianRoundAndInterleaving(t *testing.T) {
	var now time.Duration
	var order []string
	passes := 0
	clock := func() time.Duration { return now }
	pass := func(name string, cost time.Duration) func() {
		return func() {
			passes++
			if len(order) == 0 || order[len(order)-1] != name {
				order = append(order, name)
			}
			c := cost
			if passes > 40 && passes <= 50 { // b's second round and a's third
				c *= 10
			}
			now += c
		}
	}
	cands := []Candidate{{Name: "a", Bytes: 1000, Run: pass("a", time.Microsecond)}, {Name: "b", Bytes: 1000, Run: pass("b", time.Microsecond)}}
	rates, err := Run(context.Background(), 5, 10*time.Microsecond, clock, cands)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range rates {
		if math.Abs(r-1e9) > 1 {
			t.Errorf("%s: %v B/s, want the undisturbed 1e9", name, r)
		}
	}
	// Warm-up (a, b), then five rounds of a then b.
	if len(order) != 12 {
		t.Errorf("run order %v: want the candidates alternating, round by round", order)
	}
}

func TestRunHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, 3, time.Millisecond, WallClock(), []Candidate{{Name: "x", Bytes: 1, Run: func() {}}}); err == nil {
		t.Fatal("cancelled context: no error")
	}
}

// A clock that ticks every 4 ms (jiffies) reads one 50 µs pass as zero.
// Sizing must still ask for about a slice of work, not slice ÷ 1 ns
// passes: the race below would otherwise run 15 million passes per round.
func TestRunCoarseClock(t *testing.T) {
	var now time.Duration // true time
	clock := func() time.Duration { return now.Truncate(4 * time.Millisecond) }
	passes := 0
	cands := []Candidate{{Name: "k", Bytes: 32 << 10, Run: func() { now += 50 * time.Microsecond; passes++ }}}
	rates, err := Run(context.Background(), 3, 15*time.Millisecond, clock, cands)
	if err != nil {
		t.Fatal(err)
	}
	// Sizing doubles up to ~32 passes; three rounds of ~300 passes follow.
	if passes > 2000 {
		t.Errorf("%d passes for three 15 ms slices of 50 µs passes; want about 900", passes)
	}
	if want := float64(32<<10) / 50e-6; math.Abs(rates["k"]/want-1) > 0.3 {
		t.Errorf("rate %v B/s, want about %v", rates["k"], want)
	}
}
