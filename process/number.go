package process

// Number is the element type of shared memory: a fixed-size number, as
// Python's typecodes 'b', 'i', 'q', 'f', 'd' and friends.
type Number interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 |
		~float32 | ~float64
}
