package checkid

import "testing"

func TestIDs(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Metric("BLAKE2-256", 0), "metric:BLAKE2-256"},
		{Metric("BLAKE2-256-Parallel", 8), "metric:BLAKE2-256-Parallel/8"},
		{Rule("cpu.physical_cores", ">=", "8", false), "rule:cpu.physical_cores"},
		{Rule("cpu.max_mhz", ">=", "3.4 GHz", true), "rule:cpu.max_mhz>=3.4GHz"},
		{Firmware("nvme", ""), "firmware:nvme"},
		{Firmware("nvme", "S5GXNF0R123456"), "firmware:nvme/S5GXNF0R123456"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestMetricWorkers(t *testing.T) {
	for _, tt := range []struct {
		id, fn  string
		workers int
		ok      bool
	}{
		{"metric:BLAKE2-256-Parallel/8", "BLAKE2-256-Parallel", 8, true},
		{"metric:BLAKE2-256", "BLAKE2-256", 0, true},
		{"metric:Read Latency p99", "Read Latency p99", 0, true},
		{"metric:X/0", "X/0", 0, true},
		{"rule:cpu.smt", "", 0, false},
	} {
		fn, w, ok := MetricWorkers(tt.id)
		if fn != tt.fn || w != tt.workers || ok != tt.ok {
			t.Errorf("MetricWorkers(%q) = %q, %d, %v", tt.id, fn, w, ok)
		}
	}
}
