package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// buildBinary builds trainlint once into a temporary folder, so the
// benchmarks below time whole processes the way a pre-commit hook runs them.
func buildBinary(b *testing.B) string {
	b.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go toolchain to build the binary")
	}
	bin := filepath.Join(b.TempDir(), "trainlint")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func benchmarkProcess(b *testing.B, args ...string) {
	bin := buildBinary(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, args...)
		cmd.Dir = "../.."
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
}

// BenchmarkProcessVersion is the floor: start-up of the binary alone.
func BenchmarkProcessVersion(b *testing.B) { benchmarkProcess(b, "version") }

// BenchmarkProcessLint is one pre-commit run on a job that fits: start-up,
// reading, schema compilation, the estimate and every rule.
func BenchmarkProcessLint(b *testing.B) {
	benchmarkProcess(b, "lint", "testdata/examples/llama3-8b-a100-fixed/train.yaml")
}
