package need

import (
	"fmt"
	"os/exec"
	"testing"
)

func TestToolFound(t *testing.T) {
	want, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go in PATH")
	}
	if got := Tool(t, "this test", "go", "golang-go"); got != want {
		t.Errorf("Tool = %q, want %q", got, want)
	}
}

// TestMissing checks that a missing tool skips with the install command
// outside CI and fails under CI.
func TestMissing(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			r := &recorder{TB: t}
			func() {
				defer func() { recover() }()
				Missing(r, "the widget test", "widgetd", "widget-tools")
			}()
			if ci == "" && r.skip != "skip: the widget test needs widgetd (apt-get install widget-tools)" {
				t.Errorf("skip message %q", r.skip)
			}
			if ci != "" && r.fatal != "the widget test needs widgetd, missing in CI: .ci/run must apt-get install widget-tools" {
				t.Errorf("fatal message %q", r.fatal)
			}
		})
	}
}

// recorder captures Skipf and Fatalf instead of ending the test; it
// panics to stop Missing as runtime.Goexit would.
type recorder struct {
	testing.TB
	skip, fatal string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skip = fmt.Sprintf(format, args...)
	panic("skip")
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	panic("fatal")
}
