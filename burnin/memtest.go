package burnin

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"unsafe"
)

// memtester's patterns, written from its documented algorithms (memtester
// 4.x, tests.c, by Charles Cazabon): the region is split into two halves
// that are filled with the same values and compared. Here every value is
// computed from the pattern, so a mismatch reports the word's offset, the
// value that was written and the one read back, not just "the halves differ".

// Constants from memtester's types.h.
const (
	oneBits      = ^uint64(0)
	checkerboard = 0x5555555555555555
)

// pattern is one memtester test: subs sub-iterations, each filling both
// halves with value(sub, i) for word i and checking them.
type pattern struct {
	name string
	subs int
	// value returns the function giving word i's value in sub-iteration
	// sub; addr is word 0's address in the half being filled (for the
	// address-in-address test).
	value func(sub int, addr uint64) words
}

// words is a fill: q everywhere, q and ^q alternating by word (alt), or
// f(i) for patterns that vary per word. The first two get tight loops:
// they are most of memtester's passes.
type words struct {
	q   uint64
	alt bool
	f   func(i int) uint64
	// addr: word i holds its address (q + 8i), complemented when i+sub
	// is odd (the stuck-address test).
	addr bool
	sub  int
}

func (w words) at(i int) uint64 {
	switch {
	case w.addr:
		return (w.q + uint64(i)*8) ^ -uint64((w.sub+i)&1)
	case w.f != nil:
		return w.f(i)
	case w.alt && i%2 == 1:
		return ^w.q
	}
	return w.q
}

func constant(q uint64) words  { return words{q: q} }
func alternate(q uint64) words { return words{q: q, alt: true} }

func patterns() []pattern {
	return []pattern{
		// Stuck address: each word holds its own address, or its
		// complement on alternating words and passes (memtester runs
		// 16 passes over the whole region).
		{"stuck address", 16, func(sub int, addr uint64) words {
			return words{q: addr, addr: true, sub: sub}
		}},
		// Random value: a random word per location (memtester uses
		// rand(); ours is splitmix64 of the pass and index so the
		// expected value is known at check time).
		{"random value", 1, func(sub int, _ uint64) words {
			seed := uint64(sub+1) * 0x9e3779b97f4a7c15
			return words{f: func(i int) uint64 { return splitmix64(seed + uint64(i)) }}
		}},
		// Solid bits: all ones / all zeros, alternating by word, the
		// polarity swapped every pass (64 passes).
		{"solid bits", 64, func(sub int, _ uint64) words {
			q := uint64(0)
			if sub%2 == 0 {
				q = oneBits
			}
			return alternate(q)
		}},
		// Checkerboard: 0101… / 1010…, alternating by word and by pass.
		{"checkerboard", 64, func(sub int, _ uint64) words {
			q := uint64(checkerboard)
			if sub%2 == 1 {
				q = ^q
			}
			return alternate(q)
		}},
		// Block sequential: every byte of every word is the pass
		// number, 0 to 255.
		{"block sequential", 256, func(sub int, _ uint64) words {
			q := uint64(sub) * 0x0101010101010101
			return constant(q)
		}},
		// Walking zeros (memtester's walkbits0): one set bit walking up
		// then down through a zero word.
		{"walking zeros", 128, func(sub int, _ uint64) words {
			q := uint64(1) << walk(sub)
			return constant(q)
		}},
		// Walking ones (walkbits1): one clear bit walking through a
		// word of ones.
		{"walking ones", 128, func(sub int, _ uint64) words {
			q := oneBits ^ uint64(1)<<walk(sub)
			return constant(q)
		}},
		// Bit spread: two set bits two apart, walking; odd words hold
		// the complement.
		{"bit spread", 128, func(sub int, _ uint64) words {
			j := walk(sub)
			q := uint64(1)<<j | uint64(1)<<((j+2)%64)
			return alternate(q)
		}},
		// Bit flip: for each bit k, eight passes of the word with only
		// bit k set, complemented every pass; odd words inverted.
		{"bit flip", 64 * 8, func(sub int, _ uint64) words {
			q := uint64(1) << (sub / 8)
			if (sub%8)%2 == 0 {
				q = ^q
			}
			return alternate(q)
		}},
	}
}

// walk is memtester's walking index: 0…63 then back down 63…0.
func walk(sub int) int {
	if sub < 64 {
		return sub
	}
	return 127 - sub
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Mismatch is one word that did not read back as written.
type Mismatch struct {
	Test     string
	Where    string // "half a" / "half b" / "page 12"
	Offset   int64  // byte offset in the memory under test
	Expected uint64
	Found    uint64
}

func (m Mismatch) String() string {
	return fmt.Sprintf("%s: %s offset %#x: expected %#016x, found %#016x (bits %#016x differ)",
		m.Test, m.Where, m.Offset, m.Expected, m.Found, m.Expected^m.Found)
}

// MemTester runs memtester's patterns over a region, a bounded slice of
// work at a time, remembering where it stopped so a long burn-in cycles
// through every pattern and sub-iteration.
type MemTester struct {
	region []uint64
	pats   []pattern
	// next pattern and sub-iteration to run
	pat, sub int
	// afterFill, when set, runs between filling the halves and checking
	// them. Tests use it to flip a bit in the memory under test; the
	// production check then has to find it.
	afterFill func(a, b []uint64)
}

// NewMemTester tests region (split into two halves, as memtester does).
func NewMemTester(region []uint64) *MemTester {
	return &MemTester{region: region[:len(region)&^1], pats: patterns()}
}

// Step runs one sub-iteration of the current pattern over the whole
// region and advances. It returns the sub-iteration's name and every
// mismatch found (at most limit; more are counted in extra). When ctx
// ends mid-pass it returns ctx's error and does not advance.
func (t *MemTester) Step(ctx context.Context, limit int) (test string, found []Mismatch, extra int, err error) {
	p := t.pats[t.pat]
	half := len(t.region) / 2
	a, b := t.region[:half], t.region[half:]
	test = fmt.Sprintf("%s %d/%d", p.name, t.sub+1, p.subs)
	if p.name == "stuck address" {
		// Address-in-address uses the whole region as one buffer.
		w := p.value(t.sub, addrOf(t.region))
		if err := fill(ctx, t.region, w); err != nil {
			return test, nil, 0, err
		}
		if t.afterFill != nil {
			t.afterFill(a, b)
		}
		found, extra, err = check(ctx, t.region, w, test, "region", 0, limit)
	} else {
		wa, wb := p.value(t.sub, addrOf(a)), p.value(t.sub, addrOf(b))
		if err := errors.Join(fill(ctx, a, wa), fill(ctx, b, wb)); err != nil {
			return test, nil, 0, ctx.Err()
		}
		if t.afterFill != nil {
			t.afterFill(a, b)
		}
		found, extra, err = check(ctx, a, wa, test, "half a", 0, limit)
		if err == nil {
			var fb []Mismatch
			var eb int
			fb, eb, err = check(ctx, b, wb, test, "half b", int64(half)*8, limit-len(found))
			found, extra = append(found, fb...), extra+eb
		}
	}
	if err != nil {
		return test, found, extra, err
	}
	t.sub++
	if t.sub == p.subs {
		t.sub, t.pat = 0, (t.pat+1)%len(t.pats)
	}
	return test, found, extra, nil
}

// Run steps until ctx ends, reporting mismatches through report, and
// returns the sub-iterations it completed.
func (t *MemTester) Run(ctx context.Context, report func(Mismatch), counted func(int)) []string {
	var done []string
	for ctx.Err() == nil {
		test, found, extra, err := t.Step(ctx, 16)
		for _, m := range found {
			report(m)
		}
		if extra > 0 {
			counted(extra)
		}
		if err != nil {
			break
		}
		done = append(done, test)
	}
	return done
}

func addrOf(s []uint64) uint64 {
	if len(s) == 0 {
		return 0
	}
	return uint64(uintptr(unsafe.Pointer(&s[0])))
}

// chunkWords is how many words are filled or checked between looks at
// the context, so a signal stops even a pass over hundreds of GiB quickly.
const chunkWords = 1 << 20

func fill(ctx context.Context, s []uint64, w words) error {
	for lo := 0; lo < len(s); lo += chunkWords {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+chunkWords, len(s))
		switch {
		case w.addr:
			for i := lo; i < hi; i++ {
				s[i] = (w.q + uint64(i)*8) ^ -uint64((w.sub+i)&1)
			}
		case w.f != nil:
			for i := lo; i < hi; i++ {
				s[i] = w.f(i)
			}
		case w.alt:
			// lo is even (chunkWords is), so word lo takes q.
			for i := lo; i < hi; i++ {
				s[i] = w.q ^ -uint64(i&1)
			}
		default:
			c := s[lo:hi]
			for i := range c {
				c[i] = w.q
			}
		}
	}
	return nil
}

// check compares s with w, returning up to limit mismatches and counting
// the rest. base is s's byte offset in the memory under test.
func check(ctx context.Context, s []uint64, w words, test, where string, base int64, limit int) ([]Mismatch, int, error) {
	var out []Mismatch
	extra := 0
	for lo := 0; lo < len(s); lo += chunkWords {
		if err := ctx.Err(); err != nil {
			return out, extra, err
		}
		hi := min(lo+chunkWords, len(s))
		for i := lo; i < hi; i++ {
			var want uint64
			switch {
			case w.addr:
				want = (w.q + uint64(i)*8) ^ -uint64((w.sub+i)&1)
			case w.f != nil:
				want = w.f(i)
			default:
				want = w.q ^ (-uint64(i&1) & altMask(w.alt))
			}
			if s[i] != want {
				if len(out) < limit {
					out = append(out, Mismatch{Test: test, Where: where, Offset: base + int64(i)*8, Expected: want, Found: s[i]})
				} else {
					extra++
				}
			}
		}
	}
	return out, extra, nil
}

func altMask(alt bool) uint64 {
	if alt {
		return ^uint64(0)
	}
	return 0
}

// flippedBits counts the bits that differ, for evidence lines.
func flippedBits(a, b uint64) int { return bits.OnesCount64(a ^ b) }
