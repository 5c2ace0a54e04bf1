package process

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"unsafe"
)

// The general path of the codec: any value built of booleans, numbers,
// strings, slices, arrays, maps, structs (their exported fields, as gob)
// and pointers, written by walking its type with reflect. Types that encode
// themselves, with the methods GobEncode/GobDecode (as gob knows them: the
// shared objects) or MarshalBinary/UnmarshalBinary (time.Time), are asked
// to. Parent and child are the same binary, so both sides know the type and
// the encoding carries no type information: it is compact and quick, and
// the package need not link encoding/gob, whose start-up would cost every
// child process a quarter of a millisecond.

// selfEncoder and selfDecoder are gob's GobEncoder and GobDecoder.
type (
	selfEncoder interface{ GobEncode() ([]byte, error) }
	selfDecoder interface{ GobDecode([]byte) error }
)

// sharedEncoder and sharedDecoder are the shared objects (Array, Value,
// Lock, Queue, ...): they encode themselves with the encoding's state,
// which collects their files for the child (see share.go).
type (
	sharedEncoder interface {
		shareEncode(e *encoder) ([]byte, error)
	}
	sharedDecoder interface{ shareDecode([]byte) error }
)

var (
	selfEncoderType     = reflect.TypeFor[selfEncoder]()
	selfDecoderType     = reflect.TypeFor[selfDecoder]()
	sharedEncoderType   = reflect.TypeFor[sharedEncoder]()
	sharedDecoderType   = reflect.TypeFor[sharedDecoder]()
	binaryMarshalerType = reflect.TypeFor[encoding.BinaryMarshaler]()
	binaryUnmarshalType = reflect.TypeFor[encoding.BinaryUnmarshaler]()
)

// interfaceTypes are the dynamic types an interface value may hold to
// travel: its encoding starts with the type's place here, plus one. Other
// types would need a name known on both sides, as gob.Register gives; a
// concrete type does the job better.
var interfaceTypes = []reflect.Type{
	reflect.TypeFor[bool](),
	reflect.TypeFor[int](), reflect.TypeFor[int8](), reflect.TypeFor[int16](), reflect.TypeFor[int32](), reflect.TypeFor[int64](),
	reflect.TypeFor[uint](), reflect.TypeFor[uint8](), reflect.TypeFor[uint16](), reflect.TypeFor[uint32](), reflect.TypeFor[uint64](), reflect.TypeFor[uintptr](),
	reflect.TypeFor[float32](), reflect.TypeFor[float64](), reflect.TypeFor[complex64](), reflect.TypeFor[complex128](),
	reflect.TypeFor[string](), reflect.TypeFor[[]byte](), reflect.TypeFor[[]any](), reflect.TypeFor[map[string]any](),
}

// maxDepth bounds how deep a value may nest (each pointer, element and
// field is a level), so that a malformed encoding cannot exhaust the stack.
// A linked list of thousands of nodes is well within it.
const maxDepth = 20000

// cycleCheckDepth is the depth from which the encoder remembers the
// pointers on its path, to report a cycle as one: shallower values, the
// common case, pay nothing for it.
const cycleCheckDepth = 64

// errShortData is a value whose encoding ends too soon.
var errShortData = errors.New("encoded value ends too soon")

// Ways a type may encode itself.
const (
	selfNone   = iota
	selfShared // a shared object: shareEncode, shareDecode
	selfGob    // GobEncode, GobDecode
	selfBinary // MarshalBinary, UnmarshalBinary
)

// encodesItself reports whether values of t are encoded by their own
// methods, and which pair.
func encodesItself(t reflect.Type) int {
	pt := reflect.PointerTo(t)
	switch {
	case (t.Implements(sharedEncoderType) || pt.Implements(sharedEncoderType)) && pt.Implements(sharedDecoderType):
		return selfShared
	case (t.Implements(selfEncoderType) || pt.Implements(selfEncoderType)) && pt.Implements(selfDecoderType):
		return selfGob
	case (t.Implements(binaryMarshalerType) || pt.Implements(binaryMarshalerType)) && pt.Implements(binaryUnmarshalType):
		return selfBinary
	}
	return selfNone
}

// callMethod calls one of a type's own encoding methods, turning a panic in
// it into an error with the panic's message: a bad UnmarshalBinary must
// fail its value, not the process decoding it.
func callMethod(t reflect.Type, method string, call func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%v.%s panicked: %v", t, method, v)
		}
	}()
	return call()
}

// pathError is an error met inside a struct, with the path of fields that
// led to it, which is kept short however deep the value is.
type pathError struct {
	fields []string // innermost first
	err    error
}

func (e *pathError) Error() string {
	n := len(e.fields)
	path := make([]string, 0, 6)
	for i := n - 1; i >= 0; i-- {
		if n > 6 && i == n-4 {
			path = append(path, fmt.Sprintf("…(%d more)…", n-5))
			i = 1
		}
		path = append(path, e.fields[i])
	}
	return "field " + strings.Join(path, ".") + ": " + e.err.Error()
}

func (e *pathError) Unwrap() error { return e.err }

// inField says that err happened in the field called name.
func inField(name string, err error) error {
	if pe, ok := err.(*pathError); ok {
		pe.fields = append(pe.fields, name)
		return pe
	}
	return &pathError{fields: []string{name}, err: err}
}

// appendValue appends the encoding of v to b.
func (e *encoder) appendValue(b []byte, v reflect.Value, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%v nests more than %d deep", v.Type(), maxDepth)
	}
	t := v.Type()
	if how := encodesItself(t); how != selfNone {
		if !v.CanAddr() {
			c := reflect.New(t).Elem()
			c.Set(v)
			v = c
		}
		var data []byte
		var err error
		switch how {
		case selfShared:
			err = callMethod(t, "shareEncode", func() (err error) {
				data, err = v.Addr().Interface().(sharedEncoder).shareEncode(e)
				return err
			})
		case selfGob:
			err = callMethod(t, "GobEncode", func() (err error) {
				data, err = v.Addr().Interface().(selfEncoder).GobEncode()
				return err
			})
		default:
			err = callMethod(t, "MarshalBinary", func() (err error) {
				data, err = v.Addr().Interface().(encoding.BinaryMarshaler).MarshalBinary()
				return err
			})
		}
		if err != nil {
			return nil, err
		}
		b = binary.AppendUvarint(b, uint64(len(data)))
		return append(b, data...), nil
	}
	switch t.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.AppendUvarint(b, v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float())), nil
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(real(c)))
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(imag(c))), nil
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		return append(b, v.String()...), nil
	case reflect.Slice:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		if t.Elem().Kind() == reflect.Uint8 {
			return append(b, v.Bytes()...), nil
		}
		return e.appendElems(b, v, depth)
	case reflect.Array:
		return e.appendElems(b, v, depth)
	case reflect.Map:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		var err error
		for it := v.MapRange(); it.Next(); {
			if b, err = e.appendValue(b, it.Key(), depth+1); err != nil {
				return nil, err
			}
			if b, err = e.appendValue(b, it.Value(), depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	case reflect.Struct:
		var err error
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			if b, err = e.appendValue(b, v.Field(i), depth+1); err != nil {
				return nil, inField(t.Field(i).Name, err)
			}
		}
		return b, nil
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0), nil
		}
		if depth < cycleCheckDepth {
			return e.appendValue(append(b, 1), v.Elem(), depth+1)
		}
		key := pathKey{v.UnsafePointer(), t}
		if _, seen := e.path[key]; seen {
			return nil, fmt.Errorf("a cycle of pointers: this %v points to a value that leads back to it, and a cycle cannot travel", t)
		}
		if e.path == nil {
			e.path = map[pathKey]struct{}{}
		}
		e.path[key] = struct{}{}
		b, err := e.appendValue(append(b, 1), v.Elem(), depth+1)
		delete(e.path, key)
		return b, err
	case reflect.Interface:
		if v.IsNil() {
			return append(b, 0), nil
		}
		i := slices.Index(interfaceTypes, v.Elem().Type())
		if i < 0 {
			return nil, fmt.Errorf("an interface value (%v holding %v) cannot travel: in an interface only predeclared types (bool, numbers, string, []byte, []any, map[string]any) can; use a concrete type", t, v.Elem().Type())
		}
		return e.appendValue(append(b, byte(i+1)), v.Elem(), depth+1)
	}
	return nil, fmt.Errorf("a %v cannot travel to another process", t)
}

func (e *encoder) appendElems(b []byte, v reflect.Value, depth int) ([]byte, error) {
	var err error
	for i := range v.Len() {
		if b, err = e.appendValue(b, v.Index(i), depth+1); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// valueReader reads what appendValue wrote. With alias, byte slices and
// strings are b's own memory (see decodeOwned).
type valueReader struct {
	b     []byte
	alias bool
}

func (r *valueReader) uvarint() (uint64, error) {
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		return 0, errShortData
	}
	r.b = r.b[n:]
	return x, nil
}

func (r *valueReader) take(n uint64) ([]byte, error) {
	if n > uint64(len(r.b)) {
		return nil, errShortData
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v, nil
}

// length reads a length or, with nilable, a length plus one where 0 means
// nil; it refuses a length longer than the data left could hold.
func (r *valueReader) length(nilable bool) (n int, isNil bool, err error) {
	x, err := r.uvarint()
	if err != nil {
		return 0, false, err
	}
	if nilable {
		if x == 0 {
			return 0, true, nil
		}
		x--
	}
	if x > uint64(len(r.b)) {
		return 0, false, errShortData
	}
	return int(x), false, nil
}

// readValue decodes into v, which must be settable.
func (r *valueReader) readValue(v reflect.Value, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%v nests more than %d deep", v.Type(), maxDepth)
	}
	t := v.Type()
	if how := encodesItself(t); how != selfNone {
		n, _, err := r.length(false)
		if err != nil {
			return err
		}
		data, _ := r.take(uint64(n))
		switch how {
		case selfShared:
			return callMethod(t, "shareDecode", func() error { return v.Addr().Interface().(sharedDecoder).shareDecode(data) })
		case selfGob:
			return callMethod(t, "GobDecode", func() error { return v.Addr().Interface().(selfDecoder).GobDecode(data) })
		}
		return callMethod(t, "UnmarshalBinary", func() error {
			return v.Addr().Interface().(encoding.BinaryUnmarshaler).UnmarshalBinary(data)
		})
	}
	switch t.Kind() {
	case reflect.Bool:
		b, err := r.take(1)
		if err != nil {
			return err
		}
		v.SetBool(b[0] == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x, n := binary.Varint(r.b)
		if n <= 0 {
			return errShortData
		}
		r.b = r.b[n:]
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x, err := r.uvarint()
		if err != nil {
			return err
		}
		v.SetUint(x)
	case reflect.Float32, reflect.Float64:
		b, err := r.take(8)
		if err != nil {
			return err
		}
		v.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64(b)))
	case reflect.Complex64, reflect.Complex128:
		b, err := r.take(16)
		if err != nil {
			return err
		}
		v.SetComplex(complex(math.Float64frombits(binary.LittleEndian.Uint64(b)), math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))))
	case reflect.String:
		n, _, err := r.length(false)
		if err != nil {
			return err
		}
		b, _ := r.take(uint64(n))
		if r.alias && n > 0 {
			v.SetString(unsafe.String(&b[0], n))
		} else {
			v.SetString(string(b))
		}
	case reflect.Slice:
		n, isNil, err := r.length(true)
		if err != nil || isNil {
			return err
		}
		if t.Elem().Kind() == reflect.Uint8 {
			b, _ := r.take(uint64(n))
			if r.alias && t.Elem() == reflect.TypeFor[byte]() {
				v.SetBytes(b[:n:n])
				return nil
			}
			s := reflect.MakeSlice(t, n, n)
			reflect.Copy(s, reflect.ValueOf(b))
			v.Set(s)
			return nil
		}
		v.Set(reflect.MakeSlice(t, n, n))
		return r.readElems(v, depth)
	case reflect.Array:
		return r.readElems(v, depth)
	case reflect.Map:
		n, isNil, err := r.length(true)
		if err != nil || isNil {
			return err
		}
		m := reflect.MakeMapWithSize(t, n)
		for range n {
			k := reflect.New(t.Key()).Elem()
			e := reflect.New(t.Elem()).Elem()
			if err := r.readValue(k, depth+1); err != nil {
				return err
			}
			if err := r.readValue(e, depth+1); err != nil {
				return err
			}
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			if err := r.readValue(v.Field(i), depth+1); err != nil {
				return inField(t.Field(i).Name, err)
			}
		}
	case reflect.Pointer:
		b, err := r.take(1)
		if err != nil || b[0] == 0 {
			return err
		}
		p := reflect.New(t.Elem())
		if err := r.readValue(p.Elem(), depth+1); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Interface:
		b, err := r.take(1)
		if err != nil || b[0] == 0 {
			return err
		}
		if int(b[0]) > len(interfaceTypes) {
			return fmt.Errorf("bad type number %d for an interface value", b[0])
		}
		dyn := interfaceTypes[b[0]-1]
		if !dyn.AssignableTo(t) {
			return fmt.Errorf("a %v cannot be stored in a %v", dyn, t)
		}
		x := reflect.New(dyn).Elem()
		if err := r.readValue(x, depth+1); err != nil {
			return err
		}
		v.Set(x)
	default:
		return fmt.Errorf("a %v cannot travel to another process", t)
	}
	return nil
}

func (r *valueReader) readElems(v reflect.Value, depth int) error {
	for i := range v.Len() {
		if err := r.readValue(v.Index(i), depth+1); err != nil {
			return err
		}
	}
	return nil
}
