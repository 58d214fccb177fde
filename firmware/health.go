package firmware

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	smart "github.com/anatol/smart.go"
)

// smartLogSize is the SMART/health information log's length (Get Log Page
// identifier 02h).
const smartLogSize = 512

// Critical warning bits of the SMART/health log, byte 0.
const (
	WarnSpare       = 1 << 0 // available spare below threshold
	WarnTemperature = 1 << 1 // temperature outside its thresholds
	WarnReliability = 1 << 2 // NVM subsystem reliability degraded
	WarnReadOnly    = 1 << 3 // media placed in read-only mode
	WarnVolatile    = 1 << 4 // volatile memory backup failed
)

// Health is the SMART/health log in base units.
type Health struct {
	CriticalWarning    uint8    `json:"critical_warning"`
	TemperatureKelvin  int      `json:"temperature_kelvin"`
	AvailableSparePct  int      `json:"available_spare_percent"`
	SpareThresholdPct  int      `json:"spare_threshold_percent"`
	PercentageUsed     int      `json:"percentage_used_percent"`
	DataReadBytes      float64  `json:"data_read_bytes"`
	DataWrittenBytes   float64  `json:"data_written_bytes"`
	PowerOnHours       float64  `json:"power_on_hours"`
	UnsafeShutdowns    float64  `json:"unsafe_shutdowns"`
	MediaErrors        float64  `json:"media_errors"`
	ErrorLogEntries    float64  `json:"error_log_entries"`
	ReadOnly           bool     `json:"read_only"`
	CriticalWarningSet []string `json:"critical_warnings,omitempty"`
}

// ParseSMARTLog parses a 512-byte SMART/health log page through smart.go's
// layout, the same conversion the live ioctl path uses.
func ParseSMARTLog(b []byte) (Health, error) {
	if len(b) != smartLogSize {
		return Health{}, fmt.Errorf("SMART/health log: %d bytes, want %d", len(b), smartLogSize)
	}
	var log smart.NvmeSMARTLog
	if err := binary.Read(bytes.NewReader(b), binary.LittleEndian, &log); err != nil {
		return Health{}, fmt.Errorf("SMART/health log: %w", err)
	}
	return healthFromLog(&log), nil
}

// dataUnitBytes is one NVMe "data unit": 1000 sectors of 512 bytes.
const dataUnitBytes = 512_000

func healthFromLog(l *smart.NvmeSMARTLog) Health {
	h := Health{
		CriticalWarning:   l.CritWarning,
		TemperatureKelvin: int(l.Temperature),
		AvailableSparePct: int(l.AvailSpare),
		SpareThresholdPct: int(l.SpareThresh),
		PercentageUsed:    int(l.PercentUsed),
		DataReadBytes:     u128(l.DataUnitsRead) * dataUnitBytes,
		DataWrittenBytes:  u128(l.DataUnitsWritten) * dataUnitBytes,
		PowerOnHours:      u128(l.PowerOnHours),
		UnsafeShutdowns:   u128(l.UnsafeShutdowns),
		MediaErrors:       u128(l.MediaErrors),
		ErrorLogEntries:   u128(l.NumErrLogEntries),
		ReadOnly:          l.CritWarning&WarnReadOnly != 0,
	}
	for _, w := range []struct {
		bit  uint8
		name string
	}{
		{WarnSpare, "spare below threshold"},
		{WarnTemperature, "temperature"},
		{WarnReliability, "reliability degraded"},
		{WarnReadOnly, "read-only"},
		{WarnVolatile, "volatile memory backup failed"},
	} {
		if l.CritWarning&w.bit != 0 {
			h.CriticalWarningSet = append(h.CriticalWarningSet, w.name)
		}
	}
	return h
}

// u128 converts a 128-bit counter to float64; counters beyond 2^64 keep
// their magnitude rather than wrapping.
func u128(v smart.Uint128) float64 {
	return float64(v.Val[1])*math.Exp2(64) + float64(v.Val[0])
}
