package process

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

type codecInner struct {
	Name  string
	Score float32
}

type codecAll struct {
	B       bool
	I       int
	I8      int8
	I64     int64
	U16     uint16
	U       uint
	F       float64
	C       complex128
	S       string
	Bytes   []byte
	NilS    []int
	EmptyS  []int
	Arr     [3]int16
	M       map[string][]int
	NilM    map[int]bool
	P       *codecInner
	NilP    *codecInner
	Nested  []codecInner
	When    time.Time
	Wait    time.Duration
	Any     any
	AnyMap  map[string]any
	hidden  int
	Runes   []rune
	Strings []string
}

// TestCodecRoundTrip: every kind the general path knows comes back as it
// went, nil and empty apart, unexported fields left behind.
func TestCodecRoundTrip(t *testing.T) {
	in := codecAll{
		B: true, I: -7, I8: -128, I64: 1 << 62, U16: 65535, U: 42, F: 2.5, C: complex(1, -2),
		S: "héllo", Bytes: []byte{0, 1, 255}, EmptyS: []int{}, Arr: [3]int16{1, -2, 3},
		M: map[string][]int{"a": {1, 2}, "b": nil}, P: &codecInner{"p", 1.5},
		Nested: []codecInner{{"x", 1}, {"y", 2}}, When: time.Date(2026, 11, 24, 21, 0, 0, 5, time.UTC),
		Wait: 3 * time.Second, Any: 3.5, AnyMap: map[string]any{"n": 1, "s": "two", "l": []any{true, nil, "x"}},
		hidden: 9, Runes: []rune("añb"), Strings: []string{"", "z"},
	}
	data, err := encode(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decode[codecAll](data)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.hidden = 0
	if !reflect.DeepEqual(want, out) {
		t.Errorf("round trip:\n got %#v\nwant %#v", out, want)
	}
	if out.NilS != nil || out.EmptyS == nil || out.NilM != nil || out.NilP != nil {
		t.Errorf("nil and empty not kept apart: %#v %#v %#v %#v", out.NilS, out.EmptyS, out.NilM, out.NilP)
	}
}

// TestCodecRefuses: what cannot travel is an error naming it, never a
// silent loss.
func TestCodecRefuses(t *testing.T) {
	type withFunc struct{ F func() }
	type withChan struct{ C chan int }
	type custom struct{ X int }
	for _, c := range []struct {
		v    any
		want string
	}{
		{withFunc{F: func() {}}, "field F: a func() cannot travel"},
		{withChan{C: make(chan int)}, "field C: a chan int cannot travel"},
		{struct{ V any }{V: custom{1}}, "only predeclared types"},
	} {
		_, err := (&encoder{}).appendValue(nil, reflect.ValueOf(c.v), 0) // as encode does for the concrete type
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("encode(%T) = %v, want an error with %q", c.v, err, c.want)
		}
	}
}

// TestCodecShortData: every truncation of a valid encoding is an error,
// never a panic nor a silent success.
func TestCodecShortData(t *testing.T) {
	data, err := encode(codecAll{S: "abc", Nested: []codecInner{{"x", 1}}, M: map[string][]int{"k": {1}}, P: &codecInner{}, Any: "s"})
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(data) {
		if _, err := decode[codecAll](data[:n]); err == nil {
			t.Fatalf("decoding %d of %d bytes succeeded", n, len(data))
		}
	}
	if _, err := decode[codecAll](append(data, 0)); err == nil {
		t.Fatal("decoding with a byte left over succeeded")
	}
}

// TestCodecCycle: a cycle of pointers is an error, not a stack overflow.
func TestCodecCycle(t *testing.T) {
	type node struct{ Next *node }
	n := &node{}
	n.Next = n
	if _, err := encode(n); err == nil || !strings.Contains(err.Error(), "a cycle of pointers") || len(err.Error()) > 300 {
		t.Fatalf("encode of a cycle: %v", err)
	}
}

func FuzzCodecDecode(f *testing.F) {
	data, _ := encode(codecAll{S: "abc", Nested: []codecInner{{"x", 1}}, AnyMap: map[string]any{"a": 1}})
	f.Add(data)
	f.Fuzz(func(t *testing.T, b []byte) {
		decode[codecAll](b) // must not panic, nor allocate without bound
	})
}
