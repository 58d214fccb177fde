// Command gotest runs `go test -json` with the given arguments and prints
// what plain `go test` prints (a line per package, the output of failed
// tests), then every skipped test with its reason. `make test` uses it so
// a machine without some tool says which tests did not run and which
// Debian package would run them, instead of reporting a quiet "ok".
//
// Usage: gotest [go test flags] [packages] (make builds it as bin/gotest)
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// event is one line of `go test -json` (see `go doc cmd/test2json`).
type event struct {
	Action     string
	Package    string
	Test       string
	Elapsed    float64
	Output     string
	ImportPath string // build-output events
}

type skip struct{ pkg, test, reason string }

func main() {
	cmd := exec.Command("go", append([]string{"test", "-json"}, os.Args[1:]...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fatal(err)
	}
	if err := cmd.Start(); err != nil {
		fatal(err)
	}
	skips, err := summarize(stdout, os.Stdout)
	if err != nil {
		fatal(err)
	}
	code := 0
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			fatal(err)
		}
		code = exit.ExitCode()
	}
	if len(skips) > 0 {
		fmt.Printf("\nskipped %d test(s):\n", len(skips))
		for _, s := range skips {
			fmt.Printf("  %s %s: %s\n", s.pkg, s.test, s.reason)
		}
	}
	os.Exit(code)
}

// summarize reads the JSON events from r, writes go test's usual summary
// to w and returns the skipped tests in the order they finished.
func summarize(r io.Reader, w io.Writer) ([]skip, error) {
	output := map[[2]string][]string{} // (package, test) -> output lines
	var skips []skip
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			// Not an event (go vet's or the linker's words): pass it on.
			fmt.Fprintf(w, "%s\n", line)
			continue
		}
		key := [2]string{e.Package, e.Test}
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "output":
			// go test without -v shows no framing lines; -json adds them.
			if !strings.HasPrefix(e.Output, "=== ") {
				output[key] = append(output[key], e.Output)
			}
		case "fail":
			said := strings.Join(output[key], "")
			fmt.Fprint(w, said)
			if e.Test == "" && !strings.Contains(said, "FAIL\t"+e.Package) {
				fmt.Fprintf(w, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
			}
			delete(output, key)
		case "pass":
			if e.Test == "" {
				fmt.Fprintf(w, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
			}
			delete(output, key)
		case "skip":
			if e.Test != "" {
				skips = append(skips, skip{e.Package, e.Test, reason(output[key])})
			}
			delete(output, key)
		}
	}
	return skips, sc.Err()
}

// reason is what a skipped test said: its output without the framing
// lines go test adds ("=== RUN", "--- SKIP") and without the file:line
// prefix of t.Skip.
func reason(lines []string) string {
	var said []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		if i := strings.Index(l, ".go:"); i >= 0 {
			if j := strings.Index(l[i+4:], ": "); j >= 0 {
				l = l[i+4+j+2:]
			}
		}
		said = append(said, l)
	}
	if len(said) == 0 {
		return "(no reason given)"
	}
	return strings.Join(said, " / ")
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "gotest: %v\n", err)
	os.Exit(2)
}
