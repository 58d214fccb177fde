package burnin

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/ncw/directio"
	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/internal/scratch"
)

// The disk phase writes blocks that describe themselves, on fio's verify
// model (fio's HOWTO, "verify" and "verify_header"): each block starts with
// a header naming where it belongs and how its payload was generated, and a
// checksum covers the block. Read back, a block proves it is the right
// block (offset), of this run (run id), from the right pass (sequence),
// with the right contents (payload regenerated from the seed, CRC-32C over
// everything).
//
// Header layout (little endian), 64 bytes:
//
//	0  magic "HWQB" (0x42515748)     4  version (2)     6  reserved
//	8  block size                    12 reserved
//	16 offset of the block in the file
//	24 sequence (the pass writing it)
//	32 seed of the payload
//	40 time written, Unix nanoseconds
//	48 CRC-32C (Castagnoli) of the whole block with these 4 bytes zero
//	52 reserved
//	56 run id (the verifier's, so a block of another file or run is known)
//	64 payload
//
// When blocks are read matters more than how: a read right after the write
// is the one most likely to be answered from the drive's DRAM cache, and
// the faults a burn-in is for (bits that decay at rest, writes lost when
// the cache is flushed, writes that land on the wrong block, a drive that
// turns read-only) show later. So, like fio's write-then-verify phases,
// badblocks -w and stressapptest's disk threads, every block is read back
// well after it was written: before it is overwritten in the next pass,
// at the end of the disk phase that wrote it, and in a final full read at
// the end of the run, which also finds what went bad while the disk sat
// idle during the other phases.
const (
	blockMagic     = 0x42515748
	blockVersion   = 2
	headerBytes    = 64
	crcOffset      = 48
	runIDOffset    = 56
	DiskBlockBytes = 1 << 20
	// diskChunk blocks are verified, written and synced together.
	diskChunk = 32
)

// Disk I/O modes: what --disk-io asks for, and what ran.
const (
	// DiskIOAuto is O_DIRECT where the file system takes it, else buffered.
	DiskIOAuto = "auto"
	// DiskIODirect is O_DIRECT or nothing: the run stops when refused.
	DiskIODirect = "direct"
	// DiskIOBuffered goes through the page cache, each read-back preceded
	// by fdatasync and posix_fadvise(POSIX_FADV_DONTNEED) over its range
	// so the read reaches the device rather than the cached pages.
	DiskIOBuffered = "buffered+fadvise"
)

// Fault kinds of a block that did not read back as written.
const (
	// FaultMisdirected is a block holding another block's data (its header
	// names another offset, or another run): a write that landed at the
	// wrong place, or a read answered from the wrong place.
	FaultMisdirected = "misdirected_write"
	// FaultLostWrite is a block holding an older pass's intact data: the
	// newer write never reached the medium (stale data).
	FaultLostWrite = "lost_write"
	// FaultCorrupted is a block whose bytes differ from what was written
	// without being another block's intact data.
	FaultCorrupted = "corrupted_data"
	// FaultIO is a read or write the device refused (EIO, EROFS, a short
	// read).
	FaultIO = "io_error"
)

// FaultName is a fault kind in words.
func FaultName(fault string) string {
	switch fault {
	case FaultMisdirected:
		return "misdirected write"
	case FaultLostWrite:
		return "lost write (stale data)"
	case FaultCorrupted:
		return "corrupted data"
	case FaultIO:
		return "I/O error"
	}
	return fault
}

// Which read found a fault.
const (
	ReadBeforeOverwrite = "read before overwrite"
	ReadPhaseEnd        = "read at the end of the disk phase"
	ReadFinal           = "final full read"
	// writeOp is the write that failed (a FaultIO only).
	writeOp = "write"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Corruption is a block that did not read back as written.
type Corruption struct {
	File  string
	Block int
	// Offset is the file offset of the first wrong byte (corrupted data),
	// else of the block.
	Offset int64
	// Fault is one of the Fault* kinds; Read which read found it.
	Fault    string
	Read     string
	Expected string
	Found    string
	Detail   string
	// Written is when the block's expected content was written, LastGood
	// when it last read back intact (zero: not since it was written), and
	// At when the fault was found: the fault happened between the later of
	// Written and LastGood, and At.
	Written, LastGood, At time.Time
}

func (c Corruption) String() string {
	return fmt.Sprintf("%s block %d offset %d: %s (%s): expected %s, found %s (%s)", c.File, c.Block, c.Offset, FaultName(c.Fault), c.Read, c.Expected, c.Found, c.Detail)
}

// DiskVerifier writes and verifies self-describing blocks in one
// .hwqual-* file, cycling through it pass after pass.
type DiskVerifier struct {
	f      *os.File
	path   string
	blocks int
	// Mode is DiskIODirect or DiskIOBuffered: what runs.
	Mode  string
	runID uint64
	seq   uint64
	// cursor is the next block to write.
	cursor int
	// Per block: the sequence it last carried (0: never written), when
	// that was written and when it last read back intact (Unix ns, 0:
	// not since written), and whether that version was already reported
	// bad (so the same fault is reported once).
	written   []uint64
	writtenAt []int64
	goodAt    []int64
	reported  []bool
	// phaseFrom and phaseWrote are where the current Run began and how
	// many blocks it wrote, for the read at the end of the phase.
	phaseFrom, phaseWrote int
	buf, exp              []byte
}

// ErrDirectRefused is returned by OpenDiskVerifier in DiskIODirect mode
// when the file system refuses O_DIRECT.
var ErrDirectRefused = errors.New("the file system refuses O_DIRECT")

// OpenDiskVerifier creates a verify file of size bytes (rounded down to
// whole blocks) in dir with O_EXCL. mode is DiskIOAuto (O_DIRECT where the
// file system takes it, else buffered), DiskIODirect or DiskIOBuffered;
// the second result says why the file runs buffered, if it does.
func OpenDiskVerifier(reg *scratch.Registry, dir string, size int64, mode string) (*DiskVerifier, string, error) {
	blocks := int(size / DiskBlockBytes)
	if blocks < 1 {
		return nil, "", fmt.Errorf("disk verify file: %d bytes is less than one %d-byte block", size, DiskBlockBytes)
	}
	path, err := reg.Reserve(dir, "burnin-disk")
	if err != nil {
		return nil, "", err
	}
	v := &DiskVerifier{path: path, blocks: blocks, Mode: DiskIODirect,
		written: make([]uint64, blocks), writtenAt: make([]int64, blocks), goodAt: make([]int64, blocks), reported: make([]bool, blocks),
		buf: directio.AlignedBlock(DiskBlockBytes), exp: make([]byte, DiskBlockBytes)}
	why := ""
	const flags = os.O_RDWR | os.O_CREATE | os.O_EXCL
	if mode == DiskIOBuffered {
		v.Mode, why = DiskIOBuffered, "asked for with --disk-io buffered"
		v.f, err = os.OpenFile(path, flags, 0o600)
	} else {
		v.f, err = directio.OpenFile(path, flags, 0o600)
		if errors.Is(err, syscall.EINVAL) {
			if mode == DiskIODirect {
				err = fmt.Errorf("%s: %w (--disk-io %s)", dir, ErrDirectRefused, DiskIODirect)
			} else {
				v.Mode, why = DiskIOBuffered, ErrDirectRefused.Error()
				v.f, err = os.OpenFile(path, flags, 0o600)
			}
		}
	}
	if err != nil {
		reg.Remove(path)
		return nil, "", fmt.Errorf("disk verify file: %w", err)
	}
	v.runID = uint64(time.Now().UnixNano())
	return v, why, nil
}

// Path is the verify file's path.
func (v *DiskVerifier) Path() string { return v.path }

// Pass is the pass being written (1 for the first).
func (v *DiskVerifier) Pass() uint64 { return v.seq }

// Close closes the file (the scratch registry removes it).
func (v *DiskVerifier) Close() error { return v.f.Close() }

// seed is block i's payload seed in pass seq.
func (v *DiskVerifier) seed(i int, seq uint64) uint64 {
	return splitmix64(v.runID ^ seq<<32 ^ uint64(i))
}

// build fills b with block i of pass seq written at t (Unix ns).
func (v *DiskVerifier) build(b []byte, i int, seq uint64, t int64) {
	clear(b[:headerBytes])
	binary.LittleEndian.PutUint32(b[0:], blockMagic)
	binary.LittleEndian.PutUint16(b[4:], blockVersion)
	binary.LittleEndian.PutUint32(b[8:], DiskBlockBytes)
	binary.LittleEndian.PutUint64(b[16:], uint64(i)*DiskBlockBytes)
	binary.LittleEndian.PutUint64(b[24:], seq)
	seed := v.seed(i, seq)
	binary.LittleEndian.PutUint64(b[32:], seed)
	binary.LittleEndian.PutUint64(b[40:], uint64(t))
	binary.LittleEndian.PutUint64(b[runIDOffset:], v.runID)
	payload(b[headerBytes:], seed)
	binary.LittleEndian.PutUint32(b[crcOffset:], crc32.Checksum(b, castagnoli))
}

// payload is xorshift64* from seed, 8 bytes at a time.
func payload(b []byte, seed uint64) {
	x := seed | 1
	for i := 0; i+8 <= len(b); i += 8 {
		x ^= x >> 12
		x ^= x << 25
		x ^= x >> 27
		binary.LittleEndian.PutUint64(b[i:], x*0x2545f4914f6cdd1d)
	}
}

// WriteBlock writes block i for pass seq. The caller syncs.
func (v *DiskVerifier) WriteBlock(i int, seq uint64) error {
	now := time.Now().UnixNano()
	v.build(v.buf, i, seq, now)
	if _, err := v.f.WriteAt(v.buf, int64(i)*DiskBlockBytes); err != nil {
		// What the block holds now is unknown: it is not verified again.
		v.written[i] = 0
		return fmt.Errorf("write %s block %d: %w", v.path, i, err)
	}
	v.written[i], v.writtenAt[i], v.goodAt[i], v.reported[i] = seq, now, 0, false
	return nil
}

// sync makes blocks [first, end) durable: fdatasync, so the drive has to
// take the data out of its volatile cache; in buffered mode the range's
// now clean pages are dropped too, so the page cache holds none of the
// file.
func (v *DiskVerifier) sync(first, end int) error {
	if err := unix.Fdatasync(int(v.f.Fd())); err != nil {
		return fmt.Errorf("fdatasync %s: %w", v.path, err)
	}
	if v.Mode == DiskIOBuffered {
		return v.dropCache(first, end)
	}
	return nil
}

// dropCache drops the page cache's clean pages of blocks [first, end).
func (v *DiskVerifier) dropCache(first, end int) error {
	off := int64(first) * DiskBlockBytes
	if err := unix.Fadvise(int(v.f.Fd()), off, int64(end-first)*DiskBlockBytes, unix.FADV_DONTNEED); err != nil {
		return fmt.Errorf("posix_fadvise(DONTNEED) %s: %w", v.path, err)
	}
	return nil
}

// prepareRead makes the next reads of blocks [first, end) reach the
// device. O_DIRECT reads do; buffered ones first write back anything
// dirty (fdatasync) and drop the range's pages.
func (v *DiskVerifier) prepareRead(first, end int) error {
	if v.Mode != DiskIOBuffered {
		return nil
	}
	if err := unix.Fdatasync(int(v.f.Fd())); err != nil {
		return fmt.Errorf("fdatasync %s: %w", v.path, err)
	}
	return v.dropCache(first, end)
}

// VerifyBlock reads block i back and checks it against what was last
// written there; read names the read in the report. It returns nil when
// the block is intact (or was never written, or its fault is already
// reported). Read errors are faults (FaultIO), not errors.
func (v *DiskVerifier) VerifyBlock(i int, read string) *Corruption {
	seq := v.written[i]
	if seq == 0 || v.reported[i] {
		return nil
	}
	off := int64(i) * DiskBlockBytes
	n, err := v.f.ReadAt(v.buf, off)
	now := time.Now()
	c := &Corruption{File: v.path, Block: i, Offset: off, Read: read, At: now.UTC(), Written: time.Unix(0, v.writtenAt[i]).UTC()}
	if v.goodAt[i] != 0 {
		c.LastGood = time.Unix(0, v.goodAt[i]).UTC()
	}
	v.reported[i] = true // cleared below when intact
	if err != nil {
		c.Fault, c.Expected = FaultIO, fmt.Sprintf("%d bytes", DiskBlockBytes)
		c.Found = fmt.Sprintf("%d bytes", n)
		if errors.Is(err, io.EOF) {
			c.Detail = "short read: the file ends inside the block"
		} else {
			c.Detail = err.Error()
		}
		return c
	}
	v.build(v.exp, i, seq, v.writtenAt[i])
	if bytes.Equal(v.buf, v.exp) {
		v.goodAt[i], v.reported[i] = now.UnixNano(), false
		return nil
	}
	v.classify(c, v.buf, seq)
	return c
}

// classify names what block c.Block holds instead of pass seq's data.
// A header that is intact (magic, version, CRC over the whole block) but
// names another block or run is a misdirected write, one naming an older
// pass a lost write; anything else is corrupted data, located byte by byte
// against what was written.
func (v *DiskVerifier) classify(c *Corruption, b []byte, seq uint64) {
	off := uint64(c.Offset)
	hOff := binary.LittleEndian.Uint64(b[16:])
	hSeq := binary.LittleEndian.Uint64(b[24:])
	hRun := binary.LittleEndian.Uint64(b[runIDOffset:])
	hTime := time.Unix(0, int64(binary.LittleEndian.Uint64(b[40:]))).UTC().Format(time.RFC3339Nano)
	stored := binary.LittleEndian.Uint32(b[crcOffset:])
	binary.LittleEndian.PutUint32(b[crcOffset:], 0)
	crc := crc32.Checksum(b, castagnoli)
	binary.LittleEndian.PutUint32(b[crcOffset:], stored)
	intact := binary.LittleEndian.Uint32(b) == blockMagic && binary.LittleEndian.Uint16(b[4:]) == blockVersion && crc == stored
	want := fmt.Sprintf("block %d (offset %d), pass %d written %s", c.Block, off, seq, c.Written.Format(time.RFC3339Nano))
	switch {
	case intact && hRun != v.runID:
		c.Fault, c.Expected = FaultMisdirected, want
		c.Found = fmt.Sprintf("an intact block of another file or run (run id %#x, offset %d, pass %d written %s)", hRun, hOff, hSeq, hTime)
		c.Detail = "data from elsewhere on the drive"
		return
	case intact && hOff != off:
		c.Fault, c.Expected = FaultMisdirected, want
		c.Found = fmt.Sprintf("block %d's data (offset %d), pass %d written %s", hOff/DiskBlockBytes, hOff, hSeq, hTime)
		c.Detail = fmt.Sprintf("data that belongs at offset %d found at offset %d", hOff, off)
		return
	case intact && hSeq < seq:
		c.Fault, c.Expected = FaultLostWrite, want
		c.Found = fmt.Sprintf("pass %d's intact data written %s", hSeq, hTime)
		c.Detail = fmt.Sprintf("stale data: the write of pass %d never reached the medium", seq)
		return
	}
	first, last, wrong := -1, 0, 0
	for j := range b {
		if b[j] != v.exp[j] {
			if first < 0 {
				first = j
			}
			last = j
			wrong++
		}
	}
	end := min(first+8, len(b))
	c.Fault = FaultCorrupted
	c.Offset = int64(off) + int64(first)
	c.Expected, c.Found = fmt.Sprintf("%x", v.exp[first:end]), fmt.Sprintf("%x", b[first:end])
	header := "header intact"
	if first < headerBytes {
		header = "header damaged"
	}
	c.Detail = fmt.Sprintf("%d of %d bytes differ, block bytes %d–%d; %s; CRC-32C stored %#08x, computed %#08x",
		wrong, len(b), first, last, header, stored, crc)
}

// DiskProgress is what a disk phase did.
type DiskProgress struct {
	// Written blocks; Checked blocks read back and compared (before
	// overwrite, at the phase end, in the final read); Faults found.
	Written, Checked, Faults int
}

// Add sums two progress counts.
func (p *DiskProgress) Add(q DiskProgress) {
	p.Written += q.Written
	p.Checked += q.Checked
	p.Faults += q.Faults
}

// Run writes the file chunk by chunk until ctx ends; the next call
// continues where it stopped. Before a chunk is overwritten each of its
// blocks is read and must still hold the previous pass's data. Every fault
// goes to report. A failed write is reported as a FaultIO and ends the
// call with an error wrapping it; so does a failed sync.
func (v *DiskVerifier) Run(ctx context.Context, report func(Corruption)) (DiskProgress, error) {
	var p DiskProgress
	v.phaseFrom, v.phaseWrote = v.cursor, 0
	for ctx.Err() == nil {
		if v.cursor == 0 {
			v.seq++
		}
		start := v.cursor
		end := min(start+diskChunk, v.blocks)
		if err := v.prepareRead(start, end); err != nil {
			return p, err
		}
		for i := start; i < end; i++ {
			// Each block is read right before its write, so what goes bad
			// between the two is as little as one block's read.
			v.check(i, ReadBeforeOverwrite, &p, report)
			if err := v.WriteBlock(i, v.seq); err != nil {
				if !NoSpace(err) {
					report(Corruption{File: v.path, Block: i, Offset: int64(i) * DiskBlockBytes, Fault: FaultIO, Read: writeOp,
						Expected: fmt.Sprintf("pass %d written", v.seq), Found: "write refused", Detail: errors.Unwrap(err).Error(), At: time.Now().UTC()})
					p.Faults++
				}
				return p, err
			}
			p.Written++
			v.phaseWrote++
		}
		if err := v.sync(start, end); err != nil {
			if !NoSpace(err) {
				report(Corruption{File: v.path, Block: start, Offset: int64(start) * DiskBlockBytes, Fault: FaultIO, Read: "fdatasync",
					Expected: fmt.Sprintf("blocks %d–%d durable", start, end-1), Found: "fdatasync failed", Detail: err.Error(), At: time.Now().UTC()})
				p.Faults++
			}
			return p, err
		}
		v.cursor = end % v.blocks
	}
	return p, nil
}

// NoSpace reports whether err is a full file system or quota: the
// environment's fault, not the drive's.
func NoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// verifyRange checks blocks [first, end) that hold data, stopping early
// when ctx ends.
func (v *DiskVerifier) verifyRange(ctx context.Context, first, end int, read string, report func(Corruption)) (DiskProgress, error) {
	var p DiskProgress
	if err := v.prepareRead(first, end); err != nil {
		return p, err
	}
	for i := first; i < end && ctx.Err() == nil; i++ {
		v.check(i, read, &p, report)
	}
	return p, nil
}

// check verifies block i if it holds data not yet found bad, counting in p.
func (v *DiskVerifier) check(i int, read string, p *DiskProgress, report func(Corruption)) {
	if v.written[i] == 0 || v.reported[i] {
		return
	}
	p.Checked++
	if c := v.VerifyBlock(i, read); c != nil {
		p.Faults++
		report(*c)
	}
}

// VerifyPhase reads back every block the last Run wrote (its latest
// version), so nothing a phase wrote is left unread when the disk goes
// idle. It stops early when ctx ends.
func (v *DiskVerifier) VerifyPhase(ctx context.Context, report func(Corruption)) (DiskProgress, error) {
	n := min(v.phaseWrote, v.blocks)
	if n == v.blocks {
		return v.verifyAll(ctx, ReadPhaseEnd, report)
	}
	// The phase wrote n blocks from phaseFrom on, wrapping at the end.
	first, end := v.phaseFrom, v.phaseFrom+n
	var p DiskProgress
	for _, r := range [][2]int{{first, min(end, v.blocks)}, {0, max(0, end-v.blocks)}} {
		if r[1] <= r[0] {
			continue
		}
		q, err := v.verifyChunks(ctx, r[0], r[1], ReadPhaseEnd, report)
		p.Add(q)
		if err != nil {
			return p, err
		}
	}
	return p, nil
}

// VerifyAll reads back every block written so far: the final full read.
func (v *DiskVerifier) VerifyAll(ctx context.Context, report func(Corruption)) (DiskProgress, error) {
	return v.verifyAll(ctx, ReadFinal, report)
}

func (v *DiskVerifier) verifyAll(ctx context.Context, read string, report func(Corruption)) (DiskProgress, error) {
	return v.verifyChunks(ctx, 0, v.blocks, read, report)
}

// verifyChunks checks [first, end) a chunk at a time, so a buffered
// file's pages are dropped just before each chunk is read.
func (v *DiskVerifier) verifyChunks(ctx context.Context, first, end int, read string, report func(Corruption)) (DiskProgress, error) {
	var p DiskProgress
	for s := first; s < end && ctx.Err() == nil; s += diskChunk {
		q, err := v.verifyRange(ctx, s, min(s+diskChunk, end), read, report)
		p.Add(q)
		if err != nil {
			return p, err
		}
	}
	return p, nil
}
