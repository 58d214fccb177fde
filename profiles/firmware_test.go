package profiles

import (
	"strings"
	"testing"
)

func TestParseFirmwareRequirement(t *testing.T) {
	p, err := Parse("p.yaml", []byte("name: t\nrequirements:\n  - firmware: nvme\n    severity: warn\n    source: advisories\n  - metric: Copy\n    minimum: 1 GiB/s\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := p.Requirements[0]
	if r.Firmware != "nvme" || r.Severity != SeverityWarn || r.Metric != "" || r.Line != 3 {
		t.Errorf("got %+v", r)
	}
	tests := []struct {
		name, reqs, want string
	}{
		{"unknown kind", "  - firmware: sata\n", `p.yaml:3: requirements[0].firmware: "sata" is not a firmware check (want nvme)`},
		{"empty kind", "  - firmware: ''\n", `requirements[0].firmware: "" is not a firmware check`},
		{"with a minimum", "  - firmware: nvme\n    minimum: 1 MiB/s\n", "p.yaml:3: requirements[0].minimum: a firmware requirement takes only firmware, severity and source"},
		{"with a metric", "  - firmware: nvme\n    metric: Copy\n", "requirements[0].metric: a firmware requirement takes only"},
		{"twice", "  - firmware: nvme\n  - firmware: nvme\n", "p.yaml:4: requirements[1].metric: firmware: nvme already required at line 3"},
		{"bad severity", "  - firmware: nvme\n    severity: maybe\n", `"maybe" is not a severity`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte("name: t\nrequirements:\n"+tt.reqs))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
