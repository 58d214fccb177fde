package samsung

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// CPIOEntry is one member header of a newc ("070701"/"070702") cpio
// archive, the format of Linux initramfs images.
type CPIOEntry struct {
	Name  string
	Mode  uint32 // file type and permission bits, as in stat(2)
	Ino   uint32
	Nlink uint32
	Size  int64
	// DevMajor/DevMinor identify the file system the inode came from;
	// with Ino they group hard links.
	DevMajor, DevMinor uint32
}

// File type bits of CPIOEntry.Mode.
const (
	modeTypeMask = 0o170000
	modeDir      = 0o040000
	modeRegular  = 0o100000
	modeSymlink  = 0o120000
)

// IsDir reports whether the entry is a directory. An entry that is neither
// a directory, a regular file nor a symlink is a device node, FIFO or socket.
func (e CPIOEntry) IsDir() bool { return e.Mode&modeTypeMask == modeDir }

// IsRegular reports whether the entry is a regular file.
func (e CPIOEntry) IsRegular() bool { return e.Mode&modeTypeMask == modeRegular }

// IsSymlink reports whether the entry is a symbolic link; its data is the target.
func (e CPIOEntry) IsSymlink() bool { return e.Mode&modeTypeMask == modeSymlink }

const (
	cpioHeaderLen = 110
	cpioTrailer   = "TRAILER!!!"
	maxNameLen    = 4096 // PATH_MAX
)

// ErrCPIOTruncated marks an archive that ends before its trailer.
var ErrCPIOTruncated = errors.New("truncated cpio archive")

// ReadCPIO walks a newc cpio archive (or several concatenated, as in
// initramfs images) to the end of r, calling fn for every member with a reader of exactly the member's data (fn need not drain
// it). It stops at the first malformed header, a truncated archive or an
// error from fn.
func ReadCPIO(r io.Reader, fn func(e CPIOEntry, data io.Reader) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	for {
		e, n, err := readCPIOHeader(br, off)
		if err != nil {
			return err
		}
		off += n
		if e.Name == cpioTrailer {
			// Initramfs images may concatenate archives with NUL padding in
			// between; reading to the end also lets gzip verify its CRC.
			more, err := skipZeros(br, &off)
			if err != nil || !more {
				return err
			}
			continue
		}
		data := &countingReader{r: io.LimitReader(br, e.Size)}
		if err := fn(e, data); err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, data); err != nil {
			return fmt.Errorf("cpio %s: %w", e.Name, err)
		}
		if data.n != e.Size {
			return fmt.Errorf("%w: %s needs %d bytes of data, archive ends after %d", ErrCPIOTruncated, e.Name, e.Size, data.n)
		}
		off += e.Size
		if err := skipPad(br, &off); err != nil {
			return err
		}
	}
}

func readCPIOHeader(br *bufio.Reader, off int64) (CPIOEntry, int64, error) {
	var h [cpioHeaderLen]byte
	if n, err := io.ReadFull(br, h[:]); err != nil {
		if n == 0 && errors.Is(err, io.EOF) {
			return CPIOEntry{}, 0, fmt.Errorf("%w: no trailer (ends at byte %d)", ErrCPIOTruncated, off)
		}
		return CPIOEntry{}, 0, fmt.Errorf("%w: header at byte %d cut short", ErrCPIOTruncated, off)
	}
	if m := string(h[:6]); m != "070701" && m != "070702" {
		return CPIOEntry{}, 0, fmt.Errorf("cpio: bad magic %q at byte %d (want newc 070701)", m, off)
	}
	var f [13]uint32
	for i := range f {
		v, err := strconv.ParseUint(string(h[6+8*i:14+8*i]), 16, 32)
		if err != nil {
			return CPIOEntry{}, 0, fmt.Errorf("cpio: header at byte %d: field %d is not hex", off, i)
		}
		f[i] = uint32(v)
	}
	e := CPIOEntry{Ino: f[0], Mode: f[1], Nlink: f[4], Size: int64(f[6]), DevMajor: f[7], DevMinor: f[8]}
	nameLen := int(f[11])
	if nameLen < 1 || nameLen > maxNameLen {
		return e, 0, fmt.Errorf("cpio: header at byte %d: name length %d out of range", off, nameLen)
	}
	name := make([]byte, nameLen)
	if _, err := io.ReadFull(br, name); err != nil {
		return e, 0, fmt.Errorf("%w: name at byte %d cut short", ErrCPIOTruncated, off+cpioHeaderLen)
	}
	if name[nameLen-1] != 0 {
		return e, 0, fmt.Errorf("cpio: name at byte %d is not NUL-terminated", off+cpioHeaderLen)
	}
	e.Name = string(name[:nameLen-1])
	n := int64(cpioHeaderLen + nameLen)
	end := off + n
	if err := skipPad(br, &end); err != nil {
		return e, 0, err
	}
	return e, end - off, nil
}

// skipZeros skips NUL bytes and reports whether anything follows them.
func skipZeros(br *bufio.Reader, off *int64) (bool, error) {
	for {
		c, err := br.ReadByte()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("cpio: after trailer at byte %d: %w", *off, err)
		}
		if c != 0 {
			return true, br.UnreadByte()
		}
		*off++
	}
}

// skipPad advances *off to the next multiple of four.
func skipPad(br *bufio.Reader, off *int64) error {
	pad := (4 - *off%4) % 4
	if pad == 0 {
		return nil
	}
	if _, err := br.Discard(int(pad)); err != nil {
		return fmt.Errorf("%w: padding at byte %d cut short", ErrCPIOTruncated, *off)
	}
	*off += pad
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
