package burnin

import (
	"strings"
	"testing"
)

func TestParseMemSize(t *testing.T) {
	for _, c := range []struct {
		in    string
		pct   float64
		bytes int64
		err   string
	}{
		{"70%", 70, 0, ""},
		{"512MiB", 0, 512 << 20, ""},
		{"2 GiB", 0, 2 << 30, ""},
		{"1.5GB", 0, 1_500_000_000, ""},
		{"0%", 0, 0, "above 0"},
		{"150%", 0, 0, "at most 100"},
		{"512", 0, 0, "want a size with a unit"},
		{"lots", 0, 0, "want a size"},
		{"512XB", 0, 0, "unknown unit \"XB\""},
		{"10KiB", 0, 0, "between 1 MiB"},
	} {
		pct, b, err := ParseMemSize(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || pct != c.pct || b != c.bytes {
			t.Errorf("%q: %v %v %v, want %v %v", c.in, pct, b, err, c.pct, c.bytes)
		}
	}
}

func TestMemoryUnderTest(t *testing.T) {
	m := MemInfo{Total: 32 << 30, Available: 20 << 30}
	if got, err := MemoryUnderTest(70, 0, m); err != nil || got != 14<<30 {
		t.Fatalf("70%%: %d %v", got>>20, err)
	}
	// 20 GiB available, margin max(1 GiB, 1.6 GiB): at most 18.4 GiB.
	if _, err := MemoryUnderTest(95, 0, m); err == nil || !strings.Contains(err.Error(), "safety margin") {
		t.Fatalf("95%%: %v", err)
	}
	if _, err := MemoryUnderTest(0, 19<<30, m); err == nil {
		t.Fatal("19 GiB of 20 available accepted")
	}
	if got, _ := ReadMemInfo("testdata/edac-before"); got.Total != 0 {
		t.Fatal("meminfo read from a tree without one")
	}
}

func FuzzParseMemSize(f *testing.F) {
	for _, s := range []string{"70%", "512MiB", "2 GiB", "1e3GB", ".%", "9999999999TiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pct, b, err := ParseMemSize(s)
		if err == nil && (pct > 0) == (b > 0) {
			t.Fatalf("%q: pct %v bytes %v: exactly one must be set", s, pct, b)
		}
		if err == nil && (pct > 100 || b < 0) {
			t.Fatalf("%q: out of range %v %v", s, pct, b)
		}
	})
}
