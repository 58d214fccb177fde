package model

import (
	"fmt"
	"strings"

	"github.com/hwqual/hwqual/internal/units"
)

// The spellings of a fact the machine did not reveal, shared by every
// document that states inventory facts as text (the comparison's machine
// rows, the inventory renderings), so "unknown" reads the same everywhere.

// Unknown is written for a fact the machine did not reveal.
const Unknown = "unknown"

// IntOrUnknown is *p followed by suffix, or Unknown.
func IntOrUnknown(p *int, suffix string) string {
	if p == nil {
		return Unknown
	}
	return fmt.Sprintf("%d%s", *p, suffix)
}

// BoolOrUnknown is yes or no by *p, or Unknown.
func BoolOrUnknown(p *bool, yes, no string) string {
	switch {
	case p == nil:
		return Unknown
	case *p:
		return yes
	}
	return no
}

// BytesOrUnknown is *p in binary units, or Unknown.
func BytesOrUnknown(p *uint64) string {
	if p == nil {
		return Unknown
	}
	return units.Bytes(float64(*p))
}

// OrUnknown is s, or Unknown when s is blank.
func OrUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		return Unknown
	}
	return s
}
