package model

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/hwqual/hwqual/internal/schema"
)

// DocBurnIn is the kind of a burn-in report and of its checkpoints.
const DocBurnIn = schema.BurnIn

// BurnIn is the report of `hwqual burnin`: what was loaded, what the
// watches saw over time, every verification error, and the verdict. A
// checkpoint written during the run is the same document with Complete
// false, so a crash leaves a report that renders and a run that resumes.
// It is a plain struct: the renderers (reports/render and its
// subpackages) read it and never judge — Verdict is filled in by
// the burnin package's evaluation.
type BurnIn struct {
	Header
	Tool Tool   `json:"tool"`
	Host string `json:"host"`
	// Started is when the first run of this burn-in began; Updated when
	// this document was last written.
	Started time.Time `json:"started"`
	Updated time.Time `json:"updated"`
	// RequestedSeconds is --duration; ElapsedSeconds the load time done so
	// far, summed over resumed runs.
	RequestedSeconds float64 `json:"requested_seconds"`
	ElapsedSeconds   float64 `json:"elapsed_seconds"`
	// Complete is set when the whole duration ran; Interrupted when a
	// signal stopped the run early (it can be resumed).
	Complete    bool `json:"complete"`
	Interrupted bool `json:"interrupted,omitempty"`
	// Runs counts process runs: 1, plus one per --resume.
	Runs    int    `json:"runs"`
	Dir     string `json:"dir"`
	Profile string `json:"profile"`
	// MemoryBytes is the memory under test; DiskFileBytes the size of the
	// disk phase's verify file (0 when the disk phase cannot run).
	MemoryBytes   int64 `json:"memory_bytes"`
	DiskFileBytes int64 `json:"disk_file_bytes"`
	// MemoryLocked says whether the memory under test was locked in RAM
	// (mlock) in every memory phase; false when a phase ran unlocked
	// (RLIMIT_MEMLOCK), with the reason in Notes. Absent before the first
	// memory phase.
	MemoryLocked *bool `json:"memory_locked,omitempty"`
	// CPUs lists the logical CPUs the CPU-load workers were pinned to,
	// worker order: one per physical core before any SMT sibling.
	CPUs []int `json:"cpus,omitempty"`
	// DiskIO is the verify file's I/O mode as it ran: "direct" (O_DIRECT)
	// or "buffered+fadvise" (page cache, fdatasync and
	// posix_fadvise(DONTNEED) before every read-back); "" when the disk
	// phase has not run. DiskNote says why it is buffered, or why the disk
	// phase cannot run.
	DiskIO   string `json:"disk_io,omitempty"`
	DiskNote string `json:"disk_note,omitempty"`
	// AcceptUnknown is --accept-unknown: watches never revealed are
	// warnings beside a PASS instead of an INCOMPLETE verdict.
	AcceptUnknown bool `json:"accept_unknown,omitempty"`
	// ScratchFiles are the .hwqual-* files the run had open, so a resumed
	// run can remove what a killed one left.
	ScratchFiles []string `json:"scratch_files,omitempty"`

	Phases    []BurnInPhase `json:"phases"`
	Timelines Timelines     `json:"timelines"`
	// Errors are verification errors (memory, disk, CPU results), at
	// most MaxBurnInErrors kept; ErrorCount counts them all.
	Errors     []VerifyError `json:"errors"`
	ErrorCount int           `json:"error_count"`
	// Baseline holds the counters read at the start of the first run;
	// Latest the most recent reading. Deltas between them are judged.
	Baseline *Counters `json:"baseline,omitempty"`
	Latest   *Counters `json:"latest,omitempty"`
	// Unknown lists what this machine does not reveal, with the reason.
	Unknown []string `json:"unknown,omitempty"`
	Notes   []string `json:"notes,omitempty"`
	Verdict Verdict  `json:"verdict"`
}

// MaxBurnInErrors bounds how many verification errors a report keeps, so a
// failing DIMM cannot make the report (and memory use) grow without end.
const MaxBurnInErrors = 1000

// BurnInPhase is one load phase as it ran.
type BurnInPhase struct {
	Name  string    `json:"name"` // cpu, memory, disk, quick
	Cycle int       `json:"cycle"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end,omitzero"`
	// Work says what the phase did, e.g. "memtester patterns: solid bits
	// 0-63, checkerboard 0-12; 3 copy/invert/check threads, 812 page ops".
	Work   string `json:"work,omitempty"`
	Errors int    `json:"errors"`
}

// Timelines are the watches' samples over the run.
type Timelines struct {
	Frequency   []FreqSample   `json:"frequency"`
	Temperature []TempSample   `json:"temperature"`
	Quick       []QuickSample  `json:"quick"`
	ErrorCounts []CountSample  `json:"error_counts"`
	Throttle    []ThrottleRead `json:"throttle_counts,omitempty"`
}

// FreqSample is every core's current frequency at one time, in MHz, with
// the cores' maximum (cpuinfo_max_freq); nil slices when not revealed.
type FreqSample struct {
	Time   time.Time `json:"time"`
	Phase  string    `json:"phase"`
	MHz    []int     `json:"mhz"`
	MaxMHz []int     `json:"max_mhz,omitempty"`
}

// TempSample is each sensor's temperature at one time, in °C, keyed
// "chip/label" (e.g. "k10temp/Tctl", "nvme0/Composite").
type TempSample struct {
	Time    time.Time          `json:"time"`
	Phase   string             `json:"phase"`
	Celsius map[string]float64 `json:"celsius"`
}

// QuickSample is one reduced-budget measurement of a validator metric.
type QuickSample struct {
	Time time.Time `json:"time"`
	// ID is the check id of the metric (e.g. "metric:BLAKE2-256-Parallel/8").
	ID     string  `json:"id,omitempty"`
	Metric string  `json:"metric"`
	Unit   string  `json:"unit"`
	Score  float64 `json:"score"`
}

// CountSample is the running error and warning counts at one time.
type CountSample struct {
	Time     time.Time `json:"time"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
}

// ThrottleRead is the summed thermal_throttle counters at one time.
type ThrottleRead struct {
	Time    time.Time `json:"time"`
	Core    uint64    `json:"core_throttle_count"`
	Package uint64    `json:"package_throttle_count"`
}

// VerifyError is one verification mismatch with its location.
type VerifyError struct {
	Time time.Time `json:"time"`
	// Kind is memory, disk or cpu; Test the pattern or check, e.g.
	// "walking ones 17", "copy", "block verify".
	Kind string `json:"kind"`
	Test string `json:"test"`
	// Where names the buffer or file; Offset the byte offset in it.
	Where    string `json:"where"`
	Offset   int64  `json:"offset"`
	Expected string `json:"expected"`
	Found    string `json:"found"`
	Detail   string `json:"detail,omitempty"`
	// Fault is a disk block's fault kind: misdirected_write, lost_write,
	// corrupted_data or io_error. Written is when the expected content
	// was written and LastGood when it last read back intact (zero: not
	// since written); with Time (found) they bound when it went bad.
	Fault    string    `json:"fault,omitempty"`
	Written  time.Time `json:"written,omitzero"`
	LastGood time.Time `json:"last_good,omitzero"`
}

// Counters are the hardware's error and wear counters at one reading.
// A nil part means the machine does not reveal it (see BurnIn.Unknown).
type Counters struct {
	Time     time.Time     `json:"time"`
	Throttle *ThrottleRead `json:"thermal_throttle,omitempty"`
	EDAC     []EDACCounts  `json:"edac,omitempty"`
	MCE      *uint64       `json:"machine_checks,omitempty"`
	// MachineChecks are the machine-check counts by source, each saying
	// where it was read: the #MC exceptions of /proc/interrupts see only
	// errors raised as exceptions, while corrected errors found by
	// polling, CMCI or firmware (GHES) reach the kernel log.
	MachineChecks []MachineCheckCount `json:"machine_check_sources,omitempty"`
	NVMe          []NVMeCounters      `json:"nvme,omitempty"`
}

// MachineCheckCount is one machine-check count and where it came from.
type MachineCheckCount struct {
	// Source is what was read: "/proc/interrupts MCE", "/dev/kmsg".
	Source string `json:"source"`
	// Kind is what is counted: "exceptions", "hardware_error_records",
	// "corrected_records".
	Kind  string `json:"kind"`
	Count uint64 `json:"count"`
	// LastSeq is, for the kernel log, the sequence number of the last
	// counted record: the log is a ring, so a count can fall while new
	// records arrive, and a higher LastSeq still shows them.
	LastSeq uint64 `json:"last_seq,omitempty"`
	// Detail says how the source is configured, e.g. "corrected errors
	// polled every 300 s, CMCI on".
	Detail string `json:"detail,omitempty"`
}

// EDACCounts is one memory controller's (or one DIMM's) ECC counts.
type EDACCounts struct {
	// Name is "mc0" or "mc0/dimm3"; Label the DIMM's dimm_label.
	Name        string `json:"name"`
	Label       string `json:"label,omitempty"`
	Corrected   uint64 `json:"ce_count"`
	Uncorrected uint64 `json:"ue_count"`
}

// NVMeCounters is the part of one drive's SMART/health log burn-in diffs.
type NVMeCounters struct {
	Name                string  `json:"name"`
	Serial              string  `json:"serial"`
	CriticalWarning     uint8   `json:"critical_warning"`
	MediaErrors         float64 `json:"media_errors"`
	ErrorLogEntries     float64 `json:"error_log_entries"`
	PercentageUsed      int     `json:"percentage_used_percent"`
	TemperatureKelvin   int     `json:"temperature_kelvin"`
	WarningTempMinutes  uint32  `json:"warning_temp_minutes"`
	CriticalTempMinutes uint32  `json:"critical_temp_minutes"`
}

// Verdict is the burn-in's judgement: fail beats incomplete beats warn
// beats pass.
type Verdict struct {
	Result   Status    `json:"result"` // pass, warn, incomplete or fail
	Findings []Finding `json:"findings"`
	// Unknown are the watches the verdict relies on that were unknown for
	// the whole run, with the reason: severity incomplete, or warn when
	// accepted with --accept-unknown (they then leave a PASS a PASS).
	Unknown []Finding `json:"unknown,omitempty"`
}

// Finding is one reason for a fail or warn, with its evidence.
type Finding struct {
	Severity Status    `json:"severity"` // fail, incomplete or warn
	Check    string    `json:"check"`    // e.g. "memory-verify", "throttling", "edac-ce"
	When     time.Time `json:"when"`
	Where    string    `json:"where"`
	Evidence string    `json:"evidence"`
}

// ReadBurnIn decodes a burn-in report or checkpoint, refusing other kinds
// and newer schema versions with one line naming what it found.
func ReadBurnIn(r io.Reader) (*BurnIn, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read burn-in report: %w", err)
	}
	h, err := ReadHeader(data)
	if err != nil {
		return nil, fmt.Errorf("read burn-in report: %w", err)
	}
	if h.Kind != DocBurnIn {
		return nil, fmt.Errorf("read burn-in report: kind %q is not %q", h.Kind, DocBurnIn)
	}
	var b BurnIn
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("read burn-in report: %w", err)
	}
	return &b, nil
}
