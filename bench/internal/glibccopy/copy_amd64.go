//go:build amd64 && gc && !purego

package glibccopy

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

//go:noescape
func loop4xForward(dst, src unsafe.Pointer, n uintptr)

//go:noescape
func loop4xBackward(dst, src unsafe.Pointer, n uintptr)

//go:noescape
func repMovsb(dst, src unsafe.Pointer, n uintptr, alignSrc bool)

//go:noescape
func largeNT(dst, src unsafe.Pointer, n uintptr, fourPages bool)

//go:noescape
func loop4xForward64(dst, src unsafe.Pointer, n uintptr)

//go:noescape
func loop4xBackward64(dst, src unsafe.Pointer, n uintptr)

//go:noescape
func largeNT64(dst, src unsafe.Pointer, n uintptr, fourPages bool)

func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

// Detect reads this CPU's cache sizes and features and returns glibc's plan
// for it: the thresholds glibc's loader computed on this machine where it
// can say (Diagnostics), else glibc 2.41's formulas on CPUID.
func Detect() Plan {
	p := Plan{Vendor: vendor(), AVX2: cpu.X86.HasAVX2, ERMS: cpu.X86.HasERMS}
	_, _, _, edx7 := cpuid(7, 0)
	fsrm := edx7&(1<<4) != 0
	f := cpuFeatures{
		avx2: p.AVX2, erms: p.ERMS,
		avx512f: cpu.X86.HasAVX512F, avx512vl: cpu.X86.HasAVX512VL, avx512er: cpu.X86.HasAVX512ER,
		avxVNNI: cpu.X86.HasAVXVNNI,
	}
	p.Variant, p.VecSize = variant(preferNoAVX512(p.Vendor, f), f)
	switch p.Vendor {
	case "amd":
		p.Shared, p.SharedPerThread = amdCaches()
	case "intel":
		p.Shared, p.SharedPerThread = intelCaches()
	default:
		p.Shared, p.SharedPerThread = intelCaches()
	}
	p = thresholds(p, fsrm)
	p.Source = "computed from CPUID with glibc 2.41's formulas (no glibc loader diagnostics here)"
	if d, ok := readDiagnostics(); ok {
		p = p.withDiagnostics(d, f)
	}
	return p
}

func vendor() string {
	_, b, c, d := cpuid(0, 0)
	var id [12]byte
	for i, r := range []uint32{b, d, c} {
		for j := range 4 {
			id[4*i+j] = byte(r >> (8 * j))
		}
	}
	switch string(id[:]) {
	case "AuthenticAMD", "HygonGenuine":
		return "amd"
	case "GenuineIntel":
		return "intel"
	}
	return "other"
}

// amdCaches follows glibc's handle_amd: the L3 size from CPUID 0x80000006
// (EDX[31:18] in 512 KiB units), the L2 size when there is no L3, L2 added
// to L3 before family 0x17 (exclusive caches); every thread's share is the
// whole of it.
func amdCaches() (shared, perThread uint64) {
	maxExt, _, _, _ := cpuid(0x80000000, 0)
	if maxExt < 0x80000006 {
		return 0, 0
	}
	_, _, ecx, edx := cpuid(0x80000006, 0)
	l2 := uint64(ecx>>16) << 10
	l3 := uint64(edx>>18) * 512 << 10
	eax1, _, _, _ := cpuid(1, 0)
	family := (eax1 >> 8) & 0xf
	if family == 0xf {
		family += (eax1 >> 20) & 0xff
	}
	switch {
	case l3 == 0:
		shared = l2
	case family < 0x17:
		shared = l3 + l2
	default:
		shared = l3
	}
	return shared, shared
}

// intelCaches follows glibc's handle_intel and get_common_cache_info in
// outline: the L3 (else L2) size from CPUID leaf 4, divided by the number of
// threads sharing it for a thread's share; for a non-inclusive L3 the L2 is
// added (whole to the shared size, per thread to the share).
func intelCaches() (shared, perThread uint64) {
	var l2, l3 uint64
	var l2Threads, l3Threads uint64 = 1, 1
	l3Inclusive := true
	for sub := uint32(0); sub < 16; sub++ {
		a, b, c, d := cpuid(4, sub)
		typ := a & 0x1f
		if typ == 0 {
			break
		}
		level := (a >> 5) & 7
		size := uint64((b>>22)+1) * uint64(((b>>12)&0x3ff)+1) * uint64((b&0xfff)+1) * uint64(c+1)
		threads := uint64((a>>14)&0xfff) + 1
		switch level {
		case 2:
			l2, l2Threads = size, threads
		case 3:
			l3, l3Threads = size, threads
			l3Inclusive = d&2 != 0
		}
	}
	if l3 == 0 {
		return l2, l2 / l2Threads
	}
	shared, perThread = l3, l3/l3Threads
	if !l3Inclusive {
		shared += l2
		perThread += l2 / l2Threads
	}
	return shared, perThread
}

// Copy copies src into dst (len(dst) bytes; src must be at least as long)
// with the loop glibc's memcpy takes for this size on this CPU, and returns
// which loop ran.
func (p Plan) Copy(dst, src []byte) Path {
	n := len(dst)
	if n > len(src) {
		panic("glibccopy: src shorter than dst")
	}
	if n <= 8*max(p.VecSize, 32) || !p.AVX2 || overlap(dst, src) {
		copy(dst, src[:n])
		return PathGo
	}
	d, s := unsafe.Pointer(&dst[0]), unsafe.Pointer(&src[0])
	path := p.choose(uintptr(d), uintptr(s), uint64(n))
	l := loops32
	if p.VecSize == 64 {
		l = loops64
	}
	switch path {
	case PathForward:
		l.forward(d, s, uintptr(n))
	case PathBackward:
		l.backward(d, s, uintptr(n))
	case PathRepMovsb:
		// glibc aligns the source instead of the destination when the
		// two 4 KiB-alias (dst - src within 512 bytes of a page multiple).
		repMovsb(d, s, uintptr(n), (uintptr(d)-uintptr(s))&(4096-512) == 0)
	case PathNT2x:
		l.nonTemporal(d, s, uintptr(n), false)
	case PathNT4x:
		l.nonTemporal(d, s, uintptr(n), true)
	}
	return path
}

// loops are one vector size's loops; REP MOVSB is the same for both.
type loops struct {
	forward, backward func(dst, src unsafe.Pointer, n uintptr)
	nonTemporal       func(dst, src unsafe.Pointer, n uintptr, fourPages bool)
}

var (
	loops32 = loops{loop4xForward, loop4xBackward, largeNT}
	loops64 = loops{loop4xForward64, loop4xBackward64, largeNT64}
)

func overlap(a, b []byte) bool {
	pa, pb := uintptr(unsafe.Pointer(&a[0])), uintptr(unsafe.Pointer(&b[0]))
	return pa < pb+uintptr(len(a)) && pb < pa+uintptr(len(a))
}
