package samsung

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// extractPlan is an initrd checked member by member before anything is
// written, so a hostile archive fails as a whole.
type extractPlan struct {
	entries []plannedEntry
	byName  map[string]int
	// symlinks maps a member name to its (relative) target.
	symlinks map[string]string
	skipped  []string
}

type plannedEntry struct {
	CPIOEntry
	// clean is the member's name made relative and clean; "" for the
	// archive's "." entry, which is the output directory itself.
	clean string
	// target is a symlink's target.
	target string
	// linkTo names the member holding a hard link's data.
	linkTo string
	skip   bool
}

// planExtraction reads the whole archive once, validating names and links
// and discarding data.
func planExtraction(open func() (io.ReadCloser, error)) (*extractPlan, error) {
	rc, err := open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	p := &extractPlan{byName: map[string]int{}, symlinks: map[string]string{}}
	var total int64
	err = ReadCPIO(rc, func(e CPIOEntry, data io.Reader) error {
		if len(p.entries) >= maxExtractEntries {
			return fmt.Errorf("initrd: more than %d members: refusing", maxExtractEntries)
		}
		if total += e.Size; total > maxExtractBytes {
			return fmt.Errorf("initrd: more than %d GiB of data: refusing", maxExtractBytes>>30)
		}
		pe, err := planEntry(e, data)
		if err != nil {
			return err
		}
		if pe.clean != "" {
			if _, dup := p.byName[pe.clean]; dup {
				return fmt.Errorf("%w: %q appears twice", ErrUnsafeArchive, e.Name)
			}
			p.byName[pe.clean] = len(p.entries)
		}
		if pe.IsSymlink() {
			p.symlinks[pe.clean] = pe.target
		}
		if pe.skip {
			p.skipped = append(p.skipped, pe.clean)
		}
		p.entries = append(p.entries, pe)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("initrd: %w", err)
	}
	if err := p.checkContained(); err != nil {
		return nil, err
	}
	p.linkHardlinks()
	return p, nil
}

func planEntry(e CPIOEntry, data io.Reader) (plannedEntry, error) {
	pe := plannedEntry{CPIOEntry: e}
	name, err := cleanMemberName(e.Name)
	if err != nil {
		return pe, err
	}
	pe.clean = name
	switch {
	case name == "" && !e.IsDir():
		return pe, fmt.Errorf("%w: %q is not a directory", ErrUnsafeArchive, e.Name)
	case e.IsSymlink():
		if e.Size < 1 || e.Size > maxNameLen {
			return pe, fmt.Errorf("%w: symlink %q has a %d-byte target", ErrUnsafeArchive, e.Name, e.Size)
		}
		b, err := io.ReadAll(data)
		if err != nil {
			return pe, err
		}
		pe.target = string(b)
		if path.IsAbs(pe.target) || strings.ContainsRune(pe.target, 0) {
			return pe, fmt.Errorf("%w: symlink %q points to absolute path %q, outside the output directory", ErrUnsafeArchive, e.Name, pe.target)
		}
	case e.IsDir(), e.IsRegular():
	default:
		pe.skip = true // device nodes, FIFOs, sockets: never created
	}
	return pe, nil
}

// cleanMemberName turns "./a/b" into "a/b" and refuses absolute names and
// any ".." component.
func cleanMemberName(name string) (string, error) {
	if name == "" || strings.ContainsRune(name, 0) {
		return "", fmt.Errorf("%w: empty member name", ErrUnsafeArchive)
	}
	if strings.HasPrefix(name, "/") {
		return "", fmt.Errorf("%w: %q is an absolute path", ErrUnsafeArchive, name)
	}
	for _, c := range strings.Split(name, "/") {
		if c == ".." {
			return "", fmt.Errorf("%w: %q has a .. element", ErrUnsafeArchive, name)
		}
	}
	clean := path.Clean(name)
	if clean == "." {
		return "", nil
	}
	return clean, nil
}

// checkContained resolves every member's parent directory and every
// symlink's target through the archive's own symlinks, as the kernel
// would after extraction, and refuses any that leaves the output
// directory.
func (p *extractPlan) checkContained() error {
	for _, pe := range p.entries {
		if pe.clean == "" {
			continue
		}
		if _, err := p.resolve(path.Dir(pe.clean), 0); err != nil {
			return fmt.Errorf("%w: %q: %v", ErrUnsafeArchive, pe.Name, err)
		}
		if pe.IsSymlink() {
			// Joined without cleaning: "a/.." must go through a's target
			// as the kernel does, not cancel out lexically.
			if _, err := p.resolve(path.Dir(pe.clean)+"/"+pe.target, 0); err != nil {
				return fmt.Errorf("%w: symlink %q -> %q: %v", ErrUnsafeArchive, pe.Name, pe.target, err)
			}
		}
	}
	return nil
}

var errEscapes = errors.New("resolves outside the output directory")

// resolve follows rel (relative to the output directory, lexically
// unclean) component by component through the archive's symlinks and
// returns the physical path, or errEscapes.
func (p *extractPlan) resolve(rel string, depth int) (string, error) {
	if depth > 40 {
		return "", errors.New("too many levels of symbolic links")
	}
	var cur []string
	for _, c := range strings.Split(rel, "/") {
		switch c {
		case "", ".":
			continue
		case "..":
			if len(cur) == 0 {
				return "", errEscapes
			}
			cur = cur[:len(cur)-1]
			continue
		}
		cur = append(cur, c)
		joined := strings.Join(cur, "/")
		if target, ok := p.symlinks[joined]; ok {
			resolved, err := p.resolve(path.Dir(joined)+"/"+target, depth+1)
			if err != nil {
				return "", err
			}
			cur = strings.Split(resolved, "/")
			if resolved == "" {
				cur = nil
			}
		}
	}
	return strings.Join(cur, "/"), nil
}

// linkHardlinks points every empty member of a hard-link group (same
// device and inode, nlink > 1) at the member holding the data; newc
// stores it with the last link.
func (p *extractPlan) linkHardlinks() {
	type key struct{ maj, min, ino uint32 }
	holder := map[key]string{}
	for _, pe := range p.entries {
		if pe.IsRegular() && pe.Nlink > 1 && pe.Size > 0 {
			holder[key{pe.DevMajor, pe.DevMinor, pe.Ino}] = pe.clean
		}
	}
	for i, pe := range p.entries {
		if !pe.IsRegular() || pe.Nlink < 2 || pe.Size > 0 {
			continue
		}
		if h, ok := holder[key{pe.DevMajor, pe.DevMinor, pe.Ino}]; ok {
			p.entries[i].linkTo = h
		}
	}
}

func (p *extractPlan) hasRegular(name string) bool {
	i, ok := p.byName[name]
	return ok && p.entries[i].IsRegular()
}

// write reads the archive a second time and creates its members under dir
// through an os.Root, which refuses any path leaving dir even if the
// image changed between the passes. It returns the number of members
// written.
func (p *extractPlan) write(ctx context.Context, open func() (io.ReadCloser, error), dir string) (int, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return 0, fmt.Errorf("--out: %w", err)
	}
	defer root.Close()
	rc, err := open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	i, written := 0, 0
	err = ReadCPIO(rc, func(e CPIOEntry, data io.Reader) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted: %w", err)
		}
		if i >= len(p.entries) || p.entries[i].CPIOEntry != e {
			return errors.New("the image changed while it was being extracted")
		}
		pe := p.entries[i]
		i++
		if pe.skip || pe.linkTo != "" {
			return nil
		}
		if pe.clean == "" {
			return nil // the output directory itself
		}
		if err := writeMember(root, pe, data); err != nil {
			return fmt.Errorf("write %s: %w", pe.clean, err)
		}
		written++
		return nil
	})
	if err != nil {
		return written, fmt.Errorf("initrd: %w", err)
	}
	for _, pe := range p.entries {
		if pe.linkTo == "" {
			continue
		}
		if err := mkParent(root, pe.clean); err != nil {
			return written, err
		}
		if err := root.Link(pe.linkTo, pe.clean); err != nil {
			return written, fmt.Errorf("hard link %s: %w", pe.clean, err)
		}
		written++
	}
	return written, nil
}

func writeMember(root *os.Root, pe plannedEntry, data io.Reader) error {
	perm := os.FileMode(pe.Mode & 0o777) // no setuid, setgid or sticky bits
	if err := mkParent(root, pe.clean); err != nil {
		return err
	}
	switch {
	case pe.IsDir():
		if err := root.MkdirAll(pe.clean, 0o700); err != nil {
			return err
		}
		return root.Chmod(pe.clean, perm|0o700)
	case pe.IsSymlink():
		return root.Symlink(pe.target, pe.clean)
	}
	f, err := root.OpenFile(pe.clean, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func mkParent(root *os.Root, name string) error {
	if d := path.Dir(name); d != "." {
		return root.MkdirAll(d, 0o755)
	}
	return nil
}
