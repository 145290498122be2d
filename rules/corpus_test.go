package rules_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/trainlint/trainlint/internal/corpus"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/rules"
)

// corpusDir holds real configs from public repositories (shared with the
// developers and CI, not shipped).
const corpusDir = "../../shared/corpus"

// realMistake is an error the corpus is known to contain: the file really
// crashes (or would, on the tool versions the rule describes) as reported.
type realMistake struct {
	file, rule, why string
}

// realMistakes lists the corpus errors that are real mistakes in the
// source repositories, not false alarms.
var realMistakes = []realMistake{
	{"axolotl-ai-cloud__axolotl/deepspeed_configs/zero1_torch_compile.json", "ds-unknown-key",
		"\"compile\": {\"disable\", \"backend\"} are DeepSpeed 0.14's torch.compile keys; since 0.16.6 \"compile\" is the DeepCompile model, which forbids extra keys, so DeepSpeed stops on them"},
	{"axolotl-ai-cloud__axolotl/deepspeed_configs/zero2_torch_compile.json", "ds-unknown-key",
		"same \"compile\" section as zero1_torch_compile.json: rejected by DeepSpeed 0.16.6 and later"},
	{"huggingface__accelerate/tests/test_configs/invalid_keys.yaml", "accelerate-unknown-key",
		"accelerate's own fixture of a config with unknown keys; its test expects the ValueError trainlint predicts"},
	{"ymcui__Chinese-LLaMA-Alpaca-2/scripts/training/ds_zero2_no_offload.json", "schema-violation",
		"\"fp16.min_loss_scale\": 1e-10 is not an integer; DeepSpeed 0.17.1 and later validate the fp16 section with an int field and stop (older releases read it as a float)"},
}

func corpusFiles(t *testing.T) []corpus.File {
	files, err := corpus.Manifest(corpusDir)
	if err != nil {
		t.Skip(err)
	}
	return files
}

// TestCorpusNoFalseErrors lints every corpus file on its own, as a
// pre-commit hook would, and fails on any error-severity finding that is not
// a known real mistake. Counts per rule are logged.
func TestCorpusNoFalseErrors(t *testing.T) {
	files := corpusFiles(t)
	allowed := map[[2]string]bool{}
	for _, m := range realMistakes {
		allowed[[2]string{m.file, m.rule}] = true
	}
	used := map[[2]string]bool{}
	counts := map[string]int{}
	for _, cf := range files {
		rep := lint.Run([]string{cf.Path}, lint.Options{Rules: rules.All(), Workers: 1})
		for _, f := range rep.Findings {
			counts[fmt.Sprintf("%-7s %s", f.Severity, f.Rule)]++
			if f.Severity != lint.Error {
				continue
			}
			file, err := filepath.Rel(corpusDir, f.File)
			if err != nil {
				file = f.File
			}
			key := [2]string{filepath.ToSlash(file), f.Rule}
			if allowed[key] {
				used[key] = true
				continue
			}
			t.Errorf("unexpected error: %s", f)
		}
	}
	for _, m := range realMistakes {
		if !used[[2]string{m.file, m.rule}] {
			t.Errorf("allow-list entry no longer fires: %s [%s]", m.file, m.rule)
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%5d  %s", counts[k], k)
	}
}
