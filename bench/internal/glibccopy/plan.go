// Package glibccopy copies memory the way glibc's memcpy does on x86-64 for
// copies larger than 256 bytes, so that a benchmark of memcpy — Substrate's
// Copy metric calls libc::memcpy on 64 MiB — scores on any machine what
// glibc scores there.
//
// glibc (sysdeps/x86_64/multiarch/memmove-vec-unaligned-erms.S and
// sysdeps/x86/dl-cacheinfo.h, 2.38-2.41: Debian 13, Ubuntu 24.04) picks one
// of three loops by size, against thresholds it derives from the CPU's cache
// sizes at start-up:
//
//   - a loop of 4 vectors with ordinary (temporal) stores, forward, or
//     backward when source and destination 4 KiB-alias;
//   - REP MOVSB, on CPUs with ERMS between rep_movsb_threshold and
//     rep_movsb_stop_threshold (never on AMD, where glibc sets the former to
//     the non-temporal threshold);
//   - from the non-temporal threshold up, a loop over 2 pages at once (4
//     pages from 16× the threshold, or when the buffers page-alias) with
//     prefetch and non-temporal stores.
//
// Plan reproduces the thresholds from CPUID; Copy takes the same branch.
// The loops are hwqual's own Go assembly (copy_amd64.s), with 32-byte AVX2
// vectors, glibc's __memmove_avx_unaligned_erms; where AVX2 is missing
// Copy falls back to Go's copy() and says so in the Path it returns.
package glibccopy

import "fmt"

// Path names the loop a copy took.
type Path string

// The loops Copy can take.
const (
	PathForward  Path = "4x-vector forward loop, temporal stores"
	PathBackward Path = "4x-vector backward loop, temporal stores"
	PathRepMovsb Path = "rep movsb"
	PathNT2x     Path = "2-page loop, non-temporal stores"
	PathNT4x     Path = "4-page loop, non-temporal stores"
	PathGo       Path = "Go copy() (no AVX2, or at most 256 bytes, or overlapping)"
)

// Plan holds glibc's thresholds for this CPU.
type Plan struct {
	// Vendor is "amd", "intel" or "other", glibc's arch_kind.
	Vendor string
	// Shared and SharedPerThread are glibc's shared (last-level) cache size
	// and one thread's share of it, in bytes.
	Shared, SharedPerThread uint64
	// NonTemporal is __x86_shared_non_temporal_threshold.
	NonTemporal uint64
	// RepMovsb and RepMovsbStop bound the REP MOVSB range.
	RepMovsb, RepMovsbStop uint64
	// AVX2 and ERMS are the CPU features the dispatch depends on.
	AVX2, ERMS bool
}

func (p Plan) String() string {
	movsb := "no rep movsb"
	if p.ERMS && p.RepMovsb < p.RepMovsbStop {
		movsb = fmt.Sprintf("rep movsb %s-%s", size(p.RepMovsb), size(p.RepMovsbStop))
	}
	return fmt.Sprintf("%s CPU, shared cache %s (%s per thread), non-temporal from %s, %s, AVX2 %t",
		p.Vendor, size(p.Shared), size(p.SharedPerThread), size(p.NonTemporal), movsb, p.AVX2)
}

// size prints a byte count in the largest binary unit that divides it.
func size(n uint64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// thresholds derives glibc's thresholds from the cache sizes, following
// dl_init_cacheinfo in glibc 2.38-2.41: the non-temporal threshold is a
// quarter of the shared cache, at least 3/4 of a thread's share (on AMD the
// share is the whole L3, so 3/4 of it); REP MOVSB starts at 8 KiB with AVX2
// (2112 B with FSRM) and on AMD only at the non-temporal threshold; it stops
// at the non-temporal threshold.
func thresholds(p Plan, fsrm bool) Plan {
	nt := p.Shared / 4
	low := p.SharedPerThread * 3 / 4
	if nt < low {
		nt = low
	}
	if !p.ERMS {
		nt = low
	}
	const minNT, defaultNT = 0x4040, 64 << 20
	if nt < minNT {
		nt = defaultNT
	}
	p.NonTemporal = nt
	switch {
	case p.AVX2:
		p.RepMovsb = 4096 * 2
	default:
		p.RepMovsb = 2048
	}
	if fsrm {
		p.RepMovsb = 2112
	}
	if p.Vendor == "amd" {
		p.RepMovsb = nt
	}
	p.RepMovsbStop = nt
	return p
}

// choose returns the loop glibc takes for an n-byte copy from src to dst
// (addresses), n > 256, the buffers not overlapping.
func (p Plan) choose(dst, src uintptr, n uint64) Path {
	diff := dst - src
	large := n > p.NonTemporal
	if p.ERMS && n > p.RepMovsb {
		if n < p.RepMovsbStop {
			return PathRepMovsb
		}
		large = n >= p.NonTemporal
	}
	if !large {
		if diff&(4096-256) == 0 {
			return PathBackward
		}
		return PathForward
	}
	// After aligning dst to 64 bytes the length shrinks by up to 64; the
	// 4-page loop is taken from 16× the threshold, or when dst - src is
	// within 256 bytes above a multiple of 4 KiB (page aliasing).
	adjusted := n - (64 - uint64(dst&63))
	if (diff-1)&(4096-256) == 0 || adjusted >= p.NonTemporal<<4 {
		return PathNT4x
	}
	return PathNT2x
}
