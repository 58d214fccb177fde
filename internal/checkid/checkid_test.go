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
