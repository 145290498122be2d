package rules_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

const upstreamDir = "../testdata/upstream"

// TestUpstreamExamplesLintClean lints the valid example configs of
// LLaMA-Factory, axolotl and TRL copied into testdata/upstream (listed in
// its PROVENANCE file): the projects ship and run them, so any warning or
// error on them is a false alarm.
func TestUpstreamExamplesLintClean(t *testing.T) {
	listed := provenance(t)
	for _, repo := range []string{"LLaMA-Factory", "axolotl", "trl"} {
		t.Run(repo, func(t *testing.T) {
			dir := filepath.Join(upstreamDir, repo)
			rep := lint.Run([]string{dir}, lint.Options{Rules: rules.All(), Workers: 1})
			for _, err := range rep.Errors {
				t.Errorf("input error: %v", err)
			}
			for _, f := range rep.Findings {
				// memory-not-checked says what trainlint did not know (no
				// hardware is declared here), not that the config is wrong.
				if f.Severity > lint.Info && f.Rule != "memory-not-checked" {
					t.Errorf("false alarm on an upstream example: %s", f)
				}
			}
			if len(rep.Jobs) < 10 {
				t.Errorf("only %d jobs read from %s; want the 10 or more copied there", len(rep.Jobs), dir)
			}
			withDS := 0
			for _, jr := range rep.Jobs {
				if jr.Job.DeepSpeed != nil && jr.Job.Trainer != nil && jr.Job.DeepSpeed != jr.Job.Trainer {
					withDS++
				}
				rel, err := filepath.Rel(upstreamDir, jr.Job.Primary.Path)
				if err != nil || !listed[filepath.ToSlash(rel)] {
					t.Errorf("%s is not listed in %s/PROVENANCE", jr.Job.Primary.Path, upstreamDir)
				}
			}
			if repo != "trl" && withDS == 0 {
				t.Errorf("no job of %s follows its deepspeed reference, so the DeepSpeed checks did not run on them", repo)
			}
		})
	}
}

// TestDetectTRL checks that a TRL config is recognized by its keys and the
// upstream LLaMA-Factory and axolotl examples are not taken for one.
func TestDetectTRL(t *testing.T) {
	for _, c := range []struct {
		name, file string
		trl        bool
	}{
		{"LLaMA-Factory example", "upstream/LLaMA-Factory/examples/train_lora/qwen3_lora_sft.yaml", false},
		{"axolotl example", "upstream/axolotl/examples/llama-3/lora-1b.yml", false},
		{"SFT keys", "rules/ds-hf-value-mismatch/ok-trl-sft/sft.yaml", true},
		{"DPO beta", "rules/ds-hf-value-mismatch/bad-trl-dpo/dpo.yaml", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := read.Load([]string{filepath.Join("..", "testdata", c.file)}, read.Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("got %d jobs, want 1", len(res.Jobs))
			}
			if _, got := read.DetectTRL(res.Jobs[0]); got != c.trl {
				t.Errorf("DetectTRL = %v, want %v", got, c.trl)
			}
		})
	}
}

// provenance reads the local paths PROVENANCE lists.
func provenance(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.Join(upstreamDir, "PROVENANCE"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		path, _, _ := strings.Cut(line, "\t")
		out[path] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
