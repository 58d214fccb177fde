package bmc

import "testing"

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
		err  bool
	}{
		{"3.35.00", "3.35.00", 0, false},
		{"3.35.00", "3.35", 0, false}, // trailing zero parts are the same release
		{"3.35.01", "3.35", 1, false},
		{"1.14", "1.9", 1, false}, // numbers, not strings
		{"1.09", "1.9", 0, false},
		{"4.01.00", "3.35.00", 1, false},
		{"0.01.00", "1.00.00", -1, false},
		{"L2.07B", "L2.07", 1, false},
		{"L2.07B", "L2.07C", -1, false},
		{"l2.07b", "L2.07B", 0, false}, // letters case-insensitive
		{"P79 v1.45 (12/06/2017)", "P79 v1.45", 1, false},
		{"P79 v1.45 (12/06/2017)", "P79 v1.50", -1, false},
		{"1.45.455b66-rev4", "1.45.455b66-rev3", 1, false},
		{"1.45.455b66-rev4", "1.30.367a12-rev1", 1, false},
		{"99999999999999999999999.1", "99999999999999999999998.9", 1, false},
		{"1.2", "1.a", 0, true}, // digits against letters: different schemes
		{"", "1.0", 0, true},
		{"...", "1.0", 0, true},
	}
	for _, tt := range tests {
		got, err := CompareVersions(tt.a, tt.b)
		if (err != nil) != tt.err {
			t.Errorf("CompareVersions(%q, %q) error = %v, want error %v", tt.a, tt.b, err, tt.err)
			continue
		}
		if got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if err == nil { // antisymmetric
			if back, _ := CompareVersions(tt.b, tt.a); back != -got {
				t.Errorf("CompareVersions(%q, %q) = %d, but reversed %d", tt.a, tt.b, got, back)
			}
		}
	}
}

// FuzzCompareVersions: versions come from the BMC and the command line;
// the comparison must not panic, must be reflexive and antisymmetric.
func FuzzCompareVersions(f *testing.F) {
	for _, s := range [][2]string{{"3.35.00", "4.01.00"}, {"L2.07B", "L2.10"}, {"P79 v1.45 (12/06/2017)", "P79 v1.10"}, {"1.14", "1.9"}, {"ä1.0", "Ä1.0"}, {"0x1F", "0x20"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, errAB := CompareVersions(a, b)
		ba, errBA := CompareVersions(b, a)
		if (errAB == nil) != (errBA == nil) {
			t.Fatalf("error differs with order: %v / %v", errAB, errBA)
		}
		if errAB == nil && ab != -ba {
			t.Fatalf("Compare(%q,%q)=%d but Compare(%q,%q)=%d", a, b, ab, b, a, ba)
		}
		if self, err := CompareVersions(a, a); err == nil && self != 0 {
			t.Fatalf("Compare(%q,%q)=%d, want 0", a, a, self)
		}
	})
}

func TestCheckBMCMinimums(t *testing.T) {
	redfish := &Info{Source: "redfish", Manager: &Manager{FirmwareVersion: "3.35.00"}, BIOSVersion: "L2.07B"}
	ipmi := &Info{Source: "ipmi", IPMI: &IPMIDevice{FirmwareRevision: "1.14"}}
	tests := []struct {
		name            string
		info            *Info
		minBMC, minBIOS string
		want            []string
	}{
		{"no minimums", redfish, "", "", nil},
		{"both met", redfish, "3.35", "L2.07", []string{CheckPass, CheckPass}},
		{"bmc too old", redfish, "4.01.00", "", []string{CheckFail}},
		{"bios too old", redfish, "", "L2.10", []string{CheckFail}},
		{"incomparable is not a pass", redfish, "A.B", "", []string{CheckNotMeasured}},
		{"ipmi firmware", ipmi, "1.10", "", []string{CheckPass}},
		{"ipmi has no bios", ipmi, "", "1.0", []string{CheckNotMeasured}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckMinimums(tt.info, tt.minBMC, tt.minBIOS)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d checks %+v, want %v", len(got), got, tt.want)
			}
			for i, c := range got {
				if c.Status != tt.want[i] {
					t.Errorf("check %s: %s (%s), want %s", c.Name, c.Status, c.Reason, tt.want[i])
				}
			}
			if rep := NewReport(tt.info, tt.minBMC, tt.minBIOS); rep.Pass != allPass(tt.want) {
				t.Errorf("report pass = %v for %v", rep.Pass, tt.want)
			}
		})
	}
}

func allPass(statuses []string) bool {
	for _, s := range statuses {
		if s != CheckPass {
			return false
		}
	}
	return true
}
