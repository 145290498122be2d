package shell

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParse parses a typical launch script: variables, a multi-line
// argument string expanded into a torchrun command, and an srun launch.
func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(testdataDir, "args_in_var.sh"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("args_in_var.sh", src); err != nil {
			b.Fatal(err)
		}
	}
}
