package qualify

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEngineLinksNoBMCClients: qualification judges NVMe drives but never
// talks to a BMC, so the engine must not link the Redfish (gofish) or IPMI
// (go-ipmi) clients; they belong to firmware/bmc/client alone.
func TestEngineLinksNoBMCClients(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed only %q", deps)
	}
	for _, d := range deps {
		for _, banned := range []string{"github.com/stmcginnis/gofish", "github.com/bougou/go-ipmi", "github.com/hwqual/hwqual/firmware/bmc/client"} {
			if d == banned || strings.HasPrefix(d, banned+"/") {
				t.Errorf("qualify depends on %s", d)
			}
		}
	}
}
