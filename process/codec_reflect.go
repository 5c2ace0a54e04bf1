package process

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
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

var (
	selfEncoderType     = reflect.TypeFor[selfEncoder]()
	selfDecoderType     = reflect.TypeFor[selfDecoder]()
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

// maxDepth bounds how deep a value may nest, so that a cycle of pointers is
// an error rather than a stack overflow.
const maxDepth = 200

// errShortData is a value whose encoding ends too soon.
var errShortData = errors.New("encoded value ends too soon")

// encodesItself reports whether values of t are encoded by their own
// methods, and which pair.
func encodesItself(t reflect.Type) (gobLike, binaryLike bool) {
	pt := reflect.PointerTo(t)
	if (t.Implements(selfEncoderType) || pt.Implements(selfEncoderType)) && pt.Implements(selfDecoderType) {
		return true, false
	}
	if (t.Implements(binaryMarshalerType) || pt.Implements(binaryMarshalerType)) && pt.Implements(binaryUnmarshalType) {
		return false, true
	}
	return false, false
}

// appendValue appends the encoding of v to b.
func appendValue(b []byte, v reflect.Value, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%v nests more than %d deep (a cycle?)", v.Type(), maxDepth)
	}
	t := v.Type()
	if gobLike, binaryLike := encodesItself(t); gobLike || binaryLike {
		if !v.CanAddr() {
			c := reflect.New(t).Elem()
			c.Set(v)
			v = c
		}
		var data []byte
		var err error
		if gobLike {
			data, err = v.Addr().Interface().(selfEncoder).GobEncode()
		} else {
			data, err = v.Addr().Interface().(encoding.BinaryMarshaler).MarshalBinary()
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
		return appendElems(b, v, depth)
	case reflect.Array:
		return appendElems(b, v, depth)
	case reflect.Map:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		var err error
		for it := v.MapRange(); it.Next(); {
			if b, err = appendValue(b, it.Key(), depth+1); err != nil {
				return nil, err
			}
			if b, err = appendValue(b, it.Value(), depth+1); err != nil {
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
			if b, err = appendValue(b, v.Field(i), depth+1); err != nil {
				return nil, fmt.Errorf("field %s: %w", t.Field(i).Name, err)
			}
		}
		return b, nil
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0), nil
		}
		return appendValue(append(b, 1), v.Elem(), depth+1)
	case reflect.Interface:
		if v.IsNil() {
			return append(b, 0), nil
		}
		i := slices.Index(interfaceTypes, v.Elem().Type())
		if i < 0 {
			return nil, fmt.Errorf("an interface value (%v holding %v) cannot travel: in an interface only predeclared types (bool, numbers, string, []byte, []any, map[string]any) can; use a concrete type", t, v.Elem().Type())
		}
		return appendValue(append(b, byte(i+1)), v.Elem(), depth+1)
	}
	return nil, fmt.Errorf("a %v cannot travel to another process", t)
}

func appendElems(b []byte, v reflect.Value, depth int) ([]byte, error) {
	var err error
	for i := range v.Len() {
		if b, err = appendValue(b, v.Index(i), depth+1); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// valueReader reads what appendValue wrote.
type valueReader struct{ b []byte }

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
	if gobLike, binaryLike := encodesItself(t); gobLike || binaryLike {
		n, _, err := r.length(false)
		if err != nil {
			return err
		}
		data, _ := r.take(uint64(n))
		if gobLike {
			return v.Addr().Interface().(selfDecoder).GobDecode(data)
		}
		return v.Addr().Interface().(encoding.BinaryUnmarshaler).UnmarshalBinary(data)
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
		v.SetString(string(b))
	case reflect.Slice:
		n, isNil, err := r.length(true)
		if err != nil || isNil {
			return err
		}
		if t.Elem().Kind() == reflect.Uint8 {
			b, _ := r.take(uint64(n))
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
				return fmt.Errorf("field %s: %w", t.Field(i).Name, err)
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
