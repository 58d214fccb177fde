package burnin

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/scratch"
)

// A byte changed in the file between write and read-back is reported with
// its file offset, block, and the bytes expected and found.
func TestDiskVerifierFindsCorruptBlock(t *testing.T) {
	dir := t.TempDir()
	reg := scratch.New()
	defer reg.RemoveAll()
	v, err := OpenDiskVerifier(reg, dir, 4*DiskBlockBytes)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for i := range 4 {
		if err := v.WriteBlock(i, 1); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		if c, err := v.VerifyBlock(i, 1); err != nil || c != nil {
			t.Fatalf("block %d clean: %v %v", i, c, err)
		}
	}
	const at = 2*DiskBlockBytes + 5000
	f, err := os.OpenFile(v.Path(), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b [1]byte
	f.ReadAt(b[:], at)
	b[0] ^= 0x10
	if _, err := f.WriteAt(b[:], at); err != nil {
		t.Fatal(err)
	}
	f.Sync()
	f.Close()

	c, err := v.VerifyBlock(2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		t.Fatal("corrupted block verified clean")
	}
	if c.Offset != at || c.Block != 2 || c.File != v.Path() || c.Expected == c.Found || !strings.Contains(c.Detail, "1 payload bytes wrong") {
		t.Fatalf("got %+v, want offset %d block 2", c, at)
	}
}

// A block from an older pass, or one written at the wrong place, is caught
// by its header.
func TestDiskVerifierHeaderChecks(t *testing.T) {
	reg := scratch.New()
	defer reg.RemoveAll()
	v, err := OpenDiskVerifier(reg, t.TempDir(), 2*DiskBlockBytes)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	v.WriteBlock(0, 1)
	v.WriteBlock(1, 1)
	if c, _ := v.VerifyBlock(0, 2); c == nil || !strings.Contains(c.Detail, "sequence") || c.Offset != 24 {
		t.Fatalf("stale block: %+v", c)
	}
	// Copy block 0 over block 1: a misdirected write.
	data, _ := os.ReadFile(v.Path())
	copy(data[DiskBlockBytes:], data[:DiskBlockBytes])
	os.WriteFile(v.Path(), data, 0o600)
	if c, _ := v.VerifyBlock(1, 1); c == nil || !strings.Contains(c.Detail, "offset") || c.Offset != DiskBlockBytes+16 {
		t.Fatalf("misplaced block: %+v", c)
	}
}

// Run cycles through the file and verifies what it writes.
func TestDiskVerifierRun(t *testing.T) {
	reg := scratch.New()
	defer reg.RemoveAll()
	v, err := OpenDiskVerifier(reg, t.TempDir(), 8*DiskBlockBytes)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	p, err := v.Run(ctx, func(c Corruption) { t.Errorf("corruption on a good disk: %v", c) })
	if err != nil {
		t.Fatal(err)
	}
	if p.Written == 0 || p.Verified != p.Written {
		t.Fatalf("written %d, verified %d", p.Written, p.Verified)
	}
}
