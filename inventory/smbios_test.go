package inventory

import (
	"os"
	"testing"
)

func TestParseSMBIOSMalformed(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		structs int
		wantErr bool
	}{
		{"empty", nil, 0, false},
		{"short header", []byte{17, 4}, 0, true},
		{"length below header", []byte{17, 2, 0, 0, 0, 0}, 0, true},
		{"length past end", []byte{17, 40, 0, 0, 0, 0}, 0, true},
		{"no string terminator", []byte{1, 4, 0, 0, 'a', 0}, 0, true},
		{"one struct no strings", []byte{1, 4, 0, 0, 0, 0}, 1, false},
		{"end of table stops", []byte{127, 4, 0, 0, 0, 0, 1, 4, 0, 0, 0, 0}, 1, false},
		{"strings", []byte{1, 5, 0, 0, 1, 'a', 0, 'b', 'c', 0, 0}, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSMBIOS(tt.in)
			if len(got) != tt.structs || (err != nil) != tt.wantErr {
				t.Errorf("got %d structs, err %v; want %d, err %v", len(got), err, tt.structs, tt.wantErr)
			}
		})
	}
	s, _ := parseSMBIOS([]byte{1, 5, 0, 0, 2, 'a', 0, 'b', 'c', 0, 0})
	if got := s[0].str(4); got != "bc" {
		t.Errorf("string 2 = %q, want bc", got)
	}
}

// TestDIMMFromSMBIOS covers size encodings and speeds beyond 65534 MT/s.
func TestDIMMFromSMBIOS(t *testing.T) {
	dev := func(size uint16, ext uint32, speed uint16, extSpeed uint32, tw, dw uint16) smbiosStruct {
		d := make([]byte, 0x5c)
		d[0], d[1] = 17, 0x5c
		d[0x08], d[0x09] = byte(tw), byte(tw>>8)
		d[0x0a], d[0x0b] = byte(dw), byte(dw>>8)
		d[0x0c], d[0x0d] = byte(size), byte(size>>8)
		d[0x12] = 0x22
		d[0x15], d[0x16] = byte(speed), byte(speed>>8)
		for i := 0; i < 4; i++ {
			d[0x1c+i] = byte(ext >> (8 * i))
			d[0x54+i] = byte(extSpeed >> (8 * i))
		}
		return smbiosStruct{typ: 17, data: d}
	}
	tests := []struct {
		name      string
		s         smbiosStruct
		installed bool
		size      uint64
		rated     int
		ecc       any
	}{
		{"empty slot", dev(0, 0, 0, 0, 72, 64), false, 0, 0, true},
		{"16 GiB in MiB", dev(16384, 0, 4800, 0, 72, 64), true, 16 << 30, 4800, true},
		{"extended 64 GiB", dev(0x7fff, 65536, 5600, 0, 64, 64), true, 64 << 30, 5600, false},
		{"KiB granularity", dev(0x8000|512, 0, 0, 0, 0xffff, 64), true, 512 << 10, 0, nil},
		{"extended speed", dev(8192, 0, 0xffff, 70000, 80, 64), true, 8 << 30, 70000, true},
		{"truncated SMBIOS 2.3 layout", smbiosStruct{typ: 17, data: dev(8192, 0, 3200, 0, 72, 64).data[:0x17]}, true, 8 << 30, 3200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := dimmFromSMBIOS(tt.s)
			if ok != tt.installed {
				t.Fatalf("installed = %v, want %v", ok, tt.installed)
			}
			if !ok {
				return
			}
			if d.SizeBytes != tt.size || d.RatedMTs != tt.rated || deref(d.ECC) != tt.ecc || d.Type != "DDR5" {
				t.Errorf("got size %d rated %d ecc %v type %s; want %d %d %v DDR5", d.SizeBytes, d.RatedMTs, deref(d.ECC), d.Type, tt.size, tt.rated, tt.ecc)
			}
		})
	}
}

// FuzzParseSMBIOS: the DMI table is untrusted input; parsing must never
// panic and decoded DIMMs must come from structures inside the input.
func FuzzParseSMBIOS(f *testing.F) {
	for _, m := range []string{"ryzen7950x", "epyc7713"} {
		b, err := os.ReadFile("testdata/machines/" + m + "/sys/firmware/dmi/tables/DMI")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte{17, 0x5c, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		structs, _ := parseSMBIOS(b)
		total := 0
		for _, s := range structs {
			total += len(s.data)
		}
		if total > len(b) {
			t.Fatalf("%d formatted bytes from %d input bytes", total, len(b))
		}
		m := memoryFromSMBIOS(structs)
		if len(m.dimms) > len(structs) {
			t.Fatalf("%d DIMMs from %d structures", len(m.dimms), len(structs))
		}
	})
}
