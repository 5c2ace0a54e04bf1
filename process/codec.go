package process

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"reflect"
	"unsafe"
)

// The codec turns arguments and results into bytes and back. Values of the
// commonest kinds (numbers, strings, byte slices, slices of numbers) take a
// direct path that costs nanoseconds; everything else goes through the
// general path of codec_reflect.go. Parent and child are the same binary,
// so both sides agree on the layout of every type, including int's size and
// byte order.

// encoder is the state of one encoding, handed down the walk as gob hands
// down its encoderState: whether shared objects may travel in it (only in
// the argument of a starting child), the files of those met so far, and
// the pointers on the path from the root, which tell a cycle from a value
// that is merely deep. Each encoding has its own, so encodings never wait
// for each other.
type encoder struct {
	sharing bool
	files   []*os.File
	path    map[pathKey]struct{}
}

// pathKey is a pointer on the path being encoded, with its type: a struct
// and its first field share an address.
type pathKey struct {
	p unsafe.Pointer
	t reflect.Type
}

// encode returns v as bytes. A shared object inside v makes it fail with
// errNotShareable: only encodeSharing may carry them.
func encode[T any](v T) ([]byte, error) { return appendEncoded(nil, nil, v) }

// appendEncoded appends the encoding of v to b; a pool builds its messages
// with it, so that a large batch is copied once. e is the encoding's state;
// nil is an encoding that may not carry shared objects.
func appendEncoded[T any](e *encoder, b []byte, v T) ([]byte, error) {
	switch x := any(v).(type) {
	case int:
		return binary.LittleEndian.AppendUint64(b, uint64(x)), nil
	case int64:
		return binary.LittleEndian.AppendUint64(b, uint64(x)), nil
	case float64:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(x)), nil
	case string:
		return append(b, x...), nil
	case []byte:
		return append(b, x...), nil
	}
	t := reflect.TypeFor[T]()
	if t.Size() == 0 && t.Kind() != reflect.Interface {
		return b, nil // struct{} and friends: nothing to send
	}
	if isPlainNumberSlice(t) {
		return append(b, numberSliceMemory(v)...), nil
	}
	if isEmptyElemSlice(t) {
		return binary.LittleEndian.AppendUint64(b, uint64(reflect.ValueOf(v).Len())), nil
	}
	if e == nil {
		e = &encoder{}
	}
	return e.appendValue(b, reflect.ValueOf(&v).Elem(), 0)
}

// encodedSize returns how many bytes the encoding of v takes, where that is
// known without encoding it (the direct path), so that a buffer is sized
// once; otherwise it returns 0.
func encodedSize[T any](v T) int {
	switch x := any(v).(type) {
	case int, int64, float64:
		return 8
	case string:
		return len(x)
	case []byte:
		return len(x)
	}
	t := reflect.TypeFor[T]()
	if isPlainNumberSlice(t) {
		return reflect.ValueOf(v).Len() * int(t.Elem().Size())
	}
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Slice && t.Elem().Elem().Kind() == reflect.Uint8 {
		// [][]byte: each element's length and bytes.
		rv := reflect.ValueOf(v)
		n := binary.MaxVarintLen64
		for i := range rv.Len() {
			n += binary.MaxVarintLen64 + rv.Index(i).Len()
		}
		return n
	}
	return 0
}

// decode is the inverse of encode. The value it returns shares no memory
// with b.
func decode[T any](b []byte) (T, error) { return decodeWith[T](b, false) }

// decodeOwned is decode for a b that its caller gives up, such as a message
// just read: the byte slices and strings of the value may be b's memory,
// which saves copying large ones again.
func decodeOwned[T any](b []byte) (T, error) { return decodeWith[T](b, true) }

func decodeWith[T any](b []byte, alias bool) (T, error) {
	var v T
	switch p := any(&v).(type) {
	case *int:
		if len(b) != 8 {
			return v, errShort(len(b), 8)
		}
		*p = int(binary.LittleEndian.Uint64(b))
		return v, nil
	case *int64:
		if len(b) != 8 {
			return v, errShort(len(b), 8)
		}
		*p = int64(binary.LittleEndian.Uint64(b))
		return v, nil
	case *float64:
		if len(b) != 8 {
			return v, errShort(len(b), 8)
		}
		*p = math.Float64frombits(binary.LittleEndian.Uint64(b))
		return v, nil
	case *string:
		if alias && len(b) > 0 {
			*p = unsafe.String(&b[0], len(b))
		} else {
			*p = string(b)
		}
		return v, nil
	case *[]byte:
		if alias {
			*p = b[:len(b):len(b)]
		} else {
			*p = bytes.Clone(b)
		}
		return v, nil
	}
	t := reflect.TypeFor[T]()
	if t.Size() == 0 && t.Kind() != reflect.Interface {
		return v, nil
	}
	if isPlainNumberSlice(t) {
		return numberSliceFromBytes[T](b)
	}
	if isEmptyElemSlice(t) {
		if len(b) != 8 {
			return v, errShort(len(b), 8)
		}
		n := int(binary.LittleEndian.Uint64(b))
		return reflect.MakeSlice(t, n, n).Interface().(T), nil
	}
	r := valueReader{b: b, alias: alias}
	if err := r.readValue(reflect.ValueOf(&v).Elem(), 0); err != nil {
		return v, err
	}
	if len(r.b) != 0 {
		return v, fmt.Errorf("%d bytes left over after decoding %v", len(r.b), t)
	}
	return v, nil
}

// decodeInto decodes b, written by encode, into *p.
func decodeInto[T any](b []byte, p *T) error {
	v, err := decode[T](b)
	if err == nil {
		*p = v
	}
	return err
}

func errShort(got, want int) error {
	return fmt.Errorf("encoded value is %d bytes, want %d", got, want)
}

// isPlainNumberSlice reports whether t is a slice of a fixed-size number
// type, which travels as its raw memory.
func isPlainNumberSlice(t reflect.Type) bool {
	if t.Kind() != reflect.Slice {
		return false
	}
	switch t.Elem().Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// isEmptyElemSlice reports whether t is a slice of a zero-size type, such as
// []struct{}, which travels as its length alone.
func isEmptyElemSlice(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Size() == 0 && t.Elem().Kind() != reflect.Interface
}

// numberSliceMemory returns the memory of v, a slice of fixed-size
// numbers, as bytes (not a copy).
func numberSliceMemory[T any](v T) []byte {
	rv := reflect.ValueOf(v)
	n := rv.Len() * int(rv.Type().Elem().Size())
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(rv.UnsafePointer()), n)
}

// copyNumbersInto copies b, the memory of a slice of fixed-size numbers,
// into dst, a slice of the same type and length; it reports false if the
// sizes do not match.
func copyNumbersInto[S ~[]E, E any](dst S, b []byte) bool {
	if len(b) != len(dst)*int(unsafe.Sizeof(*new(E))) {
		return false
	}
	if len(b) > 0 {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&dst[0])), len(b)), b)
	}
	return true
}

// numberSliceFromBytes is the inverse of numberSliceMemory.
func numberSliceFromBytes[T any](b []byte) (T, error) {
	var v T
	t := reflect.TypeFor[T]()
	size := int(t.Elem().Size())
	if len(b)%size != 0 {
		return v, fmt.Errorf("encoded %v is %d bytes, not a multiple of %d", t, len(b), size)
	}
	s := reflect.MakeSlice(t, len(b)/size, len(b)/size)
	if len(b) > 0 {
		copy(unsafe.Slice((*byte)(s.UnsafePointer()), len(b)), b)
	}
	return s.Interface().(T), nil
}
