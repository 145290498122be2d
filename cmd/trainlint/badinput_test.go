package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/lint/report"
	"github.com/trainlint/trainlint/rules"
)

// badInputDir holds the bad-input contract: cases.yaml and the files it
// names.
const badInputDir = "../../testdata/badinput"

// Bounds every bad input must stay within.
const (
	caseTimeout = 30 * time.Second // generous: CI machines are shared; a hang never ends
	caseHeap    = 1 << 30          // bytes of live heap
)

type badInputCase struct {
	Name      string
	Args      []string
	Exit      int
	Stdout    string
	Stderr    string
	Gen       map[string]string      // file → generator
	Mode      map[string]fs.FileMode // file → permissions
	Needs     string                 // a path that must exist
	Unchanged []string               // files the command must not modify
}

// generators write inputs too large or too deep to commit.
var generators = map[string]func() []byte{
	"deep-json": func() []byte {
		const n = 300000
		return []byte(`{"train_micro_batch_size_per_gpu": 1, "gradient_accumulation_steps": 1, "x": ` + strings.Repeat("[", n) + strings.Repeat("]", n) + "}\n")
	},
	"deep-yaml-flow": func() []byte {
		const n = 300000
		return []byte("output_dir: out\nlearning_rate: 2.0e-5\nx: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n")
	},
	"deep-yaml-block": func() []byte {
		return []byte("output_dir: out\nlearning_rate: 2.0e-5\nx:\n" + strings.Repeat("- ", 300000) + "1\n")
	},
	"deep-yaml-indent": func() []byte {
		var b strings.Builder
		b.WriteString("output_dir: out\nlearning_rate: 2.0e-5\n")
		for i := 0; i < 2000; i++ {
			fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat(" ", i), i)
		}
		return []byte(b.String())
	},
	"long-yaml-list": func() []byte { // 20 MB
		return []byte("output_dir: out\nlearning_rate: 2.0e-5\npad:\n" + strings.Repeat("- 1\n", 5_000_000))
	},
	"long-json-list": func() []byte { // 30 MB
		return []byte(`{"train_micro_batch_size_per_gpu": 1, "gradient_accumulation_steps": 1, "pad": [` + strings.Repeat("1,", 15_000_000) + "1]}\n")
	},
	"long-json-string": func() []byte { // 30 MB in one value
		return []byte(`{"train_micro_batch_size_per_gpu": 1, "gradient_accumulation_steps": 1, "zero_optimization": {"stage": 2}, "pad": "` + strings.Repeat("x", 30<<20) + "\"}\n")
	},
}

// TestBadInput runs every case of the bad-input contract through the CLI
// entry point, in process, and fails on a panic, a wrong exit code or
// message, a case over caseTimeout or caseHeap, or a modified file.
func TestBadInput(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(badInputDir, "cases.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []badInputCase
	if err := yaml.Unmarshal(src, &cases); err != nil {
		t.Fatalf("cases.yaml: %v", err)
	}
	files, err := filepath.Abs(filepath.Join(badInputDir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.Name] || tc.Name == "" {
			t.Fatalf("case name %q is empty or used twice", tc.Name)
		}
		seen[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) {
			if tc.Needs != "" {
				if _, err := os.Stat(tc.Needs); err != nil {
					t.Skipf("needs %s", tc.Needs)
				}
			}
			if len(tc.Mode) > 0 && os.Geteuid() == 0 {
				t.Skip("root reads files whatever their permissions")
			}
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(files)); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			for name, gen := range tc.Gen {
				writeGenerated(t, name, gen)
			}
			for name, mode := range tc.Mode {
				if err := os.Chmod(name, mode); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(filepath.Join(dir, name), 0o644) })
			}
			before := map[string][]byte{}
			for _, name := range tc.Unchanged {
				b, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				before[name] = b
			}

			code, stdout, stderr := runBounded(t, tc.Args)

			if code != tc.Exit {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.Exit, clip(stdout), clip(stderr))
			}
			for _, m := range []struct{ name, re, got string }{{"stdout", tc.Stdout, stdout}, {"stderr", tc.Stderr, stderr}} {
				if m.re != "" && !regexp.MustCompile("(?m)"+m.re).MatchString(m.got) {
					t.Errorf("%s does not match %q:\n%s", m.name, m.re, clip(m.got))
				}
			}
			for name, b := range before {
				if after, err := os.ReadFile(name); err != nil || !bytes.Equal(after, b) {
					t.Errorf("%s was modified (%v)", name, err)
				}
			}
		})
	}
}

func writeGenerated(t *testing.T, name, gen string) {
	t.Helper()
	if gen == "over-size-limit" {
		// A sparse file: its size is over the limit without writing it.
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(65 << 20); err != nil {
			t.Fatal(err)
		}
		return
	}
	g, ok := generators[gen]
	if !ok {
		t.Fatalf("no generator %q", gen)
	}
	if err := os.WriteFile(name, g(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runBounded runs the CLI in a goroutine and fails the test on a panic, on
// no result within caseTimeout, or on a live heap over caseHeap.
func runBounded(t *testing.T, args []string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
		panic          any
		stack          []byte
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: p, stack: debug.Stack()}
			}
		}()
		code := run(append([]string{"trainlint"}, args...), strings.NewReader(""), &out, &errb)
		done <- result{code: code, stdout: out.String(), stderr: errb.String()}
	}()
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	timeout := time.After(caseTimeout)
	for {
		select {
		case r := <-done:
			if r.panic != nil {
				t.Fatalf("panic: %v\n%s", r.panic, r.stack)
			}
			if peak > caseHeap {
				t.Errorf("live heap reached %d MiB, over the %d MiB bound", peak>>20, caseHeap>>20)
			}
			return r.code, r.stdout, r.stderr
		case <-tick.C:
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
		case <-timeout:
			t.Fatalf("no result after %v", caseTimeout)
		}
	}
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

// TestDeterministic lints the repository's example configs (and a sample of
// the shared corpus when present) with one worker on one CPU and with eight
// on eight: every output format must come out byte for byte the same.
func TestDeterministic(t *testing.T) {
	paths := []string{"../../testdata/read", "../../testdata/minicpmv", "../../testdata/examples", badInputDir + "/files"}
	paths = append(paths, corpusSample(12)...)
	render := func(procs, workers int) map[string]string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		opts := lint.Options{
			Rules:   rules.All(),
			Workers: workers,
		}
		rep := lint.Run(paths, opts)
		out := map[string]string{}
		for _, format := range []string{"json", "sarif", "text"} {
			f, err := report.New(format, report.Options{Rules: allRules(), Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := f.Format(&b, rep); err != nil {
				t.Fatal(err)
			}
			out[format] = b.String()
		}
		var b bytes.Buffer
		if err := report.WriteEstimatesJSON(&b, rep.Jobs); err != nil {
			t.Fatal(err)
		}
		out["estimates"] = b.String()
		var errs []string
		for _, err := range rep.Errors {
			errs = append(errs, err.Error())
		}
		out["errors"] = strings.Join(errs, "\n")
		return out
	}
	one, eight := render(1, 1), render(8, 8)
	if !strings.Contains(one["json"], `"rule"`) || !strings.Contains(one["estimates"], "{") {
		t.Fatalf("the inputs gave no findings or estimates:\n%s", clip(one["json"]))
	}
	for name, want := range one {
		if got := eight[name]; got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s output differs between 1 and 8 workers at byte %d:\n1: %s\n8: %s", name, i, clip(want[i:]), clip(got[i:]))
		}
	}
}

// corpusSample returns every n-th file of the shared corpus's manifest, or
// nothing when the corpus is absent: a fixed spread of real configs.
func corpusSample(n int) []string {
	files, err := corpus.Manifest("../../../shared/corpus")
	if err != nil {
		return nil
	}
	var out []string
	for i, f := range files {
		if i%n == 0 {
			out = append(out, f.Path)
		}
	}
	return out
}
