package schemas

import "testing"

// BenchmarkCompile measures what a process pays once, on first use, to
// compile every embedded schema.
func BenchmarkCompile(b *testing.B) {
	for i := 0; i < b.N; i++ {
		for _, name := range Names() {
			if _, _, err := compile(name); err != nil {
				b.Fatal(err)
			}
		}
	}
}
