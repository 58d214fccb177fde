package nvme

import (
	"encoding/binary"
	"fmt"
	"math"
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
	CriticalWarning   uint8   `json:"critical_warning"`
	TemperatureKelvin int     `json:"temperature_kelvin"`
	AvailableSparePct int     `json:"available_spare_percent"`
	SpareThresholdPct int     `json:"spare_threshold_percent"`
	PercentageUsed    int     `json:"percentage_used_percent"`
	DataReadBytes     float64 `json:"data_read_bytes"`
	DataWrittenBytes  float64 `json:"data_written_bytes"`
	PowerOnHours      float64 `json:"power_on_hours"`
	UnsafeShutdowns   float64 `json:"unsafe_shutdowns"`
	MediaErrors       float64 `json:"media_errors"`
	ErrorLogEntries   float64 `json:"error_log_entries"`
	// WarningTempMinutes and CriticalTempMinutes are the minutes the
	// composite temperature spent above the warning and critical
	// thresholds (bytes 192-195 and 196-199).
	WarningTempMinutes  uint32   `json:"warning_temp_minutes"`
	CriticalTempMinutes uint32   `json:"critical_temp_minutes"`
	ReadOnly            bool     `json:"read_only"`
	CriticalWarningSet  []string `json:"critical_warnings,omitempty"`
}

// ParseSMARTLog parses a 512-byte SMART/health log page at the NVMe base
// specification's offsets. The live ioctl path feeds smart.go's reading
// through here too, so recorded pages and live drives share one parser.
func ParseSMARTLog(b []byte) (Health, error) {
	if len(b) != smartLogSize {
		return Health{}, fmt.Errorf("SMART/health log: %d bytes, want %d", len(b), smartLogSize)
	}
	cw := b[0]
	h := Health{
		CriticalWarning:     cw,
		TemperatureKelvin:   int(binary.LittleEndian.Uint16(b[1:3])),
		AvailableSparePct:   int(b[3]),
		SpareThresholdPct:   int(b[4]),
		PercentageUsed:      int(b[5]),
		DataReadBytes:       u128(b[32:]) * dataUnitBytes,
		DataWrittenBytes:    u128(b[48:]) * dataUnitBytes,
		PowerOnHours:        u128(b[128:]),
		UnsafeShutdowns:     u128(b[144:]),
		MediaErrors:         u128(b[160:]),
		ErrorLogEntries:     u128(b[176:]),
		WarningTempMinutes:  binary.LittleEndian.Uint32(b[192:196]),
		CriticalTempMinutes: binary.LittleEndian.Uint32(b[196:200]),
		ReadOnly:            cw&WarnReadOnly != 0,
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
		if cw&w.bit != 0 {
			h.CriticalWarningSet = append(h.CriticalWarningSet, w.name)
		}
	}
	return h, nil
}

// dataUnitBytes is one NVMe "data unit": 1000 sectors of 512 bytes.
const dataUnitBytes = 512_000

// u128 reads a 128-bit little-endian counter as float64; counters beyond
// 2^64 keep their magnitude rather than wrapping.
func u128(b []byte) float64 {
	return float64(binary.LittleEndian.Uint64(b[8:16]))*math.Exp2(64) + float64(binary.LittleEndian.Uint64(b[:8]))
}
