package process

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The codec's check of a type, made before anything travels: a value of a
// type that cannot travel whole is refused with the reason, naming the
// field, rather than sent without part of itself.

// travelChecks caches checkTravels by type: types do not change.
var travelChecks sync.Map // reflect.Type → error (nil stored as travelOK)

type travelOK struct{}

// cannotSend returns an error saying why a value of type t cannot be sent
// where says ("to a child", "back from a pool worker"), or nil if it can.
func cannotSend(t reflect.Type, where string) error {
	reason := checkTravels(t)
	if reason == "" {
		return nil
	}
	return fmt.Errorf("process: cannot send %v %s: %s", t, where, reason)
}

// checkTravels returns why a value of type t cannot travel to another
// process, or "": a func, a chan or an unsafe.Pointer anywhere inside it,
// or a struct field that is unexported (the codec, like gob, sends exported
// fields only, so the child would see the field's zero value). A type that
// encodes itself (shared objects, GobEncode, MarshalBinary) is its own
// business.
func checkTravels(t reflect.Type) string {
	if r, ok := travelChecks.Load(t); ok {
		if s, ok := r.(string); ok {
			return s
		}
		return ""
	}
	reason := checkTravelsIn(t, "", t, map[reflect.Type]bool{})
	if reason == "" {
		travelChecks.Store(t, travelOK{})
	} else {
		travelChecks.Store(t, reason)
	}
	return reason
}

// checkTravelsIn is checkTravels for a type met at path (the fields that
// lead to it from root); seen holds the types already checked, for
// recursive types.
func checkTravelsIn(t reflect.Type, path string, root reflect.Type, seen map[reflect.Type]bool) string {
	if seen[t] {
		return ""
	}
	seen[t] = true
	if encodesItself(t) != selfNone {
		return ""
	}
	switch t.Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if path == "" {
			return fmt.Sprintf("a %v cannot travel to another process", t.Kind())
		}
		return fmt.Sprintf("field %s is a %v, and a %v cannot travel to another process", path, t, t.Kind())
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return checkTravelsIn(t.Elem(), path, root, seen)
	case reflect.Map:
		if r := checkTravelsIn(t.Key(), path, root, seen); r != "" {
			return r
		}
		return checkTravelsIn(t.Elem(), path, root, seen)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			at := f.Name
			if path != "" {
				at = path + "." + f.Name
			}
			if !f.IsExported() {
				if f.Name == "_" {
					continue // padding: nothing to send
				}
				if t.PkgPath() != "" && t.PkgPath() != root.PkgPath() {
					// Not the user's type to change.
					return fmt.Sprintf("field %s is unexported, and %v does not encode itself (GobEncode or MarshalBinary), so it cannot travel", at, t)
				}
				return fmt.Sprintf("field %s is unexported; export it (%s) so it can travel", at, exported(f.Name))
			}
			if r := checkTravelsIn(f.Type, at, root, seen); r != "" {
				return r
			}
		}
	}
	return ""
}

// exported returns name with its first letter in upper case.
func exported(name string) string {
	r, size := utf8.DecodeRuneInString(name)
	if !unicode.IsLetter(r) {
		return "X" + name
	}
	return string(unicode.ToUpper(r)) + strings.TrimPrefix(name, name[:size])
}
