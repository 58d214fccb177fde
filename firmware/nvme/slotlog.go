package nvme

import (
	"fmt"
	"strings"
)

// SlotLog is the firmware slot information log: which slot runs now, which
// runs after the next reset, and the revision stored in each slot.
type SlotLog struct {
	// Active is the running slot (1–7).
	Active int `json:"active_slot"`
	// Next is the slot activated at the next reset; 0 when none is pending.
	Next int `json:"next_reset_slot,omitempty"`
	// Revisions holds slots 1–7; an empty string is an empty slot.
	Revisions [7]string `json:"revisions"`
}

// ActiveRevision is the revision in the active slot, or "" if the log
// names an empty or invalid slot.
func (s SlotLog) ActiveRevision() string {
	if s.Active < 1 || s.Active > 7 {
		return ""
	}
	return s.Revisions[s.Active-1]
}

// ParseSlotLog parses a firmware slot log: byte 0 holds the active slot
// (bits 2:0) and the next-reset slot (bits 6:4); slot n's 8-byte ASCII
// revision is at offset 8+8(n−1).
func ParseSlotLog(b []byte) (SlotLog, error) {
	if len(b) < 64 {
		return SlotLog{}, fmt.Errorf("firmware slot log: %d bytes, need at least 64", len(b))
	}
	s := SlotLog{Active: int(b[0] & 0x7), Next: int(b[0]>>4) & 0x7}
	for i := range s.Revisions {
		s.Revisions[i] = cleanASCII(b[8+8*i : 16+8*i])
	}
	if s.Active == 0 {
		return s, fmt.Errorf("firmware slot log: active slot is 0 (invalid)")
	}
	return s, nil
}

// cleanASCII trims NUL and space padding and replaces bytes outside
// printable ASCII, so a broken device cannot put control characters into
// a terminal or report.
func cleanASCII(b []byte) string {
	b = []byte(strings.TrimRight(string(b), "\x00 "))
	var sb strings.Builder
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			c = '?'
		}
		sb.WriteByte(c)
	}
	return strings.TrimSpace(sb.String())
}
