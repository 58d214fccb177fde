package main

import (
	"strings"
	"testing"
)

// TestSummarize feeds events as `go test -json` writes them and checks the
// summary lines and the skips with their reasons.
func TestSummarize(t *testing.T) {
	events := `{"Action":"start","Package":"p/a"}
{"Action":"run","Package":"p/a","Test":"TestOK"}
{"Action":"output","Package":"p/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}
{"Action":"output","Package":"p/a","Test":"TestOK","Output":"--- PASS: TestOK (0.00s)\n"}
{"Action":"pass","Package":"p/a","Test":"TestOK","Elapsed":0}
{"Action":"run","Package":"p/a","Test":"TestVM"}
{"Action":"output","Package":"p/a","Test":"TestVM","Output":"=== RUN   TestVM\n"}
{"Action":"output","Package":"p/a","Test":"TestVM","Output":"    vm_test.go:12: skip: the VM test needs qemu-system-x86 (apt-get install qemu-system-x86)\n"}
{"Action":"output","Package":"p/a","Test":"TestVM","Output":"--- SKIP: TestVM (0.01s)\n"}
{"Action":"skip","Package":"p/a","Test":"TestVM","Elapsed":0.01}
{"Action":"pass","Package":"p/a","Elapsed":1.5}
{"Action":"run","Package":"p/b","Test":"TestBad"}
{"Action":"output","Package":"p/b","Test":"TestBad","Output":"=== RUN   TestBad\n"}
{"Action":"output","Package":"p/b","Test":"TestBad","Output":"    b_test.go:9: got 1, want 2\n"}
{"Action":"output","Package":"p/b","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}
{"Action":"fail","Package":"p/b","Test":"TestBad","Elapsed":0}
{"Action":"output","Package":"p/b","Output":"FAIL\n"}
{"Action":"fail","Package":"p/b","Elapsed":0.25}
{"Action":"output","Package":"p/e","Output":"FAIL\tp/e\t0.1s\n"}
{"Action":"fail","Package":"p/e","Elapsed":0.1}
{"Action":"skip","Package":"p/c","Elapsed":0}
# p/d [build failed]
`
	var out strings.Builder
	skips, err := summarize(strings.NewReader(events), &out)
	if err != nil {
		t.Fatal(err)
	}
	want := "ok  \tp/a\t1.500s\n" +
		"    b_test.go:9: got 1, want 2\n--- FAIL: TestBad (0.00s)\n" +
		"FAIL\nFAIL\tp/b\t0.250s\n" +
		"FAIL\tp/e\t0.1s\n" +
		"# p/d [build failed]\n"
	if out.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", out.String(), want)
	}
	if len(skips) != 1 || skips[0] != (skip{"p/a", "TestVM", "skip: the VM test needs qemu-system-x86 (apt-get install qemu-system-x86)"}) {
		t.Errorf("skips %+v", skips)
	}
}
