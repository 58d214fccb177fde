package advisory

import (
	"fmt"
	"strings"
)

// Family is a firmware line: a revision pattern with one lowercase x
// standing for the generation character ("xB2QGXA7" holds 3B2QGXA7 and
// 5B2QGXA7). Revisions compare only inside one family.
type Family struct {
	pattern string
	at      int // index of the x
}

// ParseFamily validates a family pattern.
func ParseFamily(s string) (Family, error) {
	if strings.Count(s, "x") != 1 {
		return Family{}, fmt.Errorf("%q: want exactly one lowercase x marking the generation, e.g. xB2QGXA7", s)
	}
	for _, c := range s {
		digit, capital := c >= '0' && c <= '9', c >= 'A' && c <= 'Z'
		if c != 'x' && !digit && !capital {
			return Family{}, fmt.Errorf("%q: only digits, capital letters and one x", s)
		}
	}
	return Family{pattern: s, at: strings.IndexByte(s, 'x')}, nil
}

func (f Family) String() string { return f.pattern }

// Contains reports whether rev belongs to the family.
func (f Family) Contains(rev string) bool {
	if f.pattern == "" || len(rev) != len(f.pattern) {
		return false
	}
	return rev[:f.at] == f.pattern[:f.at] && rev[f.at+1:] == f.pattern[f.at+1:] && generation(rev[f.at]) >= 0
}

// Compare orders two revisions of the family by their generation
// character (0–9 then A–Z); both must be in the family.
func (f Family) Compare(a, b string) int {
	return generation(a[f.at]) - generation(b[f.at])
}

func generation(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}
