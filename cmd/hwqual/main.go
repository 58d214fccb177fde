// Command hwqual qualifies server hardware for blockchain infrastructure:
// it benchmarks the machine, judges the scores against a requirement
// profile, and reports a verdict the exit code carries.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hwqual/hwqual/internal/scratch"
)

// Exit codes. Provisioning gates act on these.
const (
	exitPass  = 0 // every required check passed
	exitFail  = 1 // a required check failed or was not measured
	exitUsage = 2 // the tool could not run: bad flag, profile or directory
)

// exitError carries an exit code up to main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func main() {
	os.Exit(run())
}

func run() int {
	reg := scratch.New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupted := handleSignals(cancel, reg)
	defer reg.RemoveAll()

	root := newRootCmd(reg)
	args, err := joinOutputArgs(root, os.Args[1:])
	if err == nil {
		root.SetArgs(args)
		err = root.ExecuteContext(ctx)
	}
	if sig := interrupted(); sig != 0 {
		return 128 + int(sig)
	}
	var ee *exitError
	switch {
	case err == nil:
		return exitPass
	case errors.As(err, &ee):
		if !errors.Is(ee.err, errSilent) {
			fmt.Fprintln(os.Stderr, "hwqual:", ee.err)
		}
		return ee.code
	default:
		// cobra's own errors: unknown command or flag, bad flag value.
		fmt.Fprintln(os.Stderr, "hwqual:", err)
		return exitUsage
	}
}

// errSilent carries an exit code whose reason the command already printed.
var errSilent = errors.New("silent")

// handleSignals cancels the run on the first SIGINT/SIGTERM, so modules stop
// and the report of what was measured is still printed; a second signal
// removes scratch files and exits at once. The returned func tells which
// signal, if any, arrived.
func handleSignals(cancel context.CancelFunc, reg *scratch.Registry) func() syscall.Signal {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	// A reader that goes away (hwqual ... | head) would otherwise kill the
	// process with SIGPIPE before any deferred cleanup ran, leaving scratch
	// files and the lock file behind. Asked for SIGPIPE, the runtime turns
	// the broken write into an EPIPE error the command returns through its
	// normal exit path instead.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	got := make(chan syscall.Signal, 1)
	go func() {
		sig := (<-ch).(syscall.Signal)
		got <- sig
		fmt.Fprintf(os.Stderr, "hwqual: %s: stopping after the current sample, removing scratch files (again to exit at once)\n", sig)
		cancel()
		<-ch
		reg.RemoveAll()
		os.Exit(128 + int(sig))
	}()
	return func() syscall.Signal {
		select {
		case sig := <-got:
			return sig
		default:
			return 0
		}
	}
}
