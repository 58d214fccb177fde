package model

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrNotQualification marks a hwqual document of another kind (an
// inventory, a fleet summary) or JSON hwqual did not write.
var ErrNotQualification = errors.New("not a hwqual qualification report")

// LoadReport reads a saved qualification report. Every error names the file
// and says in one line what is wrong with it: unreadable, not JSON, another
// kind of document, or a schema version this hwqual does not read.
func LoadReport(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", path, err)
	}
	h, err := ReadHeader(b)
	switch {
	case err != nil && strings.Contains(err.Error(), "schema_version 0"):
		return nil, fmt.Errorf("report %s: %w: no schema_version", path, ErrNotQualification)
	case err != nil:
		return nil, fmt.Errorf("report %s: %s", path, oneLine(err))
	case h.Kind == DocBurnIn:
		// Burn-in reports have no checks to compare or summarise per host;
		// `report render` shows them.
		return nil, fmt.Errorf("report %s: %w: kind %q (a burn-in report: render it with hwqual report render)", path, ErrNotQualification, h.Kind)
	case h.Kind != DocQualification:
		return nil, fmt.Errorf("report %s: %w: kind %q", path, ErrNotQualification, h.Kind)
	}
	r, err := ReadJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("report %s: %s", path, oneLine(err))
	}
	return r, nil
}

// oneLine keeps an error message on one line.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
