package read

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// olmOCRConfig is an olmocr trainer config cut down from
// olmocr/train/configs/v0.4.0/qwen25_vl_olmocrv4_finetuning.yaml
// (allenai/olmocr@f7cfe4c): LoRA on two datasets sharing one pipeline by
// a YAML anchor.
const olmOCRConfig = `project_name: p
run_name: r
model:
  name: Qwen/Qwen2.5-VL-7B-Instruct
  torch_dtype: bfloat16
  use_flash_attention: true
  attn_implementation: flash_attention_2
  use_lora: true
  lora_rank: 16
dataset:
  train:
    - name: a
      root_dir: /data/a
      pipeline: &basic
        - name: FrontMatterParser
        - name: PDFRenderer
          target_longest_image_dim: 1288
        - name: Tokenizer
    - name: b
      root_dir: /data/b
      pipeline: *basic
training:
  per_device_train_batch_size: 1
  gradient_accumulation_steps: 32
  gradient_checkpointing: False
  collator_max_token_len: 8192
  optim: adamw_torch
  torch_compile: true
`

// TestOlmOCR: olmocr's config is recognized by content and read with
// ModelConfig's and TrainingConfig's defaults (lora_alpha 32, q/v/k/o_proj,
// accumulation 8, no checkpointing, Qwen2.5-VL-7B), the page image from
// PDFRenderer as a US Letter page, one GPU, and unknown keys named.
func TestOlmOCR(t *testing.T) {
	for _, c := range []struct {
		name, src         string
		model             string
		method            string
		r, alpha, mb, ga  int
		seq, w, h         int
		attn              string
		gc, compile       bool
		assume            string
		targets           []string
		optimizer         string
		loadDtype, precis plan.Dtype
	}{
		{"lora", olmOCRConfig, "Qwen/Qwen2.5-VL-7B-Instruct", "lora", 16, 32, 1, 32, 8192, 995, 1288, "flash_attention_2", false, true,
			"pages are estimated as US Letter", []string{"q_proj", "v_proj", "k_proj", "o_proj"}, "adamw_torch", plan.BF16, plan.BF16},
		{"defaults", "model:\n  name: Qwen/Qwen3-VL-8B-Instruct\n  use_flash_attention: false\n  attn_implementation: flash_attention_2\n  use_lora: false\n  lora_ranks: 4\n" +
			"dataset:\n  train:\n    - root_dir: /d\n      pipeline:\n        - name: PDFRenderer\n        - name: Tokenizer\n" +
			"training:\n  optim: muon\n", "Qwen/Qwen3-VL-8B-Instruct", "none", 0, 0, 1, 8, 2048, 791, 1024, "sdpa", false, false,
			"model.lora_ranks", nil, "adamw_torch", plan.BF16, plan.BF16},
		// A renderer step disabled with YAML 1.1's False is skipped (get_pipeline_steps); the enabled one sets the page.
		{"disabled step", "model:\n  name: Qwen/Qwen3-VL-8B-Instruct\n  use_lora: false\n" +
			"dataset:\n  train:\n    - root_dir: /d\n      pipeline:\n        - name: PDFRenderer\n          target_longest_image_dim: 2048\n          enabled: False\n" +
			"        - name: PDFRenderer\n          target_longest_image_dim: 1288\n" +
			"training:\n  optim: adamw_torch\n", "Qwen/Qwen3-VL-8B-Instruct", "none", 0, 0, 1, 8, 2048, 995, 1288, "sdpa", false, false,
			"pages are estimated as US Letter", nil, "adamw_torch", plan.BF16, plan.BF16},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := rlPlanOf(t, "config.yaml", c.src)
			got := []any{p.ModelRef.V, p.PEFT.Method.V, p.PEFT.R.V, p.PEFT.Alpha.V, p.MicroBatch.V, p.GradAccum.V, p.SeqLen.V, p.Images.Width.V, p.Images.Height.V,
				p.Attention.V, p.GradientCheckpointing.V, p.TorchCompile.V, p.Optimizer.V, p.LoadDtype.V, p.Precision.V, p.SingleDevice.V, p.Recipe.V, p.GlobalBatch.V}
			want := []any{c.model, c.method, c.r, c.alpha, c.mb, c.ga, c.seq, c.w, c.h, c.attn, c.gc, c.compile, c.optimizer, c.loadDtype, c.precis, true, RecipeOlmOCR, c.mb * c.ga}
			if !slices.Equal(got, want) {
				t.Errorf("model, peft, r, alpha, micro, accum, seq, width, height, attention, checkpointing, compile, optimizer, load dtype, precision, single device, recipe, global batch:\ngot  %v\nwant %v", got, want)
			}
			if !slices.Equal(p.PEFT.TargetModules.V, c.targets) {
				t.Errorf("target modules %v, want %v", p.PEFT.TargetModules.V, c.targets)
			}
			if !slices.ContainsFunc(p.Assumptions, func(a string) bool { return strings.Contains(a, c.assume) }) {
				t.Errorf("no assumption naming %q in %q", c.assume, p.Assumptions)
			}
		})
	}
}

// TestOlmOCRLaunch: `python -m olmocr.train.train --config FILE` joins the
// config it names; a config that is not there is named as missing.
func TestOlmOCRLaunch(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"run.sh":         "python -m olmocr.train.train --config configs/a.yaml\npython -m olmocr.train.train --config configs/missing.yaml\n",
		"configs/a.yaml": olmOCRConfig,
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := Load([]string{filepath.Join(dir, "run.sh")}, Options{Overrides: Overrides{GPU: "h100-80gb"}})
	if len(res.Jobs) != 2 {
		t.Fatalf("%d jobs, want 2 (errors %v)", len(res.Jobs), res.Errors)
	}
	if j := res.Jobs[0]; j.Trainer == nil || j.Trainer.Format != OlmOCR || j.Plan.PEFT.R.V != 16 || j.Plan.Recipe.V != RecipeOlmOCR {
		t.Errorf("first launch: trainer %v, lora r %d, recipe %q; want the olmocr config, 16, olmocr", j.Trainer, j.Plan.PEFT.R.V, j.Plan.Recipe.V)
	}
	if j := res.Jobs[1]; j.Trainer != nil || len(j.Unresolved) != 1 || j.Unresolved[0].Key != "--config" {
		t.Errorf("second launch: trainer %v, unresolved %+v; want none, the missing --config", j.Trainer, j.Unresolved)
	}
}

// TestOlmOCRSpellings: a fix writes olmocr's nested keys, refuses keys its
// dataclasses lack, and refuses LoRA under the Muon optimizer.
func TestOlmOCRSpellings(t *testing.T) {
	for _, c := range []struct {
		name, optim string
		loraKey     string
		loraRefused bool
	}{
		{"adamw", "adamw_torch", "model.use_lora", false},
		{"muon", "muon", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.yaml")
			src := strings.Replace(olmOCRConfig, "optim: adamw_torch", "optim: "+c.optim, 1)
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{Overrides: Overrides{GPU: "h100-80gb"}})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			m := Spellings(res.Jobs[0])
			if k := m["gradient_checkpointing"]; k.Key != "training.gradient_checkpointing" || k.Refuse {
				t.Errorf("gradient_checkpointing spelled %+v, want training.gradient_checkpointing", k)
			}
			if k := m["max_seq_length"]; k.Key != "training.collator_max_token_len" {
				t.Errorf("max_seq_length spelled %+v, want training.collator_max_token_len", k)
			}
			if k := m[AnyKey]; !k.Refuse {
				t.Errorf("other keys spelled %+v, want refused", k)
			}
			if k := m["use_lora"]; k.Key != c.loraKey || k.Refuse != c.loraRefused {
				t.Errorf("use_lora spelled %+v, want key %q, refused %v", k, c.loraKey, c.loraRefused)
			}
		})
	}
}
