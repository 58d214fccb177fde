package bench

import (
	"context"
	"strings"
	"testing"
	"unsafe"
)

// BenchmarkCopy times the Copy metric's kernel, glibc's memcpy strategy,
// next to its capability figure, Go's copy() (runtime memmove), of 64 MiB
// between prefaulted buffers placed as malloc places them, and a plain byte
// loop as the floor any memcpy must beat.
func BenchmarkCopy(b *testing.B) {
	src, dst := mallocLike(copySize), mallocLike(copySize)
	plan := glibcPlan()
	b.Run("impl=glibc", func(b *testing.B) {
		b.SetBytes(copySize)
		for b.Loop() {
			plan.Copy(dst, src)
		}
	})
	b.Run("impl=memmove", func(b *testing.B) {
		b.SetBytes(copySize)
		for b.Loop() {
			copy(dst, src)
		}
	})
	b.Run("impl=loop", func(b *testing.B) {
		b.SetBytes(copySize)
		for b.Loop() {
			//nolint:staticcheck // S1001: the byte loop is this sub-benchmark, the floor any memcpy must beat; copy() is impl=memmove
			for i := range src {
				dst[i] = src[i]
			}
		}
	})
}

// TestCopyReportsStrategyAndCapability runs the Copy module for real: it
// names the glibc loop it took and carries Go's memmove as capability.
func TestCopyReportsStrategyAndCapability(t *testing.T) {
	res, err := memCopy{}.Run(context.Background(), Config{Plan: quickPlan})
	if err != nil {
		t.Fatal(err)
	}
	if res.Extra["capability_bytes_per_second"] <= 0 || res.Extra["capability_ratio"] <= 0 {
		t.Errorf("extra %v: no capability", res.Extra)
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "kernel glibc memcpy strategy: ") || !strings.Contains(notes, "capability: Go runtime memmove") {
		t.Errorf("notes %q", res.Notes)
	}
}

func TestMallocLikeOffset(t *testing.T) {
	b := mallocLike(1 << 20)
	if p := uintptr(unsafe.Pointer(&b[0])) % 4096; p != mallocOffset {
		t.Errorf("buffer starts %d bytes into its page, want %d", p, mallocOffset)
	}
}
