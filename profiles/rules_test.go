package profiles

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRule(t *testing.T) {
	tests := []struct {
		expr    string
		text    string // canonical text; "" when an error is expected
		errWant string
	}{
		{"cpu.physical_cores >= 8", "cpu.physical_cores >= 8", ""},
		{"  memory.total_bytes>=64 GiB ", "memory.total_bytes >= 64 GiB", ""},
		{"cpu.smt == false", "cpu.smt == false", ""},
		{"virtualized != true", "virtualized != true", ""},
		{"kernel.version >= 5.16", "kernel.version >= 5.16", ""},
		{"storage.nvme_total_bytes >= 8 TB", "storage.nvme_total_bytes >= 8 TB", ""},
		{"cpu.cores >= 8", "", `unknown field "cpu.cores"`},
		{"cpu.smt >= true", "", "operator >= does not fit a bool field"},
		{"memory.type > DDR4", "", "operator > does not fit a enum field"},
		{"memory.total_bytes >= 64 GiBs", "", `unknown unit "GiBs"`},
		{"memory.total_bytes >= 64", "", "a unit is required"},
		{"cpu.physical_cores >=", "", "missing value"},
		{"cpu.physical_cores => 8", "", "is not FIELD OP VALUE"},
		{"", "", "is not FIELD OP VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			r, err := ParseRule(tt.expr)
			if tt.errWant != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errWant) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.errWant)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseRule: %v", err)
			}
			if r.Text != tt.text {
				t.Errorf("Text = %q, want %q", r.Text, tt.text)
			}
		})
	}
}

// TestParseRuleErrorsLocate: a bad rule in a profile file names the file,
// the line and the field.
func TestParseRuleErrorsLocate(t *testing.T) {
	const head = "name: t\nrequirements:\n  - rule: cpu.physical_cores >= 8\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown field", head + "  - rule: cpu.turbo == true\n", `p.yaml:4: requirements[1].rule: unknown field "cpu.turbo"`},
		{"operator", head + "  - rule: memory.ecc >= true\n", "p.yaml:4: requirements[1].rule: field memory.ecc: operator >="},
		{"unit", head + "  - rule: memory.total_bytes >= 64 GiBs\n", `p.yaml:4: requirements[1].rule: field memory.total_bytes: "64 GiBs": unknown unit "GiBs"`},
		{"metric with rule", head + "  - rule: cpu.smt == false\n    minimum: 5 MiB/s\n", "p.yaml:4: requirements[1].rule: a rule takes only severity and source"},
		{"duplicate", head + "  - rule: cpu.physical_cores  >=  8\n", "p.yaml:4: requirements[1].metric: cpu.physical_cores >= 8 already required at line 3"},
		{"bad severity", head + "  - rule: cpu.smt == false\n    severity: maybe\n", "p.yaml:5: requirements[1].severity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tt.yaml))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *profiles.Error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %q\nwant prefix %q", err, tt.want)
			}
		})
	}
}

func TestBuiltinProfilesHaveRules(t *testing.T) {
	for _, name := range []string{"validator", "jam", "storage"} {
		p, err := Load(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rules := 0
		for _, r := range p.Requirements {
			if r.Rule != nil {
				rules++
				if r.Source == "" {
					t.Errorf("%s: rule %q has no source", name, r.Rule.Text)
				}
			}
		}
		if rules < 5 {
			t.Errorf("%s: %d rules, want at least 5", name, rules)
		}
	}
}

// FuzzParseRule: rules come from operators' files; parsing must not panic
// and an accepted rule must parse again to itself.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"cpu.physical_cores >= 8", "memory.total_bytes >= 64 GiB", "cpu.smt == false",
		"kernel.version >= 5.16", "memory.type == DDR5", "cpu.max_mhz >= 5 GHz", "x <", "memory.total_bytes >= 1e400 GB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s)
		if err != nil {
			return
		}
		again, err := ParseRule(r.Text)
		if err != nil || again.Text != r.Text || again.Want != r.Want {
			t.Fatalf("%q → %q does not parse back to itself: %v", s, r.Text, err)
		}
	})
}
