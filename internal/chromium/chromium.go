// Package chromium drives Debian's headless Chromium for tests of hwqual's
// HTML reports: a screenshot to check the page really paints, and the DOM
// after parsing to check what the browser made of it. Only tests import it.
package chromium

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/png" // screenshots are PNG
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/testtools/need"
)

// Find returns the Chromium binary. Without it the test is skipped naming
// the Debian package, unless CI is set: CI installs it, so there it fails.
func Find(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	need.Missing(t, "the HTML rendering test", "chromium", "chromium")
	return ""
}

// run starts headless Chromium with a throw-away profile; root needs
// --no-sandbox, and the page may not reach the network.
func run(t testing.TB, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(), "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
	}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// Screenshot renders the page at path in a window w×h pixels and returns
// the decoded screenshot.
func Screenshot(t testing.TB, bin, path string, w, h int) image.Image {
	t.Helper()
	png := filepath.Join(t.TempDir(), "shot.png")
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	run(t, bin, "--screenshot="+png, fmt.Sprintf("--window-size=%d,%d", w, h), "file://"+abs)
	f, err := os.Open(png)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return img
}

// DOM returns the document as Chromium parsed it.
func DOM(t testing.TB, bin, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(run(t, bin, "--dump-dom", "file://"+abs))
}

// CountNear counts the pixels within tol (per 8-bit channel) of c.
func CountNear(img image.Image, c color.RGBA, tol int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(int(r>>8), int(c.R), tol) && near(int(g>>8), int(c.G), tol) && near(int(bl>>8), int(c.B), tol) {
				n++
			}
		}
	}
	return n
}

// NonWhite is the share of pixels that are not (near) white: a blank or
// failed render is all white.
func NonWhite(img image.Image) float64 {
	b := img.Bounds()
	total := b.Dx() * b.Dy()
	if total == 0 {
		return 0
	}
	return 1 - float64(CountNear(img, color.RGBA{255, 255, 255, 255}, 8))/float64(total)
}

func near(a, b, tol int) bool { return a-b <= tol && b-a <= tol }
