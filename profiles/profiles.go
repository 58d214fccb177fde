// Package profiles loads requirement profiles: YAML files naming the metrics
// a role needs and the minimum each must reach. Built-in profiles are
// embedded in the binary; operators can also pass a path to their own.
package profiles

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

//go:embed *.yaml
var builtin embed.FS

// Profile is a parsed, validated requirement profile.
type Profile struct {
	Name        string
	Description string
	// Source says where the profile's numbers come from as a whole.
	Source       string
	Requirements []Requirement
	// Origin is where the profile was loaded from: "builtin:NAME" or a path.
	Origin string
	// SHA256 is the hex digest of the profile file's bytes, so a report
	// says exactly which requirements it was judged against.
	SHA256 string
}

// Severity says what a missed requirement does to the verdict.
type Severity string

// Severities.
const (
	// SeverityFail makes a missed requirement fail the run (exit 1).
	SeverityFail Severity = "fail"
	// SeverityWarn reports a missed requirement without failing the run.
	SeverityWarn Severity = "warn"
	// SeverityInfo measures and reports a metric without judging it; its
	// minimum is optional and, when given, only shown for reference.
	SeverityInfo Severity = "info"
)

// Kind says what a requirement judges; it decides which of a
// Requirement's fields are set.
type Kind string

// Requirement kinds.
const (
	// KindMetric runs a benchmark and judges its score against Minimum or
	// Maximum.
	KindMetric Kind = "metric"
	// KindRule judges an inventory field (Rule); no benchmark runs.
	KindRule Kind = "rule"
	// KindFirmware judges firmware and health (Firmware names what).
	KindFirmware Kind = "firmware"
)

// Requirement is one line of a profile: a metric's minimum or maximum, an
// inventory rule or a firmware check.
type Requirement struct {
	Kind Kind
	// ID is the stable id of the requirement's check (see
	// internal/checkid): "metric:BLAKE2-256-Parallel/8",
	// "rule:cpu.physical_cores", "firmware:nvme" (each drive's check
	// appends "/<serial>").
	ID string
	// Metric is the metric's name; for a rule, the rule's text.
	Metric string
	// Minimum is in the metric's base unit (bytes per second).
	Minimum float64
	// MinimumText is the minimum as written in the file, e.g. "950 MiB/s".
	MinimumText string
	// Maximum bounds a lower-is-better metric (latency) from above, in
	// the metric's base unit; such a requirement has no Minimum.
	Maximum float64
	// MaximumText is the maximum as written in the file, e.g. "2 ms".
	MaximumText string
	Severity    Severity
	// Workers is the parallelism for parallel metrics; 0 for the default.
	Workers int
	// Source says where this number comes from.
	Source string
	// Line is the requirement's line in the profile file.
	Line int
	// Rule is set for a requirement on an inventory field (`rule:`); its
	// Metric is then the rule's text and no benchmark runs.
	Rule *Rule
	// Firmware, when set, makes this a firmware requirement instead of a
	// metric: "nvme" judges every NVMe drive's firmware and health.
	Firmware string
	// Proof, for Sustained Seq Write, is the volume a write must reach
	// without a cache cliff for its steady state to count (proof_volume:);
	// nil uses DefaultProof.
	Proof *ProofVolume
}

// ErrUnknownProfile is returned by Load for a name that is neither a
// built-in profile nor a file.
var ErrUnknownProfile = errors.New("unknown profile")

// Builtin returns the names of the embedded profiles, sorted.
func Builtin() []string {
	entries, _ := fs.ReadDir(builtin, ".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// BuiltinSource returns the YAML text of an embedded profile.
func BuiltinSource(name string) ([]byte, error) {
	data, err := builtin.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("%w %q (built-in profiles: %s)", ErrUnknownProfile, name, strings.Join(Builtin(), ", "))
	}
	return data, nil
}

// Load resolves nameOrPath: a value that looks like a path (contains a
// slash or ends in .yaml/.yml/.json) is read from disk, as hwqual YAML or a
// Substrate reference-hardware file (judged for a validator, see
// ParseFile); anything else must be a built-in profile name.
func Load(nameOrPath string) (*Profile, error) {
	if looksLikePath(nameOrPath) {
		data, err := os.ReadFile(nameOrPath)
		if err != nil {
			return nil, fmt.Errorf("profile %s: %w", nameOrPath, err)
		}
		return ParseFile(nameOrPath, data)
	}
	data, err := BuiltinSource(nameOrPath)
	if err != nil {
		return nil, err
	}
	p, err := Parse("builtin:"+nameOrPath, data)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func looksLikePath(s string) bool {
	ext := path.Ext(s)
	return strings.ContainsRune(s, os.PathSeparator) || strings.Contains(s, "/") || ext == ".yaml" || ext == ".yml" || ext == ".json"
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Threshold is the value a score must reach once tolerancePct percent of
// slack is granted: Substrate passes a score at or above (1 - tol) × minimum;
// a maximum is relaxed the other way, to (1 + tol) × maximum.
func (r Requirement) Threshold(tolerancePct float64) float64 {
	if r.Maximum > 0 {
		return r.Maximum * (1 + tolerancePct/100)
	}
	return r.Minimum * (1 - tolerancePct/100)
}

// Passes reports whether score meets the requirement within tolerance.
func (r Requirement) Passes(score, tolerancePct float64) bool {
	if r.Maximum > 0 {
		return score <= r.Threshold(tolerancePct)
	}
	return score/r.Minimum >= 1-tolerancePct/100
}
