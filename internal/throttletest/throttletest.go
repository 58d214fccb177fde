// Package throttletest caps a process's write rate from outside it, with
// the kernel's block I/O throttle, so tests can simulate a drive whose
// write cache runs out mid-run: the production code under test is never
// told. It uses cgroup v1 blkio (blkio.throttle.write_bps_device) or, where
// that is not mounted, cgroup v2 io.max. Only tests import it.
package throttletest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Group is a cgroup the test created; Close removes it.
type Group struct {
	dir    string
	v2     bool
	device string // "major:minor" of the whole disk
	parent string // where members go back to
}

// New creates a cgroup able to throttle writes to the disk holding dir.
// It skips the test, naming what is missing, when neither controller is
// usable (not root, no blkio/io controller); under CI it fails instead.
func New(t *testing.T, dir string) *Group {
	t.Helper()
	dev, err := WholeDisk(dir)
	if err != nil {
		unavailable(t, "cannot name the disk of %s: %v", dir, err)
	}
	name := fmt.Sprintf("hwqual-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	if v1 := "/sys/fs/cgroup/blkio"; fileExists(filepath.Join(v1, "blkio.throttle.write_bps_device")) {
		g := &Group{dir: filepath.Join(v1, name), device: dev, parent: v1}
		if err := os.Mkdir(g.dir, 0o755); err != nil {
			unavailable(t, "cgroup v1 blkio: %v (run as root)", err)
		}
		t.Cleanup(g.close)
		return g
	}
	for _, root := range []string{"/sys/fs/cgroup/unified", "/sys/fs/cgroup"} {
		ctrls, err := os.ReadFile(filepath.Join(root, "cgroup.controllers"))
		if err != nil || !slices.Contains(strings.Fields(string(ctrls)), "io") {
			continue
		}
		if err := os.WriteFile(filepath.Join(root, "cgroup.subtree_control"), []byte("+io"), 0o644); err != nil {
			continue
		}
		g := &Group{dir: filepath.Join(root, name), v2: true, device: dev, parent: root}
		if err := os.Mkdir(g.dir, 0o755); err != nil {
			unavailable(t, "cgroup v2 io: %v (run as root)", err)
		}
		t.Cleanup(g.close)
		return g
	}
	unavailable(t, "neither cgroup v1 blkio (/sys/fs/cgroup/blkio) nor a cgroup v2 io controller is available")
	return nil
}

func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("block I/O throttle unavailable under CI: %s", msg)
	}
	t.Skipf("block I/O throttle unavailable: %s", msg)
}

// Add moves process pid (all its threads) into the group.
func (g *Group) Add(pid int) error {
	return os.WriteFile(filepath.Join(g.dir, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0o644)
}

// Leave moves pid back to the parent group.
func (g *Group) Leave(pid int) error {
	return os.WriteFile(filepath.Join(g.parent, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0o644)
}

// CapWrites limits the group's writes to the disk to bytesPerSecond; 0
// lifts the limit.
func (g *Group) CapWrites(bytesPerSecond int64) error {
	if g.v2 {
		v := "max"
		if bytesPerSecond > 0 {
			v = strconv.FormatInt(bytesPerSecond, 10)
		}
		return os.WriteFile(filepath.Join(g.dir, "io.max"), []byte(g.device+" wbps="+v), 0o644)
	}
	return os.WriteFile(filepath.Join(g.dir, "blkio.throttle.write_bps_device"), []byte(fmt.Sprintf("%s %d", g.device, bytesPerSecond)), 0o644)
}

// close lifts the cap, moves stragglers out and removes the group.
func (g *Group) close() {
	_ = g.CapWrites(0)
	if procs, err := os.ReadFile(filepath.Join(g.dir, "cgroup.procs")); err == nil {
		for _, f := range strings.Fields(string(procs)) {
			_ = os.WriteFile(filepath.Join(g.parent, "cgroup.procs"), []byte(f), 0o644)
		}
	}
	for range 50 {
		if err := os.Remove(g.dir); err == nil || errors.Is(err, os.ErrNotExist) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WholeDisk returns "major:minor" of the disk holding dir: the
// filesystem's device, or the disk a partition belongs to (the throttle
// applies to whole disks).
func WholeDisk(dir string) (string, error) {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return "", err
	}
	dev := fmt.Sprintf("%d:%d", unix.Major(st.Dev), unix.Minor(st.Dev))
	sys, err := filepath.EvalSymlinks("/sys/dev/block/" + dev)
	if err != nil {
		return "", fmt.Errorf("%s is not a block device (%w)", dev, err)
	}
	if fileExists(filepath.Join(sys, "partition")) {
		b, err := os.ReadFile(filepath.Join(filepath.Dir(sys), "dev"))
		if err != nil {
			return "", err
		}
		dev = strings.TrimSpace(string(b))
	}
	return dev, nil
}

// WhenFileReaches calls fn once the first file in dir whose name starts
// with prefix is at least n bytes long. It polls every 10 ms until stop is
// closed.
func WhenFileReaches(dir, prefix string, n int64, stop <-chan struct{}, fn func()) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		matches, _ := filepath.Glob(filepath.Join(dir, prefix+"*"))
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.Size() >= n {
				fn()
				return
			}
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
