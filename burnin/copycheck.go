package burnin

import (
	"context"
	"sync"
	"sync/atomic"
)

// CopyChecker is stressapptest's approach (described in its design notes:
// pages of known content moved between buffers by copy, invert and check
// threads, every page's checksum verified on each operation) in our own
// code: the region is cut into pages, half of them hold a pattern, and
// threads keep moving pages through copies and inversions under full
// memory-bus load. Every copy and inversion verifies the source page's
// checksum as it reads it, so a fault in the bus or controller shows as a
// mismatch, located by comparing the page with its known pattern.
type CopyChecker struct {
	pages [][]uint64
	meta  []pageMeta
	base  []int64 // each page's byte offset in the memory under test
	full  chan int
	empty chan int
	ops   atomic.Int64
	// CPUs, when set, pins copy thread t to CPUs[t % len(CPUs)]: the
	// threads are the load, and they run where the report says.
	CPUs []int
}

// pageMeta is what a page should hold: splitmix64(seed+i) for word i,
// complemented when inverted, whose checksum is sum.
type pageMeta struct {
	seed     uint64
	inverted bool
	sum      uint64
}

// CopyPageBytes is the page size moved between buffers.
const CopyPageBytes = 1 << 20

// NewCopyChecker cuts region into pages of pageWords words (at least 4
// pages) and fills half of them.
func NewCopyChecker(region []uint64, pageWords int) *CopyChecker {
	n := len(region) / pageWords
	c := &CopyChecker{full: make(chan int, n), empty: make(chan int, n)}
	for i := range n {
		c.pages = append(c.pages, region[i*pageWords:(i+1)*pageWords])
		c.base = append(c.base, int64(i*pageWords)*8)
		c.meta = append(c.meta, pageMeta{})
		if i%2 == 0 {
			c.meta[i] = pageMeta{seed: uint64(i+1) << 32}
			c.refill(i)
			c.full <- i
		} else {
			c.empty <- i
		}
	}
	return c
}

// expected is word i of a page described by m.
func (m pageMeta) expected(i int) uint64 {
	w := splitmix64(m.seed + uint64(i))
	if m.inverted {
		w = ^w
	}
	return w
}

// refill rewrites page p from its meta (after a mismatch, so one fault is
// reported once, not on every later operation).
func (c *CopyChecker) refill(p int) {
	m := &c.meta[p]
	var s1, s2 uint64
	for i := range c.pages[p] {
		w := m.expected(i)
		c.pages[p][i] = w
		s1 += w
		s2 += s1
	}
	m.sum = s1 ^ s2<<1
}

// locate reports every word of page p that differs from its pattern.
func (c *CopyChecker) locate(p int, test string, report func(Mismatch)) {
	page, m := c.pages[p], c.meta[p]
	for i := range page {
		if want := m.expected(i); page[i] != want {
			report(Mismatch{Test: test, Where: "copy/invert page", Offset: c.base[p] + int64(i)*8, Expected: want, Found: page[i]})
		}
	}
}

// Ops is the number of page operations done so far.
func (c *CopyChecker) Ops() int64 { return c.ops.Load() }

// Run starts threads workers (copy, invert and check in turn, at least
// one of each) and returns when ctx ends.
func (c *CopyChecker) Run(ctx context.Context, threads int, report func(Mismatch)) {
	threads = max(threads, 3)
	var mu sync.Mutex
	safeReport := func(m Mismatch) {
		mu.Lock()
		defer mu.Unlock()
		report(m)
	}
	var wg sync.WaitGroup
	for t := range threads {
		op := []func(context.Context, func(Mismatch)) bool{c.copyOp, c.invertOp, c.checkOp}[t%3]
		wg.Go(func() {
			if len(c.CPUs) > 0 {
				pinWorker(c.CPUs, t)
			}
			for op(ctx, safeReport) {
				c.ops.Add(1)
			}
		})
	}
	wg.Wait()
}

func take(ctx context.Context, ch chan int) (int, bool) {
	select {
	case p := <-ch:
		return p, true
	case <-ctx.Done():
		return 0, false
	}
}

// copyOp copies a full page into an empty one, summing the source as it
// goes; the destination takes over the source's meta.
func (c *CopyChecker) copyOp(ctx context.Context, report func(Mismatch)) bool {
	src, ok := take(ctx, c.full)
	if !ok {
		return false
	}
	dst, ok := take(ctx, c.empty)
	if !ok {
		c.full <- src
		return false
	}
	s, d := c.pages[src], c.pages[dst]
	var s1, s2 uint64
	for i, w := range s {
		d[i] = w
		s1 += w
		s2 += s1
	}
	if s1^s2<<1 != c.meta[src].sum {
		c.locate(src, "copy", report)
		c.refill(src)
		copy(d, s)
	}
	c.meta[dst] = c.meta[src]
	c.empty <- src
	c.full <- dst
	return true
}

// invertOp complements a full page in place, verifying the old contents'
// checksum and recording the new one.
func (c *CopyChecker) invertOp(ctx context.Context, report func(Mismatch)) bool {
	p, ok := take(ctx, c.full)
	if !ok {
		return false
	}
	page := c.pages[p]
	var s1, s2, n1, n2 uint64
	for i, w := range page {
		s1 += w
		s2 += s1
		page[i] = ^w
		n1 += ^w
		n2 += n1
	}
	m := &c.meta[p]
	m.inverted = !m.inverted
	if s1^s2<<1 != m.sum {
		// Compare against what the page held before the inversion.
		for i := range page {
			page[i] = ^page[i]
		}
		m.inverted = !m.inverted
		c.locate(p, "invert", report)
		c.refill(p)
	} else {
		m.sum = n1 ^ n2<<1
	}
	c.full <- p
	return true
}

// checkOp verifies a full page's checksum.
func (c *CopyChecker) checkOp(ctx context.Context, report func(Mismatch)) bool {
	p, ok := take(ctx, c.full)
	if !ok {
		return false
	}
	var s1, s2 uint64
	for _, w := range c.pages[p] {
		s1 += w
		s2 += s1
	}
	if s1^s2<<1 != c.meta[p].sum {
		c.locate(p, "check", report)
		c.refill(p)
	}
	c.full <- p
	return true
}
