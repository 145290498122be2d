package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// buildBinary builds trainlint once into a temporary folder, so the
// benchmarks below time whole processes the way a pre-commit hook runs them.
// flags are extra `go build` flags (the release build's tags).
func buildBinary(b *testing.B, flags ...string) string {
	b.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go toolchain to build the binary")
	}
	bin := filepath.Join(b.TempDir(), "trainlint")
	args := append(append([]string{"build"}, flags...), "-o", bin, ".")
	if out, err := exec.Command(gobin, args...).CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// runProcesses runs bin with args in the folder dir, b.N times. Besides
// the wall time it reports each process's CPU time (user and system) and,
// where the system counts them, its minor page faults: on a machine shared
// with other work they move far less than the wall time, and on a virtual
// machine a fresh process's page faults are much of what it costs.
func runProcesses(b *testing.B, dir, bin string, args ...string) {
	b.Helper()
	var cpu time.Duration
	var faults int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		faults += minorFaults(cmd.ProcessState)
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	if faults > 0 {
		b.ReportMetric(float64(faults)/float64(b.N), "minflt/op")
	}
}

// benchmarkProcess runs the binary from the repository root.
func benchmarkProcess(b *testing.B, args ...string) {
	runProcesses(b, "../..", buildBinary(b), args...)
}

// BenchmarkProcessHello is the baseline: a Go program that prints one line,
// built and run the same way, so the other figures read as multiples of
// what any Go process costs to start on the machine.
func BenchmarkProcessHello(b *testing.B) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go toolchain to build the binary")
	}
	dir := b.TempDir()
	for name, src := range map[string]string{
		"go.mod":  "module hello\n\ngo 1.22\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	build := exec.Command(gobin, "build", "-o", "hello", ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	runProcesses(b, "../..", filepath.Join(dir, "hello"))
}

// BenchmarkProcessVersion is the floor: start-up of the binary alone.
func BenchmarkProcessVersion(b *testing.B) { benchmarkProcess(b, "version") }

// BenchmarkProcessLint is one pre-commit run on a job that fits: start-up,
// reading, schema compilation, the estimate and every rule.
func BenchmarkProcessLint(b *testing.B) {
	benchmarkProcess(b, "lint", "testdata/examples/llama3-8b-a100-fixed/train.yaml")
}

// BenchmarkProcessLintRelease is the same with the release build's flags
// (.goreleaser.yaml, action.yml).
func BenchmarkProcessLintRelease(b *testing.B) {
	bin := buildBinary(b, "-trimpath", "-tags", "urfave_cli_no_docs", "-ldflags", "-s -w")
	runProcesses(b, "../..", bin, "lint", "testdata/examples/llama3-8b-a100-fixed/train.yaml")
}

// BenchmarkProcessLintAlone is the same job alone in a folder, with a
// project file declaring 8 × A100-80GB: no repository around it to index,
// so the figure is start-up, reading, the estimate and the rules.
func BenchmarkProcessLintAlone(b *testing.B) {
	bin := buildBinary(b)
	dir := b.TempDir()
	example := filepath.Join("..", "..", "testdata", "examples", "llama3-8b-a100-fixed")
	for _, name := range []string{"train.yaml", "ds_zero2.json"} {
		src, err := os.ReadFile(filepath.Join(example, name))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	project := "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 8\n"
	if err := os.WriteFile(filepath.Join(dir, ".trainlint.yaml"), []byte(project), 0o644); err != nil {
		b.Fatal(err)
	}
	runProcesses(b, dir, bin, "lint", "train.yaml")
}
