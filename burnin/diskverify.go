package burnin

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"syscall"
	"time"

	"github.com/ncw/directio"

	"github.com/hwqual/hwqual/internal/scratch"
)

// The disk phase writes blocks that describe themselves, on fio's verify
// model (fio's HOWTO, "verify" and "verify_header"): each block starts with
// a header naming where it belongs and how its payload was generated, and a
// checksum covers the block. Read back, a block proves it is the right
// block (offset), from the right pass (sequence), with the right contents
// (payload regenerated from the seed, CRC-32C over everything).
//
// Header layout (little endian), 64 bytes:
//
//	0  magic "HWQB" (0x42515748)     4  version (1)     6  reserved
//	8  block size                    12 reserved
//	16 offset of the block in the file
//	24 sequence (the pass writing it)
//	32 seed of the payload
//	40 time written, Unix nanoseconds
//	48 CRC-32C (Castagnoli) of the whole block with these 4 bytes zero
//	52 reserved up to 64, then the payload
const (
	blockMagic     = 0x42515748
	blockVersion   = 1
	headerBytes    = 64
	crcOffset      = 48
	DiskBlockBytes = 1 << 20
	// diskChunk blocks are written, then read back and verified.
	diskChunk = 32
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Corruption is a block that did not read back as written.
type Corruption struct {
	File string
	// Offset is the byte offset in the file of the first wrong byte.
	Offset   int64
	Block    int
	Expected string
	Found    string
	Detail   string
}

func (c Corruption) String() string {
	return fmt.Sprintf("%s block %d offset %d: expected %s, found %s (%s)", c.File, c.Block, c.Offset, c.Expected, c.Found, c.Detail)
}

// DiskVerifier writes and verifies self-describing blocks in one
// .hwqual-* file, cycling through it pass after pass.
type DiskVerifier struct {
	f      *os.File
	path   string
	blocks int
	// Direct is false when the file system refused O_DIRECT and the file
	// runs through the page cache with fdatasync instead.
	Direct bool
	runID  uint64
	seq    uint64
	cursor int
	// written[i] is the sequence block i last carried (0: never written).
	written []uint64
	buf     []byte
	exp     []byte
	// afterWrite, when set, runs between writing a chunk and reading it
	// back, with the chunk's block range. Tests corrupt the file there;
	// the production verification has to find it.
	afterWrite func(first, end int)
}

// OpenDiskVerifier creates a verify file of size bytes (rounded down to
// whole blocks) in dir with O_EXCL, O_DIRECT where the file system takes it.
func OpenDiskVerifier(reg *scratch.Registry, dir string, size int64) (*DiskVerifier, error) {
	blocks := int(size / DiskBlockBytes)
	if blocks < 1 {
		return nil, fmt.Errorf("disk verify file: %d bytes is less than one %d-byte block", size, DiskBlockBytes)
	}
	path, err := reg.Reserve(dir, "burnin-disk")
	if err != nil {
		return nil, err
	}
	v := &DiskVerifier{path: path, blocks: blocks, Direct: true, written: make([]uint64, blocks),
		buf: directio.AlignedBlock(DiskBlockBytes), exp: make([]byte, DiskBlockBytes)}
	v.f, err = directio.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, syscall.EINVAL) {
		v.Direct = false
		v.f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	}
	if err != nil {
		reg.Remove(path)
		return nil, fmt.Errorf("disk verify file: %w", err)
	}
	v.runID = uint64(time.Now().UnixNano())
	return v, nil
}

// Path is the verify file's path.
func (v *DiskVerifier) Path() string { return v.path }

// Close closes the file (the scratch registry removes it).
func (v *DiskVerifier) Close() error { return v.f.Close() }

// seed is block i's payload seed in pass seq.
func (v *DiskVerifier) seed(i int, seq uint64) uint64 {
	return splitmix64(v.runID ^ seq<<32 ^ uint64(i))
}

// build fills b with block i of pass seq written at t.
func (v *DiskVerifier) build(b []byte, i int, seq uint64, t time.Time) {
	clear(b[:headerBytes])
	binary.LittleEndian.PutUint32(b[0:], blockMagic)
	binary.LittleEndian.PutUint16(b[4:], blockVersion)
	binary.LittleEndian.PutUint32(b[8:], DiskBlockBytes)
	binary.LittleEndian.PutUint64(b[16:], uint64(i)*DiskBlockBytes)
	binary.LittleEndian.PutUint64(b[24:], seq)
	seed := v.seed(i, seq)
	binary.LittleEndian.PutUint64(b[32:], seed)
	binary.LittleEndian.PutUint64(b[40:], uint64(t.UnixNano()))
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

// WriteBlock writes block i for pass seq.
func (v *DiskVerifier) WriteBlock(i int, seq uint64) error {
	v.build(v.buf, i, seq, time.Now())
	if _, err := v.f.WriteAt(v.buf, int64(i)*DiskBlockBytes); err != nil {
		return fmt.Errorf("write %s block %d: %w", v.path, i, err)
	}
	v.written[i] = seq
	return nil
}

// VerifyBlock reads block i back and checks it against pass seq. It
// returns nil when the block is intact.
func (v *DiskVerifier) VerifyBlock(i int, seq uint64) (*Corruption, error) {
	off := int64(i) * DiskBlockBytes
	if _, err := v.f.ReadAt(v.buf, off); err != nil {
		return nil, fmt.Errorf("read %s block %d: %w", v.path, i, err)
	}
	b := v.buf
	bad := func(at int, expected, found, detail string) *Corruption {
		return &Corruption{File: v.path, Block: i, Offset: off + int64(at), Expected: expected, Found: found, Detail: detail}
	}
	hdr := func(at int, name string, want uint64) *Corruption {
		got := binary.LittleEndian.Uint64(b[at:])
		if name == "magic" {
			got = uint64(binary.LittleEndian.Uint32(b[at:]))
		}
		if got != want {
			return bad(at, fmt.Sprintf("%#x", want), fmt.Sprintf("%#x", got), "header "+name+" wrong")
		}
		return nil
	}
	for _, c := range []*Corruption{
		hdr(0, "magic", blockMagic),
		hdr(16, "offset", uint64(off)),
		hdr(24, "sequence", seq),
		hdr(32, "seed", v.seed(i, seq)),
	} {
		if c != nil {
			return c, nil
		}
	}
	stored := binary.LittleEndian.Uint32(b[crcOffset:])
	binary.LittleEndian.PutUint32(b[crcOffset:], 0)
	crc := crc32.Checksum(b, castagnoli)
	binary.LittleEndian.PutUint32(b[crcOffset:], stored)
	payload(v.exp[headerBytes:], v.seed(i, seq))
	first, wrong := -1, 0
	for j := headerBytes; j < len(b); j++ {
		if b[j] != v.exp[j] {
			if first < 0 {
				first = j
			}
			wrong++
		}
	}
	if first >= 0 {
		end := min(first+8, len(b))
		return bad(first, fmt.Sprintf("%x", v.exp[first:end]), fmt.Sprintf("%x", b[first:end]),
			fmt.Sprintf("%d payload bytes wrong; CRC-32C stored %#08x, computed %#08x; written %s",
				wrong, stored, crc, time.Unix(0, int64(binary.LittleEndian.Uint64(b[40:]))).UTC().Format(time.RFC3339))), nil
	}
	if crc != stored {
		return bad(crcOffset, fmt.Sprintf("%#08x", crc), fmt.Sprintf("%#08x", stored), "CRC-32C mismatch over the header"), nil
	}
	return nil, nil
}

// DiskProgress is what a disk phase did.
type DiskProgress struct {
	Written, Verified int
}

// Run writes the file chunk by chunk, reading back and verifying each
// chunk after it is written, until ctx ends; the next call continues
// where it stopped. Every corruption goes to report.
func (v *DiskVerifier) Run(ctx context.Context, report func(Corruption)) (DiskProgress, error) {
	var p DiskProgress
	for ctx.Err() == nil {
		if v.cursor == 0 {
			v.seq++
		}
		start := v.cursor
		end := min(start+diskChunk, v.blocks)
		for i := start; i < end; i++ {
			if err := v.WriteBlock(i, v.seq); err != nil {
				return p, err
			}
			p.Written++
		}
		if !v.Direct {
			if err := v.f.Sync(); err != nil {
				return p, fmt.Errorf("fsync %s: %w", v.path, err)
			}
		}
		if v.afterWrite != nil {
			v.afterWrite(start, end)
		}
		for i := start; i < end; i++ {
			c, err := v.VerifyBlock(i, v.written[i])
			if err != nil {
				return p, err
			}
			if c != nil {
				report(*c)
			}
			p.Verified++
		}
		v.cursor = end % v.blocks
	}
	return p, nil
}
