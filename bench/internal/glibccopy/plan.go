// Package glibccopy copies memory the way glibc's memcpy does on x86-64 for
// copies larger than 8 vectors, so that a benchmark of memcpy — Substrate's
// Copy metric calls libc::memcpy on 64 MiB — scores on any machine what
// glibc scores there.
//
// Which memcpy runs is glibc's ifunc choice (sysdeps/x86_64/multiarch/
// ifunc-memmove.h, the same logic in glibc 2.36, 2.39 and 2.41: Debian 12,
// Ubuntu 24.04, Debian 13): where AVX512F and AVX512VL are usable and the
// CPU is not marked Prefer_No_AVX512, __memmove_avx512_unaligned_erms with
// 64-byte vectors; else, with AVX2 (AVX_Fast_Unaligned_Load), the 32-byte
// __memmove_evex_unaligned_erms where AVX512VL is usable and
// __memmove_avx_unaligned_erms where not. sysdeps/x86/cpu-features.c sets
// Prefer_No_AVX512 only on Intel CPUs with AVX-512 but neither AVX512ER nor
// AVX-VNNI (Skylake-SP to Ice Lake); never on AMD, so Zen 4 and Zen 5 copy
// with 64-byte vectors. Checked on a Zen 5 guest under Debian 12's glibc
// 2.36-9+deb12u14: gdb resolves memcpy to __memcpy_avx512_unaligned_erms,
// and `ld.so --list-diagnostics` prints Prefer_No_AVX512=0. The EVEX
// variant's large-copy loops are the AVX2 variant's (32-byte vectors in
// the upper registers), so Copy runs them with the AVX2 loops.
//
// Each variant picks one of three loops by size
// (memmove-vec-unaligned-erms.S), against thresholds glibc derives from
// the CPU's cache sizes at start-up (sysdeps/x86/dl-cacheinfo.h):
//
//   - a loop of 4 vectors with ordinary (temporal) stores, forward, or
//     backward when source and destination 4 KiB-alias;
//   - REP MOVSB, on CPUs with ERMS between rep_movsb_threshold and
//     rep_movsb_stop_threshold (never on AMD from glibc 2.40 on, which sets
//     the former to the non-temporal threshold; Debian 12's 2.36 stops it
//     at the L2 size there, so a 64 MiB copy never takes it on AMD);
//   - from the non-temporal threshold up, a loop over 2 pages at once (4
//     pages from 16× the threshold, or when the buffers page-alias) with
//     prefetch and non-temporal stores.
//
// Plan takes the thresholds glibc's own loader computed on this machine
// (`ld.so --list-diagnostics`, see Diagnostics) where there is one, else
// reproduces them from CPUID with glibc 2.41's formulas; Copy takes the
// same branch.
// The loops are hwqual's own Go assembly (copy_amd64.s); where AVX2 is
// missing Copy falls back to Go's copy() and says so in the Path it
// returns.
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
	PathGo       Path = "Go copy() (no AVX2, or at most 8 vectors, or overlapping)"
)

// The glibc memmove variants Copy mirrors, as glibc names them.
const (
	VariantAVX512 = "__memmove_avx512_unaligned_erms"
	VariantEVEX   = "__memmove_evex_unaligned_erms"
	VariantAVX    = "__memmove_avx_unaligned_erms"
	// VariantNone is reported where no AVX2 variant applies; Copy then
	// uses Go's copy().
	VariantNone = "none (no AVX2)"
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
	// Source says where the thresholds come from: glibc's loader on this
	// machine, or glibc's formulas applied to CPUID.
	Source string
	// Variant is the memmove glibc's ifunc selects on this CPU, VecSize
	// its vector size in bytes (64 for the AVX-512 variant, else 32).
	Variant string
	VecSize int
}

func (p Plan) String() string {
	movsb := "no rep movsb"
	if p.ERMS && p.RepMovsb < p.RepMovsbStop {
		movsb = fmt.Sprintf("rep movsb %s-%s", size(p.RepMovsb), size(p.RepMovsbStop))
	}
	return fmt.Sprintf("%s, %d-byte vectors; %s CPU, shared cache %s, non-temporal from %s, %s; thresholds %s",
		p.Variant, p.VecSize, p.Vendor, size(p.Shared), size(p.NonTemporal), movsb, p.Source)
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

// cpuFeatures are the CPU properties glibc's memmove ifunc and thresholds
// depend on.
type cpuFeatures struct {
	avx2, erms                  bool
	avx512f, avx512vl, avx512er bool
	avxVNNI                     bool
}

// preferNoAVX512 follows cpu-features.c (glibc 2.36-2.41): Prefer_No_AVX512
// is set on Intel only, unless the CPU has AVX512ER (Xeon Phi) or AVX-VNNI
// (whose AVX-512 parts keep their clock on ZMM loads and stores).
func preferNoAVX512(vendor string, f cpuFeatures) bool {
	return vendor == "intel" && !f.avx512er && !f.avxVNNI
}

// variant follows ifunc-memmove.h (glibc 2.36-2.41) for a CPU without the
// Prefer_ERMS/Prefer_FSRM tunables. Without ERMS glibc picks the same
// variant without the _erms suffix, the same loops less REP MOVSB
// (Plan.ERMS covers that).
func variant(preferNoAVX512 bool, f cpuFeatures) (name string, vecSize int) {
	suffix := ""
	if !f.erms {
		suffix = " (no ERMS: the variant without _erms)"
	}
	switch {
	case f.avx512f && !preferNoAVX512 && f.avx512vl:
		return VariantAVX512 + suffix, 64
	case f.avx512f && !preferNoAVX512:
		// Xeon Phi: an older AVX-512 memmove hwqual does not mirror.
		return "__memmove_avx512_no_vzeroupper (Xeon Phi; hwqual runs the 32-byte loops)", 32
	case !f.avx2:
		return VariantNone, 32
	case f.avx512vl:
		return VariantEVEX + suffix, 32
	}
	return VariantAVX + suffix, 32
}

// thresholds derives glibc's thresholds from the cache sizes, following
// dl_init_cacheinfo in glibc 2.38-2.41: the non-temporal threshold is a
// quarter of the shared cache, at least 3/4 of a thread's share (on AMD the
// share is the whole L3, so 3/4 of it); REP MOVSB starts at 8 KiB with AVX2
// (2112 B with FSRM) and on AMD only at the non-temporal threshold; it stops
// at the non-temporal threshold. With 64-byte vectors REP MOVSB's default
// start is 16 KiB (4096 × VEC_SIZE/16).
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
	case p.VecSize == 64:
		p.RepMovsb = 4096 * 4
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

// withDiagnostics replaces the computed thresholds and the
// Prefer_No_AVX512/AVX_Fast_Unaligned_Load decisions with glibc's own.
func (p Plan) withDiagnostics(d Diagnostics, f cpuFeatures) Plan {
	p.NonTemporal, p.RepMovsb, p.RepMovsbStop, p.Shared = d.NonTemporal, d.RepMovsb, d.RepMovsbStop, d.Shared
	if !d.AVXFastUnaligned {
		f.avx2 = false // glibc takes its SSE2 variant: hwqual has no loops for it
		p.AVX2 = false
	}
	p.Variant, p.VecSize = variant(d.PreferNoAVX512, f)
	p.Source = "from glibc " + d.Version + "'s loader on this machine (ld.so --list-diagnostics)"
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
	// within 8 vectors above a multiple of 4 KiB (page aliasing:
	// PAGE_SIZE - VEC_SIZE * 8 in large_memcpy_2x).
	adjusted := n - (64 - uint64(dst&63))
	vec := uintptr(p.VecSize)
	if vec == 0 {
		vec = 32
	}
	if (diff-1)&(4096-8*vec) == 0 || adjusted >= p.NonTemporal<<4 {
		return PathNT4x
	}
	return PathNT2x
}
