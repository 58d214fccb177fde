package burnin

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/internal/sysfs"
	"github.com/hwqual/hwqual/reports/model"
)

// readMCE sums the kernel's machine-check exception counts: the "MCE:"
// row of /proc/interrupts, one column per CPU (x86). It sees only errors
// raised as #MC exceptions; corrected errors are found by polling or CMCI
// and never raise one (see readMachineChecks).
func readMCE(root string) (uint64, error) {
	path := filepath.Join(root, "proc", "interrupts")
	f, err := os.Open(path)
	if err != nil {
		return 0, notRevealed("cannot read %s: %v", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] != "MCE:" {
			continue
		}
		var sum uint64
		for _, f := range fields[1:] {
			v, err := strconv.ParseUint(f, 10, 64)
			if err != nil {
				break // the description after the counts
			}
			sum += v
		}
		return sum, nil
	}
	return 0, notRevealed("no MCE row in %s (not x86, or a virtual machine)", path)
}

// Sources of machine-check counts, as the report names them.
const (
	sourceInterrupts = "/proc/interrupts MCE"
	sourceKmsg       = "/dev/kmsg"
)

// readMachineChecks reads every machine-check count this machine has,
// each named by its source:
//
//   - /proc/interrupts MCE: #MC exceptions (readMCE).
//   - /dev/kmsg: the kernel log records of hardware errors. The x86 MCE
//     code logs "[Hardware Error]: Machine check events logged" when its
//     poller or CMCI finds corrected errors (arch/x86/kernel/cpu/mce/core.c),
//     the AMD and Intel decoders and firmware-first GHES print
//     "[Hardware Error]: ..." lines ("Corrected error", "event severity:
//     corrected"), and EDAC prints "EDAC MCn: k CE ...". Reading
//     /dev/kmsg is non-destructive: every reader has its own position.
//
// The kernel log counts as a watch only where the kernel has a machine-
// check subsystem (/sys/devices/system/machinecheck) or an EDAC memory
// controller: elsewhere (most VMs) no corrected error could reach it, and
// an empty log would prove nothing. The machinecheck settings go in the
// detail; a kernel told to ignore corrected errors (ignore_ce=1) is blind
// to them, and that is an error here, not a zero.
//
// ras:mc_event and mce:mce_record trace events are not read: reading a
// trace buffer consumes it from rasdaemon, and enabling events would
// write kernel state hwqual did not create. The burn-in docs point to
// `ras-mc-ctl --errors` where rasdaemon runs.
func readMachineChecks(root string) ([]model.MachineCheckCount, error) {
	var out []model.MachineCheckCount
	if n, err := readMCE(root); err == nil {
		out = append(out, model.MachineCheckCount{Source: sourceInterrupts, Kind: "exceptions", Count: n})
	}
	detail, mcErr := machinecheckConfig(root)
	_, edacErr := os.Stat(filepath.Join(root, "sys", "devices", "system", "edac", "mc", "mc0"))
	var why error
	switch {
	case mcErr != nil && errors.Is(mcErr, errCorrectedIgnored):
		why = mcErr
	case mcErr != nil && edacErr != nil:
		why = notRevealed("corrected errors: %v, and no EDAC memory controller (no ECC, no EDAC driver, or a virtual machine)", mcErr)
	default:
		hw, corrected, last, err := countKmsg(filepath.Join(root, "dev", "kmsg"))
		if err != nil {
			why = notRevealed("corrected errors: %v", err)
			break
		}
		if mcErr != nil {
			detail = "EDAC memory controller present; no x86 machine-check subsystem"
		}
		out = append(out,
			model.MachineCheckCount{Source: sourceKmsg, Kind: "hardware_error_records", Count: hw, LastSeq: last, Detail: detail},
			model.MachineCheckCount{Source: sourceKmsg, Kind: "corrected_records", Count: corrected, LastSeq: last, Detail: detail})
	}
	if why == nil && len(out) == 0 {
		why = notRevealed("no machine-check source")
	}
	return out, why
}

// errCorrectedIgnored marks a kernel configured to drop corrected errors.
var errCorrectedIgnored = errors.New("the kernel ignores corrected machine checks")

// machinecheckConfig describes how the x86 machine-check code treats
// corrected errors (Documentation/arch/x86/x86_64/machinecheck.rst): the
// poll interval, CMCI, and whether corrected errors are logged at all.
func machinecheckConfig(root string) (string, error) {
	dir := filepath.Join(root, "sys", "devices", "system", "machinecheck", "machinecheck0")
	if _, err := os.Stat(dir); err != nil {
		return "", notRevealed("no %s (no x86 machine-check subsystem: not x86, or a virtual machine)", dir)
	}
	if sysfs.Text(filepath.Join(dir, "ignore_ce")) == "1" {
		return "", fmt.Errorf("%w (%s/ignore_ce = 1): corrected errors are neither polled nor signalled", errCorrectedIgnored, dir)
	}
	parts := []string{"x86 machine-check subsystem"}
	if v := sysfs.Text(filepath.Join(dir, "check_interval")); v != "" && v != "0" {
		parts = append(parts, "corrected errors polled every "+v+" s")
	} else if v == "0" {
		parts = append(parts, "polling off")
	}
	switch sysfs.Text(filepath.Join(dir, "cmci_disabled")) {
	case "0":
		parts = append(parts, "CMCI on")
	case "1":
		parts = append(parts, "CMCI off")
	}
	if sysfs.Text(filepath.Join(dir, "dont_log_ce")) == "1" {
		parts = append(parts, "corrected errors not logged (dont_log_ce=1): only EDAC and GHES records reach the log")
	}
	return strings.Join(parts, ", "), nil
}

// edacCE matches EDAC's corrected-error report ("EDAC MC0: 1 CE ...").
var edacCE = regexp.MustCompile(`EDAC MC\d+: \d+ CE `)

// countKmsg counts the hardware-error records in the kernel log at path
// (/dev/kmsg, or a recorded copy): all "[Hardware Error]" records, the
// corrected ones among them plus EDAC's CE records, and the sequence
// number of the last counted record.
func countKmsg(path string) (hw, corrected, lastSeq uint64, err error) {
	data, err := readKmsg(path)
	if err != nil {
		return 0, 0, 0, err
	}
	for line := range strings.Lines(string(data)) {
		head, msg, ok := strings.Cut(line, ";")
		if !ok || strings.HasPrefix(line, " ") {
			continue // a continuation (KEY=value) line
		}
		fields := strings.Split(head, ",")
		if len(fields) < 3 {
			continue
		}
		seq, err := strconv.ParseUint(fields[1], 10, 64)
		if err != nil {
			continue
		}
		isHW := strings.Contains(msg, "[Hardware Error]")
		isCE := isHW && (strings.Contains(strings.ToLower(msg), "corrected") || strings.Contains(msg, "Machine check events logged")) ||
			edacCE.MatchString(msg)
		if isHW {
			hw++
		}
		if isCE {
			corrected++
		}
		if isHW || isCE {
			lastSeq = seq
		}
	}
	return hw, corrected, lastSeq, nil
}

// readKmsg reads the kernel log from its oldest record to now. /dev/kmsg
// returns one record per read, EAGAIN at the end when non-blocking, and
// EPIPE when the ring overwrote the record due next (the read goes on
// from the oldest one left); a recorded copy is a plain file. The raw fd
// is read directly: os.File would park on EAGAIN, waiting for the next
// kernel message instead of returning.
func readKmsg(path string) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer unix.Close(fd)
	var out bytes.Buffer
	buf := make([]byte, 16<<10) // larger than a record (LOG_LINE_MAX plus its dictionary)
	for range 1 << 20 {         // bounded: a log flooding faster than it is read
		n, err := unix.Read(fd, buf)
		switch {
		case err == nil && n > 0:
			out.Write(buf[:n])
		case errors.Is(err, unix.EPIPE), errors.Is(err, unix.EINTR):
		case err == nil, errors.Is(err, unix.EAGAIN):
			return out.Bytes(), nil
		default:
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
	}
	return out.Bytes(), nil
}

// MachineCheckRise is one machine-check count that rose: the source that
// counted it (the finding's where) and the counts in words.
type MachineCheckRise struct {
	Source, Evidence string
}

// DiffMachineChecks names the machine-check counts that rose between two
// readings, per source and kind, for the verdict: "/dev/kmsg
// corrected_records 0 → 4 (+4)". A kernel-log count that fell while its
// last sequence number advanced (the ring wrapped) still reports new
// records.
func DiffMachineChecks(base, last *model.Counters) []MachineCheckRise {
	if base == nil || last == nil {
		return nil
	}
	before := map[string]model.MachineCheckCount{}
	for _, m := range base.MachineChecks {
		before[m.Source+" "+m.Kind] = m
	}
	var out []MachineCheckRise
	for _, m := range last.MachineChecks {
		b, ok := before[m.Source+" "+m.Kind]
		switch {
		case !ok:
		case m.Count > b.Count:
			out = append(out, MachineCheckRise{m.Source, fmt.Sprintf("%s %s %d → %d (+%d)", m.Source, m.Kind, b.Count, m.Count, m.Count-b.Count)})
		case m.LastSeq > b.LastSeq:
			out = append(out, MachineCheckRise{m.Source, fmt.Sprintf("%s %s: new records up to sequence %d (the log wrapped: %d → %d still held)", m.Source, m.Kind, m.LastSeq, b.Count, m.Count)})
		}
	}
	return out
}
