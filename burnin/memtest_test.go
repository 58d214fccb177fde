package burnin

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Every pattern's every sub-iteration reads back clean on good memory.
func TestMemTesterCleanCycle(t *testing.T) {
	region := make([]uint64, 1024)
	mt := NewMemTester(region)
	total := 0
	for _, p := range mt.pats {
		total += p.subs
	}
	for range total {
		test, found, extra, err := mt.Step(context.Background(), 16)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) > 0 || extra > 0 {
			t.Fatalf("%s: %d mismatches on good memory: %v", test, len(found)+extra, found)
		}
	}
	if mt.pat != 0 || mt.sub != 0 {
		t.Fatalf("after a full cycle at pattern %d sub %d, want 0/0", mt.pat, mt.sub)
	}
}

// A bit flipped between fill and check is found by every pattern, with its
// offset, the written value and the value read.
func TestMemTesterFindsFlippedBit(t *testing.T) {
	for _, p := range patterns() {
		t.Run(p.name, func(t *testing.T) {
			region := make([]uint64, 512)
			mt := NewMemTester(region)
			for mt.pats[mt.pat].name != p.name {
				mt.pat++
			}
			mt.sub = p.subs / 2
			const word, bit = 300, 13 // word 300: half b, word 44 of it
			mt.afterFill = func(a, b []uint64) { b[word-len(a)] ^= 1 << bit }
			want := mt.pats[mt.pat].value(mt.sub, addrOf(region[256:])).at(word - 256)
			if p.name == "stuck address" {
				want = mt.pats[mt.pat].value(mt.sub, addrOf(region)).at(word)
			}
			test, found, _, err := mt.Step(context.Background(), 16)
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != 1 {
				t.Fatalf("%s: found %d mismatches, want 1: %v", test, len(found), found)
			}
			m := found[0]
			if m.Offset != word*8 || m.Expected != want || m.Found != want^1<<bit {
				t.Fatalf("%s: got %v, want offset %#x expected %#x found %#x", test, m, word*8, want, want^1<<bit)
			}
			if !strings.HasPrefix(m.Test, p.name) {
				t.Fatalf("mismatch names test %q, want %q", m.Test, p.name)
			}
		})
	}
}

// A bit flipped in a page the copy/invert/check threads own is found by
// whichever operation reads it first, at its offset.
func TestCopyCheckerFindsFlippedBit(t *testing.T) {
	const pageWords = 512
	region := make([]uint64, 16*pageWords)
	c := NewCopyChecker(region, pageWords)
	// Page 4 is full (even pages start full); flip a bit in word 77.
	const word = 4*pageWords + 77
	want := region[word]
	region[word] ^= 1 << 40

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var found []Mismatch
	c.Run(ctx, 3, func(m Mismatch) { found = append(found, m) })
	if len(found) != 1 {
		t.Fatalf("found %d mismatches, want 1: %v", len(found), found)
	}
	m := found[0]
	if m.Offset != word*8 || m.Expected != want || m.Found != want^1<<40 {
		t.Fatalf("got %v, want offset %#x expected %#x found %#x", m, word*8, want, want^1<<40)
	}
	if c.Ops() < 10 {
		t.Fatalf("only %d page operations", c.Ops())
	}
}

// Good memory survives many copies and inversions without a report.
func TestCopyCheckerClean(t *testing.T) {
	region := make([]uint64, 8*256)
	c := NewCopyChecker(region, 256)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	c.Run(ctx, 6, func(m Mismatch) { t.Errorf("mismatch on good memory: %v", m) })
}

// The words written are memtester's: checked against its definitions for
// a few sub-iterations, so fill and check cannot agree on a wrong pattern.
func TestMemTesterWritesMemtesterPatterns(t *testing.T) {
	for _, c := range []struct {
		name       string
		sub        int
		even, odd  uint64
		halfBFirst uint64
	}{
		{"solid bits", 0, ^uint64(0), 0, ^uint64(0)},
		{"solid bits", 1, 0, ^uint64(0), 0},
		{"checkerboard", 0, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa, 0x5555555555555555},
		{"block sequential", 7, 0x0707070707070707, 0x0707070707070707, 0x0707070707070707},
		{"walking zeros", 3, 1 << 3, 1 << 3, 1 << 3},
		{"walking zeros", 127, 1, 1, 1},
		{"walking ones", 64, ^uint64(1 << 63), ^uint64(1 << 63), ^uint64(1 << 63)},
		{"bit spread", 0, 0b101, ^uint64(0b101), 0b101},
		{"bit flip", 8*5 + 1, 1 << 5, ^uint64(1 << 5), 1 << 5},
		{"stuck address", 0, 0, 0, 0}, // addresses: checked below
	} {
		region := make([]uint64, 64)
		mt := NewMemTester(region)
		for mt.pats[mt.pat].name != c.name {
			mt.pat++
		}
		mt.sub = c.sub
		var got [3]uint64
		mt.afterFill = func(a, b []uint64) { got = [3]uint64{a[0], a[1], b[0]} }
		if _, found, _, err := mt.Step(context.Background(), 1); err != nil || len(found) > 0 {
			t.Fatalf("%s %d: %v %v", c.name, c.sub, found, err)
		}
		want := [3]uint64{c.even, c.odd, c.halfBFirst}
		if c.name == "stuck address" {
			// Word i holds its own address, complemented on odd words.
			want = [3]uint64{addrOf(region), ^(addrOf(region) + 8), addrOf(region[32:])}
		}
		if got != want {
			t.Errorf("%s %d: words %#x, want %#x", c.name, c.sub, got, want)
		}
	}
}

func BenchmarkMemTesterStep(b *testing.B) {
	region := make([]uint64, 64<<20/8)
	mt := NewMemTester(region)
	mt.pat = 2 // solid bits
	b.SetBytes(int64(len(region)) * 8)
	for b.Loop() {
		mt.Step(context.Background(), 16)
	}
}
