package samsung

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hwqual/hwqual/internal/isotest"
	"github.com/hwqual/hwqual/internal/testtools/need"
)

// TestSamsungExtractToolISOs reads images made by the tools Samsung-style
// ISOs come from: genisoimage (Rock Ridge and plain ISO 9660 level 1,
// where the name reads "INITRD.;1") and xorriso. .ci/run installs both;
// elsewhere a missing tool skips its case, naming the package.
func TestSamsungExtractToolISOs(t *testing.T) {
	tools := []struct {
		name, tool, pkg string
		args            func(out, src string) []string
	}{
		{"genisoimage Rock Ridge and Joliet", "genisoimage", "genisoimage", func(out, src string) []string {
			return []string{"-quiet", "-R", "-J", "-V", "SAMSUNG", "-o", out, src}
		}},
		{"genisoimage plain level 1", "genisoimage", "genisoimage", func(out, src string) []string { return []string{"-quiet", "-V", "SAMSUNG", "-o", out, src} }},
		{"xorriso Rock Ridge", "xorriso", "xorriso", func(out, src string) []string {
			return []string{"-as", "mkisofs", "-quiet", "-R", "-V", "SAMSUNG", "-o", out, src}
		}},
	}
	for i, tool := range tools {
		t.Run(tool.name, func(t *testing.T) {
			bin := need.Tool(t, "the Samsung ISO test", tool.tool, tool.pkg)
			work := t.TempDir()
			src := filepath.Join(work, "src")
			os.MkdirAll(filepath.Join(src, "isolinux"), 0o755)
			os.WriteFile(filepath.Join(src, "isolinux", "bzImage"), []byte("kernel"), 0o644)
			os.WriteFile(filepath.Join(src, "isolinux", "initrd"), isotest.Gzip(isotest.SamsungInitrd()), 0o644)
			iso := filepath.Join(work, "fw.iso")
			if out, err := exec.Command(bin, tool.args(iso, src)...).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", tool.tool, err, out)
			}
			res, err := Extract(context.Background(), iso, filepath.Join(work, "out"))
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			if b, err := os.ReadFile(res.Fumagician); err != nil || string(b) != "\x7fELF fumagician" {
				t.Errorf("case %d: fumagician %q, %v (initrd found at %s)", i, b, err, res.Initrd)
			}
		})
	}
}
