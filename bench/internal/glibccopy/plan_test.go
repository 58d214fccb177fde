package glibccopy

import (
	"bytes"
	"math/rand/v2"
	"os"
	"testing"
)

// TestThresholds checks the thresholds against what glibc 2.36-2.41
// computes, as its ld.so --list-diagnostics prints them.
func TestThresholds(t *testing.T) {
	tests := []struct {
		name string
		in   Plan
		fsrm bool
		nt   uint64
		movs uint64
	}{
		// The AMD Zen 5 VM this was written on: L3 256 MiB; glibc 2.36
		// prints non_temporal_threshold=0xc000000 (3/4 of L3).
		{"amd zen5 vm", Plan{Vendor: "amd", Shared: 256 << 20, SharedPerThread: 256 << 20, AVX2: true, ERMS: true}, true, 0xc000000, 0xc000000},
		// An Intel part with a 60 MiB L3 shared by 64 threads: a quarter
		// of L3 beats 3/4 of a thread's share.
		{"intel 60MiB/64", Plan{Vendor: "intel", Shared: 60 << 20, SharedPerThread: 60 << 20 / 64, AVX2: true, ERMS: true}, false, 15 << 20, 8192},
		{"intel fsrm", Plan{Vendor: "intel", Shared: 32 << 20, SharedPerThread: 2 << 20, AVX2: true, ERMS: true}, true, 8 << 20, 2112},
		{"no erms", Plan{Vendor: "intel", Shared: 32 << 20, SharedPerThread: 2 << 20, AVX2: true}, false, 3 << 19, 8192},
		{"no cache info", Plan{Vendor: "other", AVX2: true, ERMS: true}, false, 64 << 20, 8192},
	}
	for _, tt := range tests {
		got := thresholds(tt.in, tt.fsrm)
		if got.NonTemporal != tt.nt || got.RepMovsb != tt.movs || got.RepMovsbStop != tt.nt {
			t.Errorf("%s: non-temporal %#x rep movsb %d stop %#x, want %#x %d %#x", tt.name, got.NonTemporal, got.RepMovsb, got.RepMovsbStop, tt.nt, tt.movs, tt.nt)
		}
	}
}

// TestVariant checks the memmove glibc's ifunc picks (ifunc-memmove.h and
// the Prefer_No_AVX512 rule of cpu-features.c, glibc 2.36-2.41).
func TestVariant(t *testing.T) {
	avx512 := cpuFeatures{avx2: true, erms: true, avx512f: true, avx512vl: true}
	tests := []struct {
		name   string
		vendor string
		f      cpuFeatures
		want   string
		vec    int
	}{
		{"zen 5 / zen 4", "amd", avx512, VariantAVX512, 64},
		{"zen 3", "amd", cpuFeatures{avx2: true, erms: true}, VariantAVX, 32},
		{"skylake-sp to ice lake", "intel", avx512, VariantEVEX, 32},
		{"sapphire rapids (avx-vnni)", "intel", cpuFeatures{avx2: true, erms: true, avx512f: true, avx512vl: true, avxVNNI: true}, VariantAVX512, 64},
		{"xeon phi (avx512er)", "intel", cpuFeatures{avx2: true, erms: true, avx512f: true, avx512er: true}, "__memmove_avx512_no_vzeroupper (Xeon Phi; hwqual runs the 32-byte loops)", 32},
		{"avx512 without erms", "amd", cpuFeatures{avx2: true, avx512f: true, avx512vl: true}, VariantAVX512 + " (no ERMS: the variant without _erms)", 64},
		{"haswell", "intel", cpuFeatures{avx2: true, erms: true}, VariantAVX, 32},
		{"no avx2", "intel", cpuFeatures{erms: true}, VariantNone, 32},
	}
	for _, tt := range tests {
		name, vec := variant(preferNoAVX512(tt.vendor, tt.f), tt.f)
		if name != tt.want || vec != tt.vec {
			t.Errorf("%s: %s (%d-byte), want %s (%d-byte)", tt.name, name, vec, tt.want, tt.vec)
		}
	}
}

func TestChoose(t *testing.T) {
	amd := thresholds(Plan{Vendor: "amd", Shared: 256 << 20, SharedPerThread: 256 << 20, AVX2: true, ERMS: true}, true)
	intel := thresholds(Plan{Vendor: "intel", Shared: 32 << 20, SharedPerThread: 2 << 20, AVX2: true, ERMS: true}, false)
	const page = 4096
	tests := []struct {
		name     string
		p        Plan
		dst, src uintptr
		n        uint64
		want     Path
	}{
		{"amd 64MiB page-aligned", amd, 1 << 40, 1<<40 + 128<<20, 64 << 20, PathBackward},
		{"amd 64MiB offset", amd, 1<<40 + 512, 1<<40 + 128<<20, 64 << 20, PathForward},
		{"amd 256MiB", amd, 1<<40 + 512, 1 << 41, 256 << 20, PathNT2x},
		{"intel 1MiB", intel, 1<<40 + 512, 1 << 41, 1 << 20, PathRepMovsb},
		{"intel 64MiB", intel, 1<<40 + 512, 1 << 41, 64 << 20, PathNT2x},
		{"intel 64MiB page alias", intel, 1<<41 + page*9 + 64, 1 << 41, 64 << 20, PathNT4x},
		{"intel 200MiB", intel, 1<<40 + 512, 1 << 41, 200 << 20, PathNT4x},
		{"intel 4KiB", intel, 1<<40 + 512, 1 << 41, 4096, PathForward},
	}
	for _, tt := range tests {
		if got := tt.p.choose(tt.dst, tt.src, tt.n); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCopyEveryPath runs each loop on real buffers at many lengths and
// offsets and compares with copy(); plans with small thresholds send
// ordinary sizes down the large-copy loops.
func TestCopyEveryPath(t *testing.T) {
	det := Detect()
	if !det.AVX2 {
		t.Skip("no AVX2: Copy is Go's copy()")
	}
	plans := map[string]Plan{
		"detected": det,
		"nt":       {AVX2: true, VecSize: 32, NonTemporal: 0x4040, RepMovsb: 1 << 62, RepMovsbStop: 1 << 62},
		"movsb":    {AVX2: true, VecSize: 32, ERMS: true, NonTemporal: 1 << 40, RepMovsb: 300, RepMovsbStop: 1 << 40},
		"loop":     {AVX2: true, VecSize: 32, NonTemporal: 1 << 40, RepMovsb: 1 << 40, RepMovsbStop: 1 << 40},
	}
	if det.VecSize == 64 {
		// The AVX-512 loops, on CPUs that can run them.
		plans["nt64"] = Plan{AVX2: true, VecSize: 64, NonTemporal: 0x4040, RepMovsb: 1 << 62, RepMovsbStop: 1 << 62}
		plans["movsb64"] = Plan{AVX2: true, VecSize: 64, ERMS: true, NonTemporal: 1 << 40, RepMovsb: 600, RepMovsbStop: 1 << 40}
		plans["loop64"] = Plan{AVX2: true, VecSize: 64, NonTemporal: 1 << 40, RepMovsb: 1 << 40, RepMovsbStop: 1 << 40}
	} else {
		t.Log("no AVX-512 variant on this CPU: the 64-byte loops are not exercised")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	src := make([]byte, 300<<10)
	for i := range src {
		src[i] = byte(rng.Uint32())
	}
	seen, seen64 := map[Path]bool{}, map[Path]bool{}
	lengths := []int{0, 1, 255, 256, 257, 300, 511, 512, 513, 600, 1000, 4095, 4096, 8193, 16447, 16448, 16448 + 255, 20000, 32768 + 300, 65536 + 17, 200 << 10}
	for name, p := range plans {
		for _, n := range lengths {
			for _, so := range []int{0, 1, 31, 64, 4096 - 100} {
				for _, do := range []int{0, 3, 32, 63, 200, 4096 + 64} {
					dst := make([]byte, n+do+64)
					for i := range dst {
						dst[i] = 0xAA
					}
					path := p.Copy(dst[do:do+n], src[so:so+n])
					seen[path] = true
					if p.VecSize == 64 {
						seen64[path] = true
					}
					if !bytes.Equal(dst[do:do+n], src[so:so+n]) {
						t.Fatalf("%s: n=%d src+%d dst+%d via %q: copy differs", name, n, so, do, path)
					}
					for i, b := range dst[:do] {
						if b != 0xAA {
							t.Fatalf("%s: n=%d via %q wrote before dst at %d", name, n, path, i)
						}
					}
					for i, b := range dst[do+n:] {
						if b != 0xAA {
							t.Fatalf("%s: n=%d via %q wrote past dst at +%d", name, n, path, i)
						}
					}
				}
			}
		}
	}
	for _, path := range []Path{PathForward, PathBackward, PathRepMovsb, PathNT2x, PathNT4x, PathGo} {
		if !seen[path] {
			t.Errorf("no case took %q", path)
		}
		if det.VecSize == 64 && !seen64[path] {
			t.Errorf("no case took %q with 64-byte vectors", path)
		}
	}
}

// TestDiagnostics reads what Debian 12's glibc 2.36 loader printed on the
// Zen 5 guest (testdata/zen5-debian12.diag) and checks the plan takes its
// thresholds: a quarter of the 508 MiB L3 as non-temporal threshold, REP
// MOVSB from 2112 bytes (FSRM) to the 1 MiB L2, AVX-512 not avoided.
func TestDiagnostics(t *testing.T) {
	raw, err := os.ReadFile("testdata/zen5-debian12.diag")
	if err != nil {
		t.Fatal(err)
	}
	d, ok := parseDiagnostics(string(raw))
	if !ok {
		t.Fatal("diagnostics not understood")
	}
	want := Diagnostics{Version: "2.36", NonTemporal: 0x7f00000, RepMovsb: 0x840, RepMovsbStop: 0x100000, Shared: 0x1fc00000, AVXFastUnaligned: true}
	if d != want {
		t.Fatalf("got %+v, want %+v", d, want)
	}
	f := cpuFeatures{avx2: true, erms: true, avx512f: true, avx512vl: true}
	p := Plan{Vendor: "amd", AVX2: true, ERMS: true}.withDiagnostics(d, f)
	if p.Variant != VariantAVX512 || p.VecSize != 64 || p.NonTemporal != 127<<20 || p.RepMovsbStop != 1<<20 {
		t.Errorf("plan %+v", p)
	}
	// sc-sysinfo's copy: both buffers 16 bytes into a page, 64 MiB, below
	// the 127 MiB threshold: the 4-vector loop, backward (page aliasing).
	if got := p.choose(1<<40+16, 1<<41+16, 64<<20); got != PathBackward {
		t.Errorf("64 MiB copy: %q", got)
	}
	for _, bad := range []string{"", "x86.cpu_features.non_temporal_threshold=0x7f00000\n", "garbage=\n=\nx86.cpu_features.rep_movsb_threshold=zz\n"} {
		if _, ok := parseDiagnostics(bad); ok {
			t.Errorf("%q: accepted", bad)
		}
	}
}

// FuzzParseDiagnostics: the loader's output is parsed, never trusted to be
// well formed.
func FuzzParseDiagnostics(f *testing.F) {
	raw, err := os.ReadFile("testdata/zen5-debian12.diag")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(raw))
	f.Add("x86.cpu_features.non_temporal_threshold=0x\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDiagnostics(s)
		if ok && d.NonTemporal == 0 {
			t.Errorf("accepted a zero non-temporal threshold")
		}
	})
}

// FuzzCopy compares every loop, at both vector sizes the CPU can run, with
// copy() at fuzzed lengths and offsets, and checks nothing outside dst is
// written.
func FuzzCopy(f *testing.F) {
	det := Detect()
	if !det.AVX2 {
		f.Skip("no AVX2: Copy is Go's copy()")
	}
	f.Add(uint32(70000), uint16(3), uint16(4096+64), uint8(0))
	f.Add(uint32(16448), uint16(0), uint16(0), uint8(5))
	f.Fuzz(func(t *testing.T, n32 uint32, so, do uint16, which uint8) {
		n := int(n32 % (300 << 10))
		plans := []Plan{
			{AVX2: true, VecSize: 32, NonTemporal: 0x4040, RepMovsb: 1 << 62, RepMovsbStop: 1 << 62},
			{AVX2: true, VecSize: 32, ERMS: true, NonTemporal: 1 << 40, RepMovsb: 300, RepMovsbStop: 1 << 40},
			{AVX2: true, VecSize: 32, NonTemporal: 1 << 40, RepMovsb: 1 << 40, RepMovsbStop: 1 << 40},
		}
		if det.VecSize == 64 {
			for _, p := range plans[:3] {
				p.VecSize = 64
				plans = append(plans, p)
			}
		}
		p := plans[int(which)%len(plans)]
		src := make([]byte, n+int(so))
		for i := range src {
			src[i] = byte(i*7 + 1)
		}
		dst := make([]byte, n+int(do)+64)
		for i := range dst {
			dst[i] = 0xAA
		}
		path := p.Copy(dst[do:int(do)+n], src[so:])
		if !bytes.Equal(dst[do:int(do)+n], src[so:int(so)+n]) {
			t.Fatalf("n=%d src+%d dst+%d via %q (%d-byte): copy differs", n, so, do, path, p.VecSize)
		}
		for i, b := range dst[:do] {
			if b != 0xAA {
				t.Fatalf("n=%d via %q wrote before dst at %d", n, path, i)
			}
		}
		for i, b := range dst[int(do)+n:] {
			if b != 0xAA {
				t.Fatalf("n=%d via %q wrote past dst at +%d", n, path, i)
			}
		}
	})
}
