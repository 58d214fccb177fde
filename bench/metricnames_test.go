package bench

import (
	"testing"

	"github.com/hwqual/hwqual/internal/metricnames"
)

// profiles checks requirements against internal/metricnames so that it
// does not import bench; the list must say exactly what the registry does,
// in the same order, or a profile could name a metric no module measures,
// or bound it in the wrong unit.
func TestMetricNamesMatchRegistry(t *testing.T) {
	list := metricnames.All()
	mods := Modules()
	if len(list) != len(mods) {
		t.Errorf("internal/metricnames lists %d metrics, the registry %d", len(list), len(mods))
	}
	for i := range min(len(list), len(mods)) {
		info := mods[i].Info()
		want := metricnames.Metric{Name: info.Name, Kind: info.Kind, Parallel: info.Parallel}
		if list[i] != want {
			t.Errorf("metric %d: internal/metricnames has %+v, the registry %+v", i, list[i], want)
		}
	}
}
