package blockdev

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// mount is one line of /proc/self/mountinfo.
type mount struct {
	majMin     string
	mountPoint string
	fsType     string
	source     string
}

// parseMountinfo reads proc(5)'s mountinfo format: fields 3 (major:minor)
// and 5 (mount point), then after the " - " separator the filesystem type
// and source.
func parseMountinfo(data string) ([]mount, error) {
	var ms []mount
	for n, line := range strings.Split(data, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		pre, post, ok := strings.Cut(line, " - ")
		f, g := strings.Fields(pre), strings.Fields(post)
		if !ok || len(f) < 5 || len(g) < 2 {
			return nil, fmt.Errorf("mountinfo line %d: malformed: %q", n+1, line)
		}
		ms = append(ms, mount{majMin: f[2], mountPoint: unescape(f[4]), fsType: g[0], source: unescape(g[1])})
	}
	return ms, nil
}

// unescape undoes mountinfo's octal escapes (\040 for a space).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mountOf returns the mount holding dir: the longest mount point that is
// dir or an ancestor of it; of equal ones the last, which shadows the
// others.
func mountOf(ms []mount, dir string) (mount, bool) {
	best, found := mount{}, false
	for _, m := range ms {
		if !within(dir, m.mountPoint) {
			continue
		}
		if !found || len(m.mountPoint) >= len(best.mountPoint) {
			best, found = m, true
		}
	}
	return best, found
}

func within(dir, mp string) bool {
	dir, mp = path.Clean(dir), path.Clean(mp)
	return mp == "/" || dir == mp || strings.HasPrefix(dir, mp+"/")
}
