// Package checkid spells the stable identity of a qualification check, the
// key reports are compared and merged on. An id depends only on the
// profile's requirement (and, for firmware, on the drive), never on the
// machine's measurements, so two runs of one profile on one machine give
// the same set of ids, and two machines the same ids for the same
// requirements.
//
//	metric:<Function>            metric:BLAKE2-256
//	metric:<Function>/<workers>  metric:BLAKE2-256-Parallel/8 (workers set in the profile)
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

// Metric is a metric requirement's id. workers is the parallelism the
// profile asked for; 0 (the module's default) adds nothing, since the
// default can depend on the machine.
func Metric(name string, workers int) string {
	if workers > 0 {
		return MetricPrefix + name + "/" + strconv.Itoa(workers)
	}
	return MetricPrefix + name
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
