package process_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// TestJoinContext follows CPython's test_process's join(timeout): a join
// that times out leaves the child running, and a later join collects it.
func TestJoinContext(t *testing.T) {
	p := process.New(sleepTarget, time.Hour)
	if err := p.JoinContext(context.Background()); !errors.Is(err, process.ErrNotStarted) {
		t.Errorf("JoinContext before Start: %v, want ErrNotStarted", err)
	}
	if p.Done() != nil {
		t.Error("Done before Start is not nil")
	}
	startChild(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := p.JoinContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("JoinContext of a sleeping child: %v, want DeadlineExceeded", err)
	}
	if !p.Alive() {
		t.Fatal("the child is not alive after a JoinContext that timed out")
	}
	select {
	case <-p.Done():
		t.Fatal("Done is closed while the child runs")
	default:
	}
	p.Kill()
	select {
	case <-p.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("Done not closed 10s after the child was killed")
	}
	var exit *process.ExitError
	if err := p.JoinContext(context.Background()); !errors.As(err, &exit) || exit.Code != -9 {
		t.Errorf("JoinContext of the killed child: %v, want an ExitError with code -9", err)
	}
}

// TestActiveChildren follows CPython's test_active_children: a started
// child is listed until it ends.
func TestActiveChildren(t *testing.T) {
	p := process.New(sleepTarget, time.Hour)
	if slices.Contains(process.ActiveChildren(), p) {
		t.Fatal("a Process not started is among the active children")
	}
	startChild(t, p)
	if !slices.Contains(process.ActiveChildren(), p) {
		t.Fatal("a started child is not among the active children")
	}
	p.Kill()
	p.Join()
	if slices.Contains(process.ActiveChildren(), p) {
		t.Fatal("a joined child is still among the active children")
	}
}
