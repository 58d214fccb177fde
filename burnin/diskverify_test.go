package burnin

import (
	"context"
	"crypto/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/ncw/directio"
	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/internal/testtools/need"
)

// Every fault in these tests is made from outside the verifier, the way a
// failing drive would show it: another file descriptor writes the file
// (O_DIRECT, so the bytes reach the device and the page cache is
// invalidated), while the verifier's own code runs unchanged.

func openVerifier(t *testing.T, blocks int, mode string) *DiskVerifier {
	t.Helper()
	reg := scratch.New()
	t.Cleanup(func() { reg.RemoveAll() })
	v, _, err := OpenDiskVerifier(reg, t.TempDir(), int64(blocks)*DiskBlockBytes, mode)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// writePass writes every block of v for pass seq and syncs it, as a Run
// pass does.
func writePass(t *testing.T, v *DiskVerifier, seq uint64) {
	t.Helper()
	for i := range v.blocks {
		if err := v.WriteBlock(i, seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.sync(0, v.blocks); err != nil {
		t.Fatal(err)
	}
}

// outside writes data at off through a file descriptor of its own.
func outside(t *testing.T, path string, off int64, data []byte) {
	t.Helper()
	f, err := directio.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(data, off); err != nil {
		t.Fatal(err)
	}
}

// outsideRead reads n bytes at off (a multiple of 4 KiB) through a file
// descriptor of its own.
func outsideRead(t *testing.T, path string, off int64, n int) []byte {
	t.Helper()
	f, err := directio.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := directio.AlignedBlock(n)
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
	return b
}

func randomSector(t *testing.T) []byte {
	b := directio.AlignedBlock(4096)
	rand.Read(b)
	return b
}

// Each kind of fault is named: another block's data (misdirected write),
// an older pass's data (lost write), changed bytes in the payload or the
// header (corrupted data, located to the first byte and counted), and a
// block the file no longer holds (I/O error, short read).
func TestDiskVerifierNamesFaults(t *testing.T) {
	for _, mode := range []string{DiskIOAuto, DiskIOBuffered} {
		t.Run(mode, func(t *testing.T) {
			v := openVerifier(t, 6, mode)
			writePass(t, v, 1)
			for i := range 6 {
				if c := v.VerifyBlock(i, ReadPhaseEnd); c != nil {
					t.Fatalf("intact block %d: %v", i, c)
				}
			}
			stale := outsideRead(t, v.Path(), 2*DiskBlockBytes, DiskBlockBytes)
			writePass(t, v, 2)
			// Lost write: block 2 back to pass 1's data.
			outside(t, v.Path(), 2*DiskBlockBytes, stale)
			// Misdirected write: block 0's data over block 1.
			outside(t, v.Path(), 1*DiskBlockBytes, outsideRead(t, v.Path(), 0, DiskBlockBytes))
			// Corrupted payload: one random 4 KiB sector of block 3.
			outside(t, v.Path(), 3*DiskBlockBytes+8192, randomSector(t))
			// Corrupted header: block 4's first sector.
			outside(t, v.Path(), 4*DiskBlockBytes, randomSector(t))
			// Short read: the file cut inside block 5.
			if err := os.Truncate(v.Path(), 5*DiskBlockBytes+4096); err != nil {
				t.Fatal(err)
			}

			want := []struct {
				fault  string
				offset int64
				detail string
				found  string
			}{
				{"", 0, "", ""},
				{FaultMisdirected, DiskBlockBytes, "belongs at offset 0 found at offset 1048576", "block 0's data"},
				{FaultLostWrite, 2 * DiskBlockBytes, "stale data: the write of pass 2", "pass 1's intact data"},
				{FaultCorrupted, 3*DiskBlockBytes + 8192, "block bytes 8192–12287; header intact", ""},
				{FaultCorrupted, 4 * DiskBlockBytes, "header damaged", ""},
				{FaultIO, 5 * DiskBlockBytes, "short read", "4096 bytes"},
			}
			for i, w := range want {
				c := v.VerifyBlock(i, ReadFinal)
				if w.fault == "" {
					if c != nil {
						t.Errorf("block %d intact, got %v", i, c)
					}
					continue
				}
				if c == nil {
					t.Errorf("block %d: %s not found", i, w.fault)
					continue
				}
				if c.Fault != w.fault || c.Offset != w.offset || c.Block != i || c.Read != ReadFinal ||
					!strings.Contains(c.Detail, w.detail) || !strings.Contains(c.Found, w.found) || c.Written.IsZero() || c.At.Before(c.Written) {
					t.Errorf("block %d: got %+v, want %s at %d (%q)", i, c, w.fault, w.offset, w.detail)
				}
				if c.LastGood.IsZero() != true {
					t.Errorf("block %d: last good %s, but pass 2 was never read back intact", i, c.LastGood)
				}
				// A fault is reported once, not at every later read.
				if again := v.VerifyBlock(i, ReadFinal); again != nil {
					t.Errorf("block %d reported twice", i)
				}
			}
			if c := v.VerifyBlock(0, ReadFinal); c != nil {
				t.Errorf("block 0 was only read from: %v", c)
			}
		})
	}
}

// The bytes counted in a corrupted block are the ones the outside writer
// changed, and the first is located exactly.
func TestDiskVerifierLocatesChangedBytes(t *testing.T) {
	v := openVerifier(t, 2, DiskIOAuto)
	writePass(t, v, 1)
	if c := v.VerifyBlock(1, ReadPhaseEnd); c != nil {
		t.Fatal(c)
	}
	sector := outsideRead(t, v.Path(), DiskBlockBytes+4096, 4096)
	sector[100] ^= 0x01
	sector[107] ^= 0x80
	outside(t, v.Path(), DiskBlockBytes+4096, sector)
	c := v.VerifyBlock(1, ReadPhaseEnd)
	if c == nil || c.Fault != FaultCorrupted || c.Offset != DiskBlockBytes+4096+100 || !strings.HasPrefix(c.Detail, "2 of 1048576 bytes differ, block bytes 4196–4203") || c.LastGood.IsZero() {
		t.Fatalf("got %+v", c)
	}
	if c.Expected == c.Found || len(c.Expected) != 16 {
		t.Fatalf("expected %s found %s", c.Expected, c.Found)
	}
}

// Run reads every block before overwriting it: data that went bad after it
// was written and verified is found at the next pass, not overwritten.
func TestDiskVerifierReadsBeforeOverwrite(t *testing.T) {
	v := openVerifier(t, 4, DiskIOAuto)
	var faults []Corruption
	collect := func(c Corruption) { faults = append(faults, c) }
	// Two passes at least, in phases as short as the machine allows.
	var p DiskProgress
	for p.Written < 2*v.blocks {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		q, err := v.Run(ctx, collect)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		p.Add(q)
	}
	if p.Checked < v.blocks || len(faults) != 0 {
		t.Fatalf("healthy run: %+v, faults %v", p, faults)
	}
	// Every block now holds data; corrupt one the next pass will overwrite.
	outside(t, v.Path(), int64(v.cursor)*DiskBlockBytes+65536, randomSector(t))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := v.Run(ctx, collect); err != nil {
		t.Fatal(err)
	}
	if len(faults) != 1 || faults[0].Fault != FaultCorrupted || faults[0].Read != ReadBeforeOverwrite || faults[0].Offset%DiskBlockBytes != 65536 {
		t.Fatalf("faults %+v", faults)
	}
}

// VerifyPhase reads what the last Run wrote, VerifyAll the whole file, and
// neither finds anything wrong on a healthy file.
func TestDiskVerifierPhaseEndAndFinalRead(t *testing.T) {
	v := openVerifier(t, 64, DiskIOAuto)
	fail := func(c Corruption) { t.Errorf("healthy file: %v", c) }
	// Half a pass: the phase-end read covers exactly what was written.
	for i := range 40 {
		if err := v.WriteBlock(i, 1); err != nil {
			t.Fatal(err)
		}
	}
	v.seq, v.cursor, v.phaseFrom, v.phaseWrote = 1, 40, 0, 40
	p, err := v.VerifyPhase(context.Background(), fail)
	if err != nil || p.Checked != 40 {
		t.Fatalf("phase end: %+v %v", p, err)
	}
	// A phase that wrapped around: blocks 50–63 and 0–9.
	v.phaseFrom, v.phaseWrote = 50, 24
	for i := 40; i < 64; i++ {
		v.WriteBlock(i, 1)
	}
	outside(t, v.Path(), 5*DiskBlockBytes, randomSector(t))  // written by the phase
	outside(t, v.Path(), 20*DiskBlockBytes, randomSector(t)) // not: the final read's
	var found []Corruption
	p, err = v.VerifyPhase(context.Background(), func(c Corruption) { found = append(found, c) })
	if err != nil || p.Checked != 24 || len(found) != 1 || found[0].Block != 5 || found[0].Read != ReadPhaseEnd {
		t.Fatalf("wrapped phase end: %+v %v %+v", p, err, found)
	}
	found = nil
	p, err = v.VerifyAll(context.Background(), func(c Corruption) { found = append(found, c) })
	if err != nil || p.Checked != 63 || len(found) != 1 || found[0].Block != 20 || found[0].Read != ReadFinal {
		t.Fatalf("final read: %+v %v %+v", p, err, found)
	}
}

// In buffered mode the file leaves no pages in the page cache after a
// chunk is synced, so a later read-back has to come from the device.
func TestDiskVerifierBufferedDropsPages(t *testing.T) {
	v := openVerifier(t, 4, DiskIOBuffered)
	if v.Mode != DiskIOBuffered {
		t.Fatalf("mode %s", v.Mode)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := v.Run(ctx, func(c Corruption) { t.Errorf("healthy: %v", c) }); err != nil {
		t.Fatal(err)
	}
	if err := v.prepareRead(0, v.blocks); err != nil {
		t.Fatal(err)
	}
	if n := residentPages(t, v.Path()); n != 0 {
		t.Fatalf("%d pages of the verify file still cached before a read-back", n)
	}
}

// residentPages counts the file's pages in the page cache (mincore).
func residentPages(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	vec := make([]byte, (len(m)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	n := 0
	for _, b := range vec {
		n += int(b & 1)
	}
	return n
}

// A write the device refuses is an I/O error fault naming the block, and
// ends the pass with an error. The refusal comes from outside, as a drive
// turning read-only would: the file is made immutable (chattr +i) while
// the verifier holds it open.
func TestDiskVerifierRefusedWrite(t *testing.T) {
	chattr := need.Tool(t, "a refused write", "chattr", "e2fsprogs")
	if os.Geteuid() != 0 {
		t.Skip("skip: chattr +i needs root")
	}
	v := openVerifier(t, 4, DiskIOAuto)
	writePass(t, v, 1)
	if out, err := exec.Command(chattr, "+i", v.Path()).CombinedOutput(); err != nil {
		t.Skipf("skip: chattr +i on %s: %v %s", v.Path(), err, out)
	}
	t.Cleanup(func() { exec.Command(chattr, "-i", v.Path()).Run() })
	v.seq, v.cursor = 1, 0
	var faults []Corruption
	_, err := v.Run(context.Background(), func(c Corruption) { faults = append(faults, c) })
	if err == nil || NoSpace(err) {
		t.Fatalf("Run on an immutable file: %v", err)
	}
	if len(faults) != 1 || faults[0].Fault != FaultIO || faults[0].Block != 0 || faults[0].Read != writeOp || faults[0].Detail == "" {
		t.Fatalf("faults %+v", faults)
	}
	// The block's content is unknown now: it is not judged again.
	if c := v.VerifyBlock(0, ReadFinal); c != nil {
		t.Fatalf("block 0 after a refused write: %v", c)
	}
}
