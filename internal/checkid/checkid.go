// Package checkid spells the stable identity of a qualification check, the
// key reports are compared and merged on. An id depends on the profile's
// requirement (for firmware, on the drive; for a parallel metric, on the
// workers that ran), never on a measured value, so two runs of one profile
// on one machine give the same set of ids, and two machines the same ids
// wherever they ran the same workload. A parallel row carries the workers
// that ran, not the ones asked for: a 2-worker run on a 2-CPU machine is
// metric:BLAKE2-256-Parallel/2 and is never lined up against 8-worker
// runs (the report's numeric part keeps both counts).
//
//	metric:<Function>            metric:BLAKE2-256
//	metric:<Function>/<workers>  metric:BLAKE2-256-Parallel/8 (parallel metrics: the workers that ran)
//	rule:<field>                 rule:cpu.physical_cores
//	rule:<field><op><value>      rule:cpu.max_mhz>=3400MHz (a field with several rules)
//	firmware:nvme                the requirement itself (no drive found)
//	firmware:nvme/<serial>       one drive; its kernel name when the serial is unknown
package checkid

import (
	"strconv"
	"strings"
)

// Prefixes name the check kinds.
const (
	MetricPrefix   = "metric:"
	RulePrefix     = "rule:"
	FirmwarePrefix = "firmware:"
)

// Metric is a metric check's id. workers is the parallelism that ran (the
// profile's before anything ran); 0, a serial metric, adds nothing.
func Metric(name string, workers int) string {
	if workers > 0 {
		return MetricPrefix + name + "/" + strconv.Itoa(workers)
	}
	return MetricPrefix + name
}

// MetricWorkers splits a metric id into the function and the workers it
// names; workers is 0 when the id names none.
func MetricWorkers(id string) (function string, workers int, ok bool) {
	rest, ok := strings.CutPrefix(id, MetricPrefix)
	if !ok {
		return "", 0, false
	}
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		if n, err := strconv.Atoi(rest[i+1:]); err == nil && n > 0 {
			return rest[:i], n, true
		}
	}
	return rest, 0, true
}

// Rule is an inventory rule's id: the field alone, or, when the profile
// has several rules on the field (ambiguous), the whole rule without
// spaces, in the order written: "rule:cpu.max_mhz>=3400MHz".
func Rule(field, op, value string, ambiguous bool) string {
	if !ambiguous {
		return RulePrefix + field
	}
	return RulePrefix + field + op + strings.Join(strings.Fields(value), "")
}

// Firmware is a firmware requirement's id ("firmware:nvme"); with a drive
// key (its serial number) it is that drive's check.
func Firmware(kind, drive string) string {
	if drive == "" {
		return FirmwarePrefix + kind
	}
	return FirmwarePrefix + kind + "/" + drive
}
