package samsung

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/isotest"
)

func TestSamsungExtract(t *testing.T) {
	work := t.TempDir()
	iso := isotest.BuildISO(t, work, map[string][]byte{"bzImage": []byte("kernel"), "initrd": isotest.Gzip(isotest.SamsungInitrd())})
	out := filepath.Join(work, "out")
	res, err := Extract(context.Background(), iso, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fumagician != filepath.Join(out, FumagicianPath) || res.Initrd != "/initrd" {
		t.Errorf("result %+v", res)
	}
	if want := "cd " + filepath.Join(out, "root/fumagician") + " && sudo ./fumagician"; res.Command() != want {
		t.Errorf("command %q, want %q", res.Command(), want)
	}
	fi, err := os.Stat(res.Fumagician)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != 0o755 {
		t.Errorf("fumagician mode %v, want 0755 without setuid", fi.Mode())
	}
	if b, _ := os.ReadFile(res.Fumagician); string(b) != "\x7fELF fumagician" {
		t.Errorf("fumagician content %q", b)
	}
	if l, _ := os.Readlink(filepath.Join(out, "usr/bin/awk")); l != "../../bin/busybox" {
		t.Errorf("usr/bin/awk -> %q", l)
	}
	a, _ := os.Stat(filepath.Join(out, "root/fumagician/DSRD.enc"))
	b, _ := os.Stat(filepath.Join(out, "root/fumagician/DSRD.link"))
	if a == nil || b == nil || !os.SameFile(a, b) {
		t.Error("DSRD.enc and DSRD.link are not one hard-linked file")
	}
	if _, err := os.Lstat(filepath.Join(out, "dev/console")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("device node created: %v", err)
	}
	if len(res.Skipped) != 1 || res.Entries != 12 {
		t.Errorf("skipped %v, entries %d; want 1 skipped, 12 written", res.Skipped, res.Entries)
	}
}

func TestSamsungExtractRefuses(t *testing.T) {
	tests := []struct {
		name   string
		initrd []byte
		files  map[string][]byte // ISO contents instead of initrd
		unsafe bool
		want   string
	}{
		{"dot-dot", isotest.Gzip(isotest.SamsungInitrd(isotest.File("../evil", "x"))), nil, true, `"../evil" has a .. element`},
		{"dot-dot inside", isotest.Gzip(isotest.SamsungInitrd(isotest.File("root/../../evil", "x"))), nil, true, "has a .. element"},
		{"absolute", isotest.Gzip(isotest.SamsungInitrd(isotest.File("/tmp/evil", "x"))), nil, true, "absolute path"},
		{"absolute symlink", isotest.Gzip(isotest.SamsungInitrd(isotest.Symlink("evil", "/etc/passwd"))), nil, true, "absolute path"},
		{"escaping symlink", isotest.Gzip(isotest.SamsungInitrd(isotest.Symlink("evil", "../../etc"))), nil, true, "outside the output directory"},
		{"escape through a symlink chain", isotest.Gzip(isotest.SamsungInitrd(isotest.Symlink("here", "."), isotest.Symlink("evil", "here/.."))), nil, true, "outside"},
		{"write through escaping link", isotest.Gzip(isotest.SamsungInitrd(isotest.Symlink("up", "bin/../.."), isotest.File("up/evil", "x"))), nil, true, "outside"},
		{"duplicate", isotest.Gzip(isotest.SamsungInitrd(isotest.File("bin/busybox", "other"))), nil, true, "appears twice"},
		{"no initrd", nil, map[string][]byte{"bzImage": []byte("k")}, false, "no initrd in the image"},
		{"not gzip", isotest.SamsungInitrd(), nil, false, "not gzip data"},
		{"corrupt gzip", corrupt(isotest.Gzip(isotest.SamsungInitrd())), nil, false, "corrupt gzip"},
		{"truncated cpio", isotest.Gzip(isotest.SamsungInitrd()[:300]), nil, false, "truncated cpio archive"},
		{"no fumagician", isotest.Gzip(isotest.Newc(isotest.Dir("."), isotest.File("bin/busybox", "x"))), nil, false, "no root/fumagician/fumagician"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work := t.TempDir()
			files := tt.files
			if files == nil {
				files = map[string][]byte{"bzImage": []byte("k"), "initrd": tt.initrd}
			}
			iso := isotest.BuildISO(t, work, files)
			_, err := Extract(context.Background(), iso, filepath.Join(work, "out"))
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, ErrUnsafeArchive) != tt.unsafe {
				t.Fatalf("got %v, want %q (unsafe %v)", err, tt.want, tt.unsafe)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			assertOnly(t, work, "fw.iso")
		})
	}
}

func corrupt(b []byte) []byte {
	c := bytes.Clone(b)
	c[len(c)/2] ^= 0xff
	return c
}

// assertOnly checks that dir holds exactly the named entries: a refused
// extraction leaves nothing behind.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want only %v", dir, got, names)
	}
}

func TestSamsungExtractOutDir(t *testing.T) {
	work := t.TempDir()
	iso := isotest.BuildISO(t, work, map[string][]byte{"initrd": isotest.Gzip(isotest.SamsungInitrd())})
	full := filepath.Join(work, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "keep"), []byte("mine"), 0o644)
	if _, err := Extract(context.Background(), iso, full); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("non-empty --out: got %v", err)
	}
	empty := filepath.Join(work, "empty")
	os.Mkdir(empty, 0o755)
	if _, err := Extract(context.Background(), iso, empty); err != nil {
		t.Errorf("existing empty --out: %v", err)
	}
	if _, err := Extract(context.Background(), filepath.Join(work, "missing.iso"), filepath.Join(work, "o")); err == nil || !strings.HasPrefix(err.Error(), "ISO:") {
		t.Errorf("missing ISO: got %v", err)
	}
	notISO := filepath.Join(work, "not.iso")
	os.WriteFile(notISO, []byte("hello"), 0o644)
	if _, err := Extract(context.Background(), notISO, filepath.Join(work, "o")); err == nil || !strings.Contains(err.Error(), "not an ISO 9660 image") {
		t.Errorf("not an ISO: got %v", err)
	}
}

// FuzzExtractPlan feeds arbitrary archives through the planner and, when
// it accepts one, writes it: nothing may appear beside the output
// directory and no symlink may resolve outside it.
func FuzzExtractPlan(f *testing.F) {
	f.Add(isotest.SamsungInitrd())
	f.Add(isotest.Newc(isotest.Symlink("a", "."), isotest.Symlink("b", "a/.."), isotest.File("c", "x")))
	f.Add(isotest.Newc(isotest.Symlink("a", "b"), isotest.Symlink("b", "a")))
	f.Fuzz(func(t *testing.T, arch []byte) {
		open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(arch)), nil }
		p, err := planExtraction(open)
		if err != nil {
			return
		}
		work := t.TempDir()
		out := filepath.Join(work, "out")
		os.Mkdir(out, 0o755)
		p.write(context.Background(), open, out)
		assertOnly(t, work, "out")
		filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			if real, err := filepath.EvalSymlinks(path); err == nil {
				if rel, _ := filepath.Rel(out, real); strings.HasPrefix(rel, "..") {
					t.Fatalf("%s resolves to %s, outside %s", path, real, out)
				}
			}
			return nil
		})
	})
}

func TestSamsungExtractCancelled(t *testing.T) {
	work := t.TempDir()
	iso := isotest.BuildISO(t, work, map[string][]byte{"initrd": isotest.Gzip(isotest.SamsungInitrd())})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extract(ctx, iso, filepath.Join(work, "out")); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	assertOnly(t, work, "fw.iso")
}
