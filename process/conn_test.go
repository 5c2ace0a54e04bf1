package process_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

type message struct {
	Seq  int
	Text string
	Data []float64
}

// echo sends back every message it receives, until EOF.
var echo = process.RegisterTarget("conn_test.echo", func(c *process.Conn[message]) {
	for {
		m, err := c.Recv()
		if err == io.EOF {
			return
		}
		if err != nil {
			panic(err)
		}
		m.Seq++
		if err := c.Send(m); err != nil {
			panic(err)
		}
	}
})

// TestConnAcrossProcesses follows CPython's _TestConnection.test_connection:
// values sent to a child come back whole and in order, big ones included,
// and once the child's end is closed (the child exits) Recv says io.EOF.
func TestConnAcrossProcesses(t *testing.T) {
	a, b, err := process.NewPipe[message]()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := startChild(t, process.New(echo, b))
	b.Close()                       // the child has its own: EOF comes once it closes it
	big := make([]float64, 100_000) // 800 kB: more than a socket buffer
	for i := range big {
		big[i] = float64(i)
	}
	for i, m := range []message{{Seq: 1, Text: "hello"}, {Seq: 10, Text: strings.Repeat("é", 1000)}, {Seq: 20, Data: big}} {
		if err := a.Send(m); err != nil {
			t.Fatal(err)
		}
		got, err := a.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if got.Seq != m.Seq+1 || got.Text != m.Text || len(got.Data) != len(m.Data) {
			t.Fatalf("message %d came back as seq %d, %d chars, %d numbers", i, got.Seq, len(got.Text), len(got.Data))
		}
	}
	// The child's end goes with the child: our Recv then sees EOF, and
	// Send fails.
	a2, b2, err := process.NewPipe[message]()
	if err != nil {
		t.Fatal(err)
	}
	p2 := startChild(t, process.New(echo, b2))
	b2.Close()
	a2.Send(message{Seq: 1})
	if m, err := a2.Recv(); err != nil || m.Seq != 2 {
		t.Fatalf("echo: %v, %v", m, err)
	}
	if err := p2.Kill(); err != nil {
		t.Fatal(err)
	}
	p2.Join()
	within(t, 10*time.Second, "Recv once the other end's process is gone", func() {
		if _, err := a2.Recv(); err != io.EOF {
			t.Errorf("Recv after the other end's process died: %v, want io.EOF", err)
		}
	})
	if err := a2.Send(message{}); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("Send after the other end closed: %v, want EPIPE", err)
	}
	a2.Close()

	// Closing our end makes the first child's Recv see EOF: it returns.
	a.Close()
	within(t, 10*time.Second, "the echo child's end after our Close", func() {
		if err := p.Join(); err != nil {
			t.Error(err)
		}
	})
}

type sendJob struct {
	Conn *process.Conn[message]
	From int
}

var sendMany = process.RegisterTarget("conn_test.sendMany", func(j sendJob) {
	for i := range 200 {
		if err := j.Conn.Send(message{Seq: j.From*1000 + i, Text: strings.Repeat("x", 5000)}); err != nil {
			panic(err)
		}
	}
})

// TestConnSharedEndKeepsMessagesWhole: four processes send on one shared
// end at once; every message arrives whole (CPython's would interleave),
// and each sender's in its order.
func TestConnSharedEndKeepsMessagesWhole(t *testing.T) {
	a, b, err := process.NewPipe[message]()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for from := range 4 {
		startChild(t, process.New(sendMany, sendJob{Conn: b, From: from}))
	}
	b.Close()
	next := make([]int, 4)
	for range 4 * 200 {
		m, err := a.Recv()
		if err != nil {
			t.Fatal(err)
		}
		from, i := m.Seq/1000, m.Seq%1000
		if from < 0 || from >= 4 || i != next[from] || len(m.Text) != 5000 {
			t.Fatalf("message %d from sender %d (%d chars), want #%d", i, from, len(m.Text), next[from])
		}
		next[from]++
	}
	within(t, 10*time.Second, "EOF once the senders are done", func() {
		if _, err := a.Recv(); err != io.EOF {
			t.Errorf("Recv after every sender ended: %v, want io.EOF", err)
		}
	})
}

// TestConnRecvContext: a Recv that times out takes nothing and leaves the
// pipe usable, in both directions (duplex).
func TestConnRecvContext(t *testing.T) {
	a, b, err := process.NewPipe[string]()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := a.RecvContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("RecvContext with nothing sent: %v, want DeadlineExceeded", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := a.RecvContext(ctx); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled RecvContext: %v, want Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RecvContext did not return within 10s of its cancellation")
	}
	for _, dir := range []struct {
		from, to *process.Conn[string]
	}{{b, a}, {a, b}} {
		if err := dir.from.Send("ping"); err != nil {
			t.Fatal(err)
		}
		if got, err := dir.to.RecvContext(context.Background()); err != nil || got != "ping" {
			t.Fatalf("Recv after a cancelled one: %q, %v", got, err)
		}
	}
}

func TestConnCloseAndMisuse(t *testing.T) {
	a, b, err := process.NewPipe[int]()
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { _, err := a.Recv(); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	a.Close()
	if err := <-errc; !errors.Is(err, process.ErrClosed) {
		t.Errorf("Recv when closed: %v, want ErrClosed", err)
	}
	if err := a.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	if _, err := b.Recv(); err != io.EOF {
		t.Errorf("Recv after the other end's Close: %v, want io.EOF", err)
	}
	b.Close()
	var zero process.Conn[int]
	if err := zero.Send(1); err == nil || !strings.Contains(err.Error(), "not made by NewPipe") {
		t.Errorf("Send on a zero Conn: %v", err)
	}
}

func TestPipeCreateAndCloseLeavesNothing(t *testing.T) {
	noLeak(t, 1000, func() {
		a, b, err := process.NewPipe[int]()
		if err != nil {
			t.Fatal(err)
		}
		a.Send(7)
		if v, err := b.Recv(); v != 7 || err != nil {
			t.Fatalf("Recv: %d, %v", v, err)
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestConnSendContext: a SendContext waiting for its turn on the end
// (another goroutine is writing a message larger than the socket holds,
// and nobody reads yet) gives up when its context ends, sending nothing,
// and the stream stays whole.
func TestConnSendContext(t *testing.T) {
	for attempt := 1; attempt <= 20; attempt++ {
		if sendBehindBigSend(t, time.Duration(attempt)*20*time.Millisecond) {
			return
		}
	}
	t.Fatal("in 20 attempts, the small SendContext never came second behind the big Send")
}

// sendBehindBigSend starts a big Send, waits head start, then tries a
// small SendContext with a short deadline, and checks what arrives. It
// reports false if the small one went first (the big one had not begun),
// so that the caller tries again with a longer head start.
func sendBehindBigSend(t *testing.T, head time.Duration) bool {
	t.Helper()
	a, b, err := process.NewPipe[[]byte]()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer b.Close()
	big := make([]byte, 4<<20)
	big[0] = 1
	bigSent := make(chan error, 1)
	go func() { bigSent <- a.Send(big) }()
	time.Sleep(head)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	smallErr := a.SendContext(ctx, []byte{2})
	if smallErr != nil && !errors.Is(smallErr, context.DeadlineExceeded) {
		t.Fatalf("SendContext: %v", smallErr)
	}
	got := make(chan []byte, 3)
	go func() {
		for {
			m, err := b.Recv()
			if err != nil {
				close(got)
				return
			}
			got <- m
		}
	}()
	if err := a.Send([]byte{3}); err != nil {
		t.Fatal(err)
	}
	if err := <-bigSent; err != nil {
		t.Fatal(err)
	}
	var lens []int
	var firsts []byte
	n := 3
	if smallErr != nil {
		n = 2
	}
	for range n {
		m := <-got
		lens, firsts = append(lens, len(m)), append(firsts, m[0])
	}
	if smallErr == nil {
		// The big one had not begun: the three came in some order, each
		// whole, [2] before [3].
		var small []byte
		for i, l := range lens {
			switch {
			case l == len(big) && firsts[i] == 1:
			case l == 1:
				small = append(small, firsts[i])
			default:
				t.Fatalf("received a message of %d bytes starting with %d", l, firsts[i])
			}
		}
		if string(small) != "\x02\x03" {
			t.Fatalf("received messages of %v bytes starting with %v: want [2] before [3], and the big one", lens, firsts)
		}
		return false
	}
	if lens[0] != len(big) || firsts[0] != 1 || lens[1] != 1 || firsts[1] != 3 {
		t.Fatalf("received messages of %v bytes starting with %v: want the big one whole, then [3], and nothing of the Send that gave up", lens, firsts)
	}
	return true
}
