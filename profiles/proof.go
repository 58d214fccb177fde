package profiles

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hwqual/hwqual/internal/metricnames"
)

// SustainedMetric is the one metric that takes a proof volume.
const SustainedMetric = metricnames.SustainedSeqWrite

// ProofVolume is how much a sustained write must write without a cache
// cliff before its steady state counts as sustained: at least the largest
// write cache a drive of this kind can have. It is either a share of the
// disk's free space or capacity, or a fixed size.
type ProofVolume struct {
	// Text is the value as written in the profile, e.g. "34 % of free space".
	Text string
	// Share is the fraction of Of (0 < Share ≤ 1); 0 for a fixed size.
	Share float64
	// Of is "free space" or "capacity" for a share.
	Of string
	// Bytes is the fixed size; 0 for a share.
	Bytes int64
	// Source says where the number comes from (proof_source:).
	Source string
}

// Bases of a proof share.
const (
	ProofOfFree     = "free space"
	ProofOfCapacity = "capacity"
)

// Resolve returns the proof volume in bytes for a disk of capacity bytes
// with free bytes available on the filesystem under test.
func (p ProofVolume) Resolve(capacity, free int64) int64 {
	if p.Share == 0 {
		return p.Bytes
	}
	base := free
	if p.Of == ProofOfCapacity {
		base = capacity
	}
	return int64(math.Round(p.Share * float64(base)))
}

// sizeUnits are the byte-size spellings a fixed proof volume accepts.
var sizeUnits = map[string]float64{
	"B": 1, "kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
	"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
}

// parseProofVolume reads "N % of free space", "N % of capacity" or a size
// such as "500 GB" or "2 GiB".
func parseProofVolume(s string) (ProofVolume, error) {
	p := ProofVolume{Text: s}
	if pct, of, ok := strings.Cut(s, "% of "); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		if err != nil || !(v > 0 && v <= 100) {
			return p, fmt.Errorf("%q: the share must be a number above 0 and at most 100", s)
		}
		of = strings.TrimSpace(of)
		if of != ProofOfFree && of != ProofOfCapacity {
			return p, fmt.Errorf("%q: a share is of %q or of %q", s, ProofOfFree, ProofOfCapacity)
		}
		p.Share, p.Of = v/100, of
		return p, nil
	}
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return p, fmt.Errorf("%q: want \"N %% of free space\", \"N %% of capacity\" or a size such as \"500 GB\"", s)
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	factor, ok := sizeUnits[fields[1]]
	if err != nil || !ok || !(v > 0) || math.IsInf(v, 0) {
		return p, fmt.Errorf("%q: want a positive size in B, kB, MB, GB, TB, KiB, MiB, GiB or TiB", s)
	}
	p.Bytes = int64(v * factor)
	return p, nil
}

// parseProof sets r.Proof from the proof_volume and proof_source nodes.
func parseProof(file, at string, r *Requirement, volNode, srcNode *yaml.Node) error {
	if volNode == nil {
		if srcNode != nil {
			return &Error{File: file, Line: srcNode.Line, Key: at + ".proof_source", Msg: "needs a proof_volume"}
		}
		return nil
	}
	if r.Metric != SustainedMetric {
		return &Error{File: file, Line: volNode.Line, Key: at + ".proof_volume", Msg: fmt.Sprintf("only %s takes a proof volume", SustainedMetric)}
	}
	var text string
	if err := scalar(file, at+".proof_volume", volNode, &text); err != nil {
		return err
	}
	p, err := parseProofVolume(text)
	if err != nil {
		return &Error{File: file, Line: volNode.Line, Key: at + ".proof_volume", Msg: err.Error()}
	}
	if srcNode == nil {
		return &Error{File: file, Line: volNode.Line, Key: at + ".proof_source", Msg: "missing: say where the proof volume comes from"}
	}
	if err := scalar(file, at+".proof_source", srcNode, &p.Source); err != nil {
		return err
	}
	r.Proof = &p
	return nil
}

// DefaultProof is the proof volume of a Sustained Seq Write requirement
// that sets none: a third of the free space (rounded up to 34 %), the most
// a TLC drive's dynamic SLC cache can take (one bit per cell in flash that
// holds three). The built-in profiles state it with its sources.
var DefaultProof = ProofVolume{
	Text: "34 % of free space", Share: 0.34, Of: ProofOfFree,
	Source: "hwqual default: a dynamic SLC cache stores 1 bit per TLC cell, so it can take at most a third of the free flash",
}

// ProofOrDefault is the requirement's proof volume, or DefaultProof.
func (r Requirement) ProofOrDefault() ProofVolume {
	if r.Proof != nil {
		return *r.Proof
	}
	return DefaultProof
}
