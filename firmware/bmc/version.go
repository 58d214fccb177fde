package bmc

import (
	"fmt"
	"strings"
	"unicode"
)

// CompareVersions orders two BMC or BIOS version strings as vendors
// write them ("3.35.00", "L2.07B", "P79 v1.45 (12/06/2017)", "1.14"). It
// splits each into runs of digits and runs of letters, ignoring separators,
// and compares run by run: digits as numbers, letters case-insensitively.
// When one version is a prefix of the other, the longer one is newer.
//
// It returns -1, 0 or +1, or an error when the two cannot be ordered: an
// empty version, or a position where one has digits and the other letters
// (different version schemes must never be ranked by accident).
func CompareVersions(a, b string) (int, error) {
	ta, tb := bmcVersionTokens(a), bmcVersionTokens(b)
	if len(ta) == 0 || len(tb) == 0 {
		return 0, fmt.Errorf("compare versions %q and %q: a version has no digits or letters", a, b)
	}
	for i := 0; i < len(ta) && i < len(tb); i++ {
		x, y := ta[i], tb[i]
		if x.numeric != y.numeric {
			return 0, fmt.Errorf("compare versions %q and %q: %q and %q are not the same kind of part", a, b, x.text, y.text)
		}
		if c := x.compare(y); c != 0 {
			return c, nil
		}
	}
	// "3.35" and "3.35.00" are the same release; any other tail is newer.
	switch {
	case len(ta) < len(tb) && !bmcZeroTail(tb[len(ta):]):
		return -1, nil
	case len(ta) > len(tb) && !bmcZeroTail(ta[len(tb):]):
		return 1, nil
	}
	return 0, nil
}

func bmcZeroTail(toks []bmcVersionToken) bool {
	for _, t := range toks {
		if !t.numeric || strings.TrimLeft(t.text, "0") != "" {
			return false
		}
	}
	return true
}

type bmcVersionToken struct {
	text    string
	numeric bool
}

// compare orders two tokens of the same kind. Digit runs compare by value
// without converting to a fixed-size integer, so any length is safe.
func (t bmcVersionToken) compare(u bmcVersionToken) int {
	if !t.numeric {
		return strings.Compare(strings.ToLower(t.text), strings.ToLower(u.text))
	}
	x, y := strings.TrimLeft(t.text, "0"), strings.TrimLeft(u.text, "0")
	if len(x) != len(y) {
		if len(x) < len(y) {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}

func bmcVersionTokens(s string) []bmcVersionToken {
	var toks []bmcVersionToken
	var cur strings.Builder
	curNumeric := false
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, bmcVersionToken{text: cur.String(), numeric: curNumeric})
			cur.Reset()
		}
	}
	for _, r := range s {
		isDigit := r >= '0' && r <= '9'
		isLetter := unicode.IsLetter(r)
		switch {
		case !isDigit && !isLetter:
			flush()
		case cur.Len() > 0 && isDigit != curNumeric:
			flush()
			fallthrough
		default:
			curNumeric = isDigit
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}
