// Package samsung unpacks Samsung's SSD firmware ISOs (a gzip'd newc
// initrd holding fumagician, Samsung's updater) into a directory, so the
// updater can run on the live host instead of booting the ISO. It checks
// the whole archive before writing and never executes anything.
package samsung

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kdomanski/iso9660"
)

// FumagicianPath is where Samsung's updater sits inside the ISO's initrd.
const FumagicianPath = "root/fumagician/fumagician"

// ErrUnsafeArchive marks an initrd member that would land outside the
// output directory; the whole extraction is refused.
var ErrUnsafeArchive = errors.New("unsafe archive entry")

// Extraction limits: a real Samsung initrd is tens of MiB.
const (
	maxExtractBytes   = 4 << 30
	maxExtractEntries = 1 << 20
)

// ExtractResult says what Extract wrote.
type ExtractResult struct {
	// Dir is the absolute output directory.
	Dir string
	// Fumagician is the absolute path of the extracted updater.
	Fumagician string
	// Entries counts the members written (directories, files, links).
	Entries int
	// Skipped names device nodes, FIFOs and sockets, which are never
	// created.
	Skipped []string
	// Initrd is the initrd's path inside the ISO.
	Initrd string
}

// Command is the exact shell command to run the updater as root.
func (r *ExtractResult) Command() string {
	return "cd " + shellQuote(filepath.Dir(r.Fumagician)) + " && sudo ./fumagician"
}

// Extract reads a Samsung firmware ISO, finds its gzip'd newc
// initrd, and unpacks it into outDir (created if missing; must be empty).
// It checks the whole archive before writing anything: absolute names,
// ".." components, and symlinks or hard links resolving outside outDir
// make it fail with ErrUnsafeArchive and nothing written. It never
// executes anything. A cancelled ctx stops it between members and removes
// what was written.
func Extract(ctx context.Context, isoPath, outDir string) (*ExtractResult, error) {
	f, err := os.Open(isoPath)
	if err != nil {
		return nil, fmt.Errorf("ISO: %w", err)
	}
	defer f.Close()
	img, err := iso9660.OpenImage(f)
	if err != nil {
		return nil, fmt.Errorf("ISO %s: not an ISO 9660 image: %w", isoPath, err)
	}
	initrd, where, err := findInitrd(img)
	if err != nil {
		return nil, fmt.Errorf("ISO %s: %w", isoPath, err)
	}
	open := func() (io.ReadCloser, error) { return gunzip(initrd.Reader(), where) }

	if err := verifyGzip(open); err != nil {
		return nil, err
	}
	p, err := planExtraction(open)
	if err != nil {
		return nil, err
	}
	if !p.hasRegular(FumagicianPath) {
		return nil, fmt.Errorf("initrd %s: no %s in it: not a Samsung firmware ISO", where, FumagicianPath)
	}
	abs, created, err := prepareOut(outDir)
	if err != nil {
		return nil, err
	}
	n, err := p.write(ctx, open, abs)
	if err != nil {
		clearOut(abs, created)
		return nil, err
	}
	return &ExtractResult{Dir: abs, Fumagician: filepath.Join(abs, FumagicianPath), Entries: n, Skipped: p.skipped, Initrd: where}, nil
}

// findInitrd returns the shallowest file named initrd (any case, any ISO
// version suffix) and its path in the image.
func findInitrd(img *iso9660.Image) (*iso9660.File, string, error) {
	root, err := img.RootDir()
	if err != nil {
		return nil, "", fmt.Errorf("read root directory: %w", err)
	}
	type dir struct {
		f    *iso9660.File
		path string
	}
	level := []dir{{root, ""}}
	for depth := 0; depth < 8 && len(level) > 0; depth++ {
		var next []dir
		for _, d := range level {
			children, err := d.f.GetChildren()
			if err != nil {
				return nil, "", fmt.Errorf("read directory /%s: %w", d.path, err)
			}
			for _, c := range children {
				p := strings.TrimPrefix(d.path+"/"+c.Name(), "/")
				if c.IsDir() {
					next = append(next, dir{c, p})
				} else if strings.EqualFold(strings.TrimSuffix(c.Name(), "."), "initrd") {
					return c, "/" + p, nil
				}
			}
		}
		level = next
	}
	return nil, "", errors.New("no initrd in the image (a Samsung firmware ISO holds bzImage and initrd)")
}

// gunzip opens the initrd's gzip stream with a one-line error for data
// that is not gzip.
func gunzip(r io.Reader, where string) (io.ReadCloser, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("initrd %s: not gzip data: %w", where, err)
	}
	return &gzipErrs{zr: zr, where: where}, nil
}

// verifyGzip decompresses the whole stream once, so a corrupt image is
// reported as such (gzip's CRC is only checked at the end) rather than as
// whatever garbage it decompressed to.
func verifyGzip(open func() (io.ReadCloser, error)) error {
	rc, err := open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, io.LimitReader(rc, maxExtractBytes+1<<20))
	return err
}

// gzipErrs names corruption found while decompressing.
type gzipErrs struct {
	zr    *gzip.Reader
	where string
}

func (g *gzipErrs) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("initrd %s: corrupt gzip: %w", g.where, err)
	}
	return n, err
}

func (g *gzipErrs) Close() error { return g.zr.Close() }

// prepareOut makes outDir absolute and ensures it is an empty directory,
// creating it when missing; created says whether it did.
func prepareOut(outDir string) (string, bool, error) {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		return "", false, fmt.Errorf("--out %s: %w", outDir, err)
	}
	entries, err := os.ReadDir(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.Mkdir(abs, 0o755); err != nil {
			return "", false, fmt.Errorf("--out: %w", err)
		}
		return abs, true, nil
	case err != nil:
		return "", false, fmt.Errorf("--out: %w", err)
	case len(entries) > 0:
		return "", false, fmt.Errorf("--out %s: directory is not empty", outDir)
	}
	return abs, false, nil
}

// clearOut undoes a failed extraction: the directory was empty or absent
// before, so everything in it is ours.
func clearOut(abs string, created bool) {
	if created {
		os.RemoveAll(abs)
		return
	}
	entries, _ := os.ReadDir(abs)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(abs, e.Name()))
	}
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
