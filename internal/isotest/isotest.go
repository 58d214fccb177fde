// Package isotest builds the test inputs of `hwqual firmware
// samsung-extract`: newc cpio archives, gzip'd initrds and ISO 9660 images
// laid out like Samsung's firmware ISOs, including hostile variants. It is
// used by tests only.
package isotest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kdomanski/iso9660"
)

// File type bits as in stat(2).
const (
	ModeDir     = 0o040000
	ModeRegular = 0o100000
	ModeSymlink = 0o120000
	ModeCharDev = 0o020000
)

// Member is one cpio entry.
type Member struct {
	Name       string
	Mode       uint32
	Data       string
	Ino, Nlink uint32
}

// File is a regular file member, mode 0644, holding data.
func File(name, data string) Member { return Member{Name: name, Mode: ModeRegular | 0o644, Data: data} }

// Dir is a directory member, mode 0755.
func Dir(name string) Member { return Member{Name: name, Mode: ModeDir | 0o755} }

// Symlink is a symbolic link member pointing at to.
func Symlink(name, to string) Member { return Member{Name: name, Mode: ModeSymlink | 0o777, Data: to} }

// Newc writes members as a newc cpio archive with its trailer, the way
// `cpio -o -H newc` does.
func Newc(members ...Member) []byte {
	var b bytes.Buffer
	pad := func() {
		for b.Len()%4 != 0 {
			b.WriteByte(0)
		}
	}
	for i, m := range append(members, Member{Name: "TRAILER!!!"}) {
		ino, nlink := m.Ino, m.Nlink
		if ino == 0 {
			ino = uint32(i + 1)
		}
		if nlink == 0 {
			nlink = 1
		}
		fmt.Fprintf(&b, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
			ino, m.Mode, 0, 0, nlink, 0, len(m.Data), 0, 0, 0, 0, len(m.Name)+1, 0)
		b.WriteString(m.Name)
		b.WriteByte(0)
		pad()
		b.WriteString(m.Data)
		pad()
	}
	return b.Bytes()
}

// SamsungInitrd is an uncompressed initrd laid out like Samsung's: a small
// root file system with busybox links, a device node, a hard-linked pair
// and root/fumagician/, plus extra members at the end.
func SamsungInitrd(extra ...Member) []byte {
	ms := []Member{
		Dir("."), Dir("bin"), File("bin/busybox", "BUSYBOX"), Symlink("bin/sh", "busybox"),
		Dir("usr"), Dir("usr/bin"), Symlink("usr/bin/awk", "../../bin/busybox"),
		{Name: "dev/console", Mode: ModeCharDev | 0o600},
		Dir("root"), Dir("root/fumagician"),
		{Name: "root/fumagician/fumagician", Mode: ModeRegular | 0o4755, Data: "\x7fELF fumagician"},
		{Name: "root/fumagician/fumagician.sh", Mode: ModeRegular | 0o755, Data: "#!/bin/sh\n./fumagician\n"},
		// newc stores a hard link's data with its last name.
		{Name: "root/fumagician/DSRD.link", Mode: ModeRegular | 0o644, Ino: 77, Nlink: 2},
		{Name: "root/fumagician/DSRD.enc", Mode: ModeRegular | 0o644, Data: "encrypted", Ino: 77, Nlink: 2},
	}
	return Newc(append(ms, extra...)...)
}

// Gzip compresses b.
func Gzip(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// BuildISO writes an ISO 9660 image holding files (path → content) as
// dir/fw.iso and returns its path.
func BuildISO(t testing.TB, dir string, files map[string][]byte) string {
	t.Helper()
	w, err := iso9660.NewWriter()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Cleanup()
	for name, data := range files {
		if err := w.AddFile(bytes.NewReader(data), name); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "fw.iso")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := w.WriteTo(f, "SAMSUNG"); err != nil {
		t.Fatal(err)
	}
	return path
}
