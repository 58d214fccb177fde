package inventory

import (
	"errors"
	"testing"
)

func TestParseValueAndCompare(t *testing.T) {
	tests := []struct {
		field, op, want string
		found           Value
		holds           bool
	}{
		{"cpu.physical_cores", ">=", "8", Value{Num: 16}, true},
		{"cpu.physical_cores", ">=", "8", Value{Num: 2}, false},
		{"cpu.physical_cores", "<", "8", Value{Num: 2}, true},
		{"cpu.smt", "==", "false", Value{Bool: true}, false},
		{"cpu.smt", "!=", "true", Value{Bool: false}, true},
		{"memory.total_bytes", ">=", "64 GiB", Value{Num: 64 << 30}, true},
		{"memory.total_bytes", ">=", "64 GB", Value{Num: 59.6e9}, false},
		{"memory.total_bytes", ">", "32GB", Value{Num: 32 << 30}, true},
		{"storage.nvme_total_bytes", ">=", "8 TB", Value{Num: 4 * 2000398934016}, true},
		{"storage.nvme_total_bytes", ">=", "8 TB", Value{Num: 2 * 2000398934016}, false},
		{"cpu.max_mhz", ">=", "5 GHz", Value{Num: 5000}, true},
		{"cpu.max_mhz", ">=", "3400", Value{Num: 3399}, false},
		{"memory.configured_mts", ">=", "4800 MT/s", Value{Num: 3600}, false},
		{"kernel.version", ">=", "5.16", Value{Str: "6.1.0-26-amd64"}, true},
		{"kernel.version", ">=", "5.16", Value{Str: "5.15.0-91-generic"}, false},
		{"kernel.version", "==", "5.16", Value{Str: "5.16.0"}, true},
		{"kernel.version", ">", "5.16", Value{Str: "garbage"}, false},
		{"memory.type", "==", "ddr5", Value{Str: "DDR5"}, true},
		{"memory.type", "!=", "DDR5", Value{Str: "DDR4"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.field+tt.op+tt.want, func(t *testing.T) {
			f, ok := LookupField(tt.field)
			if !ok {
				t.Fatalf("no field %s", tt.field)
			}
			want, err := f.ParseValue(tt.want)
			if err != nil {
				t.Fatalf("ParseValue(%q): %v", tt.want, err)
			}
			if got := Compare(f.Type, tt.op, tt.found, want); got != tt.holds {
				t.Errorf("%v %s %v = %v, want %v", tt.found, tt.op, want, got, tt.holds)
			}
		})
	}
}

func TestParseValueErrors(t *testing.T) {
	tests := []struct {
		field, value string
		unknownUnit  bool
	}{
		{"memory.total_bytes", "64 GiBs", true},
		{"memory.total_bytes", "64", true},
		{"cpu.max_mhz", "5 THz", true},
		{"cpu.physical_cores", "eight", false},
		{"cpu.physical_cores", "-1", false},
		{"cpu.smt", "off", false},
		{"kernel.version", "new", false},
		{"memory.type", "DDR6", false},
		{"memory.total_bytes", "NaN GB", false},
	}
	for _, tt := range tests {
		f, _ := LookupField(tt.field)
		_, err := f.ParseValue(tt.value)
		if err == nil {
			t.Errorf("%s %q: no error", tt.field, tt.value)
			continue
		}
		if errors.Is(err, ErrUnknownUnit) != tt.unknownUnit {
			t.Errorf("%s %q: %v; unknown unit = %v, want %v", tt.field, tt.value, err, !tt.unknownUnit, tt.unknownUnit)
		}
	}
}

func TestFormatLike(t *testing.T) {
	f, _ := LookupField("memory.total_bytes")
	if got := f.FormatLike(Value{Num: 24 << 30}, "64 GB"); got != "25.77 GB" {
		t.Errorf("FormatLike GB = %q", got)
	}
	if got := f.FormatLike(Value{Num: 24 << 30}, "64 GiB"); got != "24 GiB" {
		t.Errorf("FormatLike GiB = %q", got)
	}
	mhz, _ := LookupField("cpu.max_mhz")
	if got := mhz.FormatLike(Value{Num: 5700}, "5 GHz"); got != "5.7 GHz" {
		t.Errorf("FormatLike GHz = %q", got)
	}
}
