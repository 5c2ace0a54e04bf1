package main

import (
	"fmt"
	"strings"
)

// formatList formats xs the way Python prints a list: [4, 16, 9].
func formatList[T any](xs []T) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, x)
	}
	b.WriteByte(']')
	return b.String()
}
