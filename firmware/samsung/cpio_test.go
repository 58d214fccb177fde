package samsung

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/isotest"
)

func TestReadCPIO(t *testing.T) {
	arch := isotest.Newc(isotest.Dir("."), isotest.Dir("root"), isotest.File("root/a", "hello"), isotest.Symlink("root/l", "a"))
	arch = append(arch, make([]byte, 512)...) // block padding after the trailer
	arch = append(arch, isotest.Newc(isotest.File("second", "xyz"))...)
	var got []string
	err := ReadCPIO(bytes.NewReader(arch), func(e CPIOEntry, data io.Reader) error {
		b, _ := io.ReadAll(data)
		got = append(got, fmt.Sprintf("%s:%o:%s", e.Name, e.Mode&modeTypeMask, b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := ".:40000:|root:40000:|root/a:100000:hello|root/l:120000:a|second:100000:xyz"
	if s := strings.Join(got, "|"); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

func TestReadCPIOErrors(t *testing.T) {
	good := isotest.Newc(isotest.File("root/fumagician/fumagician", "ELF"))
	tests := []struct {
		name      string
		arch      []byte
		truncated bool
		want      string
	}{
		{"empty", nil, true, "no trailer"},
		{"cut in a header", good[:50], true, "header at byte 0 cut short"},
		{"cut in data", good[:140], true, "needs 3 bytes of data"},
		{"no trailer", good[:len(good)-124], true, "no trailer"},
		{"old binary cpio", append([]byte{0xc7, 0x71}, good[2:]...), false, "bad magic"},
		{"bad hex", append([]byte("070701ZZZZZZZZ"), good[14:]...), false, "not hex"},
		{"huge name", []byte("070701" + strings.Repeat("00000000", 11) + "00FFFFFF" + "00000000"), false, "name length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ReadCPIO(bytes.NewReader(tt.arch), func(CPIOEntry, io.Reader) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, ErrCPIOTruncated) != tt.truncated {
				t.Fatalf("got %v, want %q (truncated %v)", err, tt.want, tt.truncated)
			}
		})
	}
}

func FuzzReadCPIO(f *testing.F) {
	f.Add(isotest.Newc(isotest.Dir("."), isotest.File("root/fumagician/fumagician", "ELF"), isotest.Symlink("l", "root")))
	f.Add(isotest.Newc(isotest.File("../x", "y"), isotest.Member{Name: "h", Mode: isotest.ModeRegular, Ino: 9, Nlink: 2}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var total int64
		err := ReadCPIO(bytes.NewReader(b), func(e CPIOEntry, data io.Reader) error {
			if len(e.Name) >= maxNameLen {
				t.Fatalf("name of %d bytes accepted", len(e.Name))
			}
			n, _ := io.Copy(io.Discard, data)
			if n > e.Size {
				t.Fatalf("read %d bytes of a %d-byte member", n, e.Size)
			}
			total += n
			return nil
		})
		if err == nil && total > int64(len(b)) {
			t.Fatalf("%d data bytes from a %d-byte archive", total, len(b))
		}
	})
}
