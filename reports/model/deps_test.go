package model_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEngineLinksNoRenderers: the measuring code (qualify, burnin) and the
// model it builds depend on no renderer — no reports/render package, no
// charts, no HTML templates, no tables, no Prometheus client — so a change
// to how a report looks never touches what measures, and the engine does
// not carry the output formats' weight. Data flows one way: measure,
// evaluate, render.
func TestEngineLinksNoRenderers(t *testing.T) {
	pkgs := []string{
		"github.com/hwqual/hwqual/qualify",
		"github.com/hwqual/hwqual/burnin",
		"github.com/hwqual/hwqual/reports/model",
	}
	out, err := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...).Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed only %q", deps)
	}
	banned := []string{
		"github.com/hwqual/hwqual/reports/render",
		"github.com/hwqual/hwqual/reports/analysis",
		"gonum.org/v1/plot",
		"html/template",
		"github.com/olekukonko/tablewriter",
		"github.com/prometheus/client_golang",
		"github.com/prometheus/common/expfmt",
	}
	for _, d := range deps {
		for _, b := range banned {
			if d == b || strings.HasPrefix(d, b+"/") {
				t.Errorf("qualify, burnin or the model depends on %s", d)
			}
		}
	}
}
