package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// ErrNotQualification marks a valid hwqual or JSON document that is not a
// qualification report (an inventory, a fleet summary, someone else's JSON).
var ErrNotQualification = errors.New("not a hwqual qualification report")

// LoadReport reads a saved qualification report. Every error names the file
// and says in one line what is wrong with it: unreadable, not JSON, another
// kind of document, or a schema version this hwqual does not read.
func LoadReport(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", path, err)
	}
	var head struct {
		SchemaVersion *int   `json:"schema_version"`
		Kind          string `json:"kind"`
		Tool          *Tool  `json:"tool"`
		Checks        []json.RawMessage
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("report %s: not JSON: %s", path, oneLine(err))
	}
	switch {
	case head.SchemaVersion == nil:
		return nil, fmt.Errorf("report %s: %w: no schema_version", path, ErrNotQualification)
	case head.Kind != "" && head.Kind != "qualification":
		return nil, fmt.Errorf("report %s: %w: kind %q", path, ErrNotQualification, head.Kind)
	case head.Kind == "" && (head.Tool == nil || head.Checks == nil):
		return nil, fmt.Errorf("report %s: %w: no tool and checks", path, ErrNotQualification)
	case *head.SchemaVersion > SchemaVersion:
		return nil, fmt.Errorf("report %s: schema_version %d is newer than this hwqual reads (%d): upgrade hwqual", path, *head.SchemaVersion, SchemaVersion)
	}
	r, err := ReadJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("report %s: %s", path, oneLine(err))
	}
	return r, nil
}

// oneLine keeps an error message on one line.
func oneLine(err error) string {
	return string(bytes.Join(bytes.Fields([]byte(err.Error())), []byte(" ")))
}
