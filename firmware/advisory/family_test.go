package advisory

import "testing"

func TestFamily(t *testing.T) {
	jxd7, _ := ParseFamily("xB2QJXD7")
	evo870, _ := ParseFamily("SVT0xB6Q")
	tests := []struct {
		name string
		fam  Family
		rev  string
		in   bool
	}{
		{"same family", jxd7, "1B2QJXD7", true},
		{"V8 NAND line is another family", jxd7, "1B2QJXG7", false},
		{"980 PRO revision", jxd7, "5B2QGXA7", false},
		{"too short", jxd7, "1B2QJXD", false},
		{"lowercase generation", jxd7, "xB2QJXD7", false},
		{"x in the middle", evo870, "SVT02B6Q", true},
		{"letter generation", evo870, "SVT0AB6Q", true},
		{"empty", jxd7, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fam.Contains(tt.rev); got != tt.in {
				t.Errorf("%s.Contains(%q) = %v, want %v", tt.fam, tt.rev, got, tt.in)
			}
		})
	}
	if c := jxd7.Compare("1B2QJXD7", "8B2QJXD7"); c >= 0 {
		t.Errorf("Compare(1B, 8B) = %d, want < 0", c)
	}
	if c := evo870.Compare("SVT0AB6Q", "SVT09B6Q"); c <= 0 {
		t.Errorf("Compare(A, 9) = %d, want > 0 (letters after digits)", c)
	}
}

func TestParseFamilyErrors(t *testing.T) {
	for _, s := range []string{"", "B2QJXD7", "xxB2QJXD7", "xb2qjxd7", "x-2QJXD7"} {
		if _, err := ParseFamily(s); err == nil {
			t.Errorf("ParseFamily(%q) = nil error, want one", s)
		}
	}
}
