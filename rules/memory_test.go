package rules_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// oomFinding lints one MiniCPM-V scenario and returns its gpu-out-of-memory
// finding.
func oomFinding(t *testing.T, scenario string) lint.Finding {
	t.Helper()
	rep := lint.Run([]string{"../testdata/minicpmv/" + scenario + "/finetune.yaml"}, lint.Options{Rules: rules.All(), Workers: 1})
	for _, f := range rep.Findings {
		if f.Rule == "gpu-out-of-memory" {
			return f
		}
	}
	t.Fatalf("%s: no gpu-out-of-memory finding in %v", scenario, rep.Findings)
	return lint.Finding{}
}

// checkOrder: the first fix fits; after it every safe fix comes before every
// unsafe one; each carries its predicted peak.
func checkOrder(t *testing.T, f lint.Finding) {
	t.Helper()
	if len(f.Fixes) == 0 || !f.Fixes[0].Fits {
		t.Fatalf("the first fix must fit: %+v", f.Fixes)
	}
	unsafeSeen := false
	for _, fx := range f.Fixes[1:] {
		if fx.PeakAfterGiB <= 0 {
			t.Errorf("%q has no predicted peak", fx.Title)
		}
		if fx.Safety == lint.Unsafe {
			unsafeSeen = true
		} else if unsafeSeen {
			t.Errorf("safe fix %q listed after an unsafe one", fx.Title)
		}
	}
}

func hasFix(f lint.Finding, safety lint.Safety, parts ...string) bool {
	return slices.ContainsFunc(f.Fixes, func(fx lint.Fix) bool {
		if fx.Safety != safety {
			return false
		}
		for _, p := range parts {
			if !strings.Contains(fx.Title+" "+fx.Cost, p) {
				return false
			}
		}
		return true
	})
}

// TestOutOfMemoryOptions: 8 × V100-16GB full fine-tune of MiniCPM-Llama3-V
// 2.5 under ZeRO-3 lists optimizer offload (safe, fits first), then LoRA and
// tuning only the LLM (unsafe), each with its predicted peak.
func TestOutOfMemoryOptions(t *testing.T) {
	f := oomFinding(t, "v100-16gb-full-zero3")
	checkOrder(t, f)
	if f.Fixes[0].Safety != lint.Safe || !strings.Contains(f.Fixes[0].Title, "offload_optimizer") {
		t.Errorf("first fix %q, want the safe optimizer offload", f.Fixes[0].Title)
	}
	for _, want := range [][]string{{"use_lora: true", "tune_llm: false"}, {"tune_vision: false", "tune only the LLM"}} {
		if !hasFix(f, lint.Unsafe, want...) {
			t.Errorf("no unsafe fix with %q", want)
		}
	}
	if slices.ContainsFunc(f.Notes, func(n string) bool { return strings.HasPrefix(n, "no safe change fits") }) {
		t.Errorf("says nothing safe fits while offload does: %q", f.Notes)
	}
}

// TestOutOfMemoryNothingSafe: LoRA on one V100-16GB cannot fit safely (the
// frozen 16-bit weights alone fill the card); the finding says so and leads
// with the unsafe combination that would, QLoRA on the int4 checkpoint with
// its quality cost among the options.
func TestOutOfMemoryNothingSafe(t *testing.T) {
	f := oomFinding(t, "v100-16gb-lora")
	checkOrder(t, f)
	if f.Fixes[0].Safety != lint.Unsafe || !strings.Contains(f.Fixes[0].Title, "int4") {
		t.Errorf("first fix %q, want the unsafe combination with the int4 checkpoint", f.Fixes[0].Title)
	}
	if !slices.ContainsFunc(f.Notes, func(n string) bool {
		return strings.HasPrefix(n, "no safe change fits") && strings.Contains(n, "unsafe fix listed first would")
	}) {
		t.Errorf("no note saying nothing safe fits: %q", f.Notes)
	}
	if !hasFix(f, lint.Unsafe, "q_lora: true", "MiniCPM-Llama3-V-2_5-int4", "1% lower accuracy") {
		t.Error("no QLoRA option naming the int4 checkpoint and its quality cost")
	}
	if !strings.Contains(f.Message, "exceeds") || f.Line != 2 {
		t.Errorf("finding at line %d (%s), want the model line 2: one GPU shards nothing", f.Line, f.Message)
	}
}

// TestOutOfMemoryOnGuessedModel: the same job that does not fit is an error
// when it names a catalog model, and a warning that says the model is a
// guess when only a folder's family and size words chose it.
func TestOutOfMemoryOnGuessedModel(t *testing.T) {
	for model, want := range map[string]lint.Severity{"huggyllama/llama-7b": lint.Error, "/models/hf_llama_7b": lint.Warning} {
		dir := t.TempDir()
		train := filepath.Join(dir, "train.yaml")
		yaml := "output_dir: out\nmodel_name_or_path: " + model + "\nbf16: true\nper_device_train_batch_size: 16\nmax_seq_length: 4096\n"
		if err := os.WriteFile(train, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		opts := lint.Options{Rules: rules.All(), Workers: 1, Read: read.Options{Overrides: read.Overrides{GPU: "a100-40gb", GPUsPerNode: 1}}}
		rep := lint.Run([]string{train}, opts)
		i := slices.IndexFunc(rep.Findings, func(f lint.Finding) bool { return f.Rule == "gpu-out-of-memory" })
		if i < 0 {
			t.Fatalf("%s: no gpu-out-of-memory finding in %v", model, rep.Findings)
		}
		f := rep.Findings[i]
		guessed := slices.ContainsFunc(f.Notes, func(n string) bool { return strings.HasPrefix(n, "the model is a guess") })
		if f.Severity != want || guessed != (want == lint.Warning) {
			t.Errorf("%s: severity %v, notes %q", model, f.Severity, f.Notes)
		}
	}
}
