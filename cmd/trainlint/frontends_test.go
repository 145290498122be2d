package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFrontendsGolden runs `estimate --plan` on the real configs of
// testdata/frontends/<framework>/ (torchtune, LitGPT, NeMo-RL; see each
// PROVENANCE) and compares it with FILE.golden, or rewrites it with -update.
// The other folders are TestFrontendRecipesGolden's (one launch recipe each)
// and TestScriptFrontendsGolden's (fine-tune scripts).
// It runs inside each framework's folder so the goldens hold short paths.
func TestFrontendsGolden(t *testing.T) {
	configFrameworks := map[string]bool{"torchtune": true, "litgpt": true, "nemorl": true}
	root, err := filepath.Abs("../../testdata/frontends")
	if err != nil {
		t.Fatal(err)
	}
	frameworks, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, fw := range frameworks {
		dir := filepath.Join(root, fw.Name())
		if !fw.IsDir() || !configFrameworks[fw.Name()] {
			continue
		}
		var configs []string
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
				rel, _ := filepath.Rel(dir, path)
				configs = append(configs, filepath.ToSlash(rel))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fw.Name(), func(t *testing.T) {
			t.Chdir(dir)
			for _, c := range configs {
				_, out, errs := runCLI("estimate", "--plan", "--gpu", "a100-80gb", "--gpus", "8", c)
				got := out + errs
				golden := c + ".golden"
				if *update {
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./cmd/trainlint -run TestFrontendsGolden -update)", err)
				}
				if got != string(want) {
					t.Errorf("%s/%s: output differs from %s (run with -update and review the diff):\n%s", fw.Name(), c, golden, got)
				}
			}
		})
	}
}

// TestFrontendRecipesGolden runs `estimate --plan` and `lint` on the real recipes
// of testdata/frontends (each folder's PROVENANCE names its source) and
// compares their output with the folder's .golden files; -update rewrites
// them.
func TestFrontendRecipesGolden(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/frontends/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no frontend recipes: %v", err)
	}
	for _, dir := range dirs {
		if !isRecipeFolder(dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			for _, c := range []struct {
				golden string
				args   []string
			}{
				{"estimate.golden", []string{"estimate", "--plan", "--gpu", "h100-80gb", "--gpus", "8", dir}},
				{"lint.golden", []string{"lint", "--gpu", "h100-80gb", "--gpus", "8", dir}},
			} {
				_, out, errOut := runCLI(c.args...)
				got := out + errOut
				path := filepath.Join(dir, c.golden)
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to write it)", err)
				}
				if got != string(want) {
					t.Errorf("%s: output differs from %s:\n%s", c.args[0], path, got)
				}
			}
		})
	}
}

// isRecipeFolder reports whether a testdata/frontends folder holds one launch
// recipe with its whole-folder estimate.golden and lint.golden.
func isRecipeFolder(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "estimate.golden"))
	return err == nil
}

// TestScriptFrontendsGolden runs `estimate --plan` and `fix` on fine-tune scripts
// of LLaVA, InternVL, Mini-Monkey, ORPO, Qwen, qwen-vl-finetune and Firefly, and on AutoTrain
// and olmocr configs (testdata/frontends/*/PROVENANCE), and
// compares the output with the golden files beside them (-update rewrites
// them): each script's own arguments and defaults must reach the plan, and
// the fixes must write only keys the script's parser takes.
func TestScriptFrontendsGolden(t *testing.T) {
	cases := []struct {
		name, file string
		args       []string
	}{
		{"llava-lora", "testdata/frontends/llava/scripts/v1_5/finetune_lora.sh", []string{"--gpu", "a100-40gb", "--gpus", "8", "--model", "llava-hf/llava-1.5-13b-hf"}},
		{"llava-train-py", "testdata/frontends/llava/plain/train.sh", []string{"--gpu", "a100-40gb", "--gpus", "8", "--model", "llava-hf/llava-1.5-7b-hf", "--unsafe"}},
		{"llava-pretrain", "testdata/frontends/llava/scripts/v1_5/pretrain.sh", []string{"--gpu", "a100-80gb", "--gpus", "8", "--model", "llava-hf/llava-1.5-13b-hf"}},
		{"llava-qlora", "testdata/frontends/llava/scripts/finetune_qlora.sh", []string{"--gpu", "a100-40gb", "--gpus", "8", "--model", "llava-hf/llava-1.5-7b-hf"}},
		{"llava-onevision", "testdata/frontends/llava-next/scripts/train/finetune_ov.sh", []string{"--gpu", "h100-80gb", "--gpus", "8", "--model", "llava-hf/llava-onevision-qwen2-7b-ov-hf"}},
		{"internvl-lora", "testdata/frontends/internvl/internvl_chat/shell/internvl2_1b_qwen2_0_5b_dynamic_res_2nd_finetune_lora.sh", []string{"--gpu", "a100-40gb"}},
		{"internvl-full", "testdata/frontends/internvl/internvl_chat/shell/full-no-checkpoint.sh", []string{"--gpu", "h100-80gb", "--model", "OpenGVLab/InternVL2_5-8B"}},
		{"minimonkey-full", "testdata/frontends/minimonkey/shell/minimonkey/minimonkey_finetune_full.sh", []string{"--gpu", "h100-80gb"}},
		{"orpo-mistral", "testdata/frontends/orpo/scripts/run_mistral_orpo_beta.sh", []string{"--gpu", "a100-40gb", "--unsafe"}},
		{"qwen-vl-sft", "testdata/frontends/qwen-vl/qwen-vl-finetune/scripts/sft.sh", []string{"--gpu", "a100-40gb", "--gpus", "8", "--unsafe"}},
		{"qwen-lora", "testdata/frontends/qwen/finetune/finetune_lora_single_gpu.sh", []string{"--gpu", "a10g-24gb", "--model", "Qwen/Qwen-VL-Chat"}},
		{"qwen-qlora", "testdata/frontends/qwen/finetune/finetune_qlora_single_gpu.sh", []string{"--gpu", "a10g-24gb", "--model", "Qwen/Qwen-7B"}},
		{"qwen-vl-full", "testdata/frontends/qwen/vl/finetune_full.sh", []string{"--gpu", "a100-40gb", "--unsafe"}},
		{"firefly-qlora", "testdata/frontends/firefly/train_args/sft/qlora/qwen2.5-7b-sft-qlora.json", []string{"--gpu", "a10g-24gb"}},
		{"autotrain-colab-gpt2", "testdata/frontends/autotrain/colab-config.yml", []string{"--gpu", "t4-16gb", "--gpus", "1"}},
		{"autotrain-70b-orpo", "testdata/frontends/autotrain/llama3-70b-orpo-v1.yml", []string{"--gpu", "h100-80gb", "--gpus", "8", "--unsafe"}},
		{"autotrain-dpo-qlora", "testdata/frontends/autotrain/llama3-8b-dpo-qlora.yml", []string{"--gpu", "t4-16gb", "--gpus", "1", "--unsafe"}},
		{"autotrain-sft-liger", "testdata/frontends/autotrain/llama3.2-3b-sft-liger-kernel.yml", []string{"--gpu", "t4-16gb", "--gpus", "1"}},
		{"olmocr-full-7b", "testdata/frontends/olmocr/full-7b/qwen25_vl_olmocrv4_rotation_1epoch_mix_1025_filtered.yaml", []string{"--gpu", "h100-80gb", "--gpus", "1", "--unsafe"}},
	}
	cli := inRoot(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got strings.Builder
			for _, cmd := range [][]string{{"estimate", "--plan"}, {"fix"}} {
				args := append(append([]string(nil), cmd...), c.args...)
				if cmd[0] != "fix" {
					args = slices.DeleteFunc(args, func(a string) bool { return a == "--unsafe" })
				}
				r := cli(append(args, c.file)...)
				got.WriteString("$ " + r.String() + "\n" + r.stdout + r.stderr + "\n")
			}
			golden := filepath.Join("testdata/frontends", strings.Split(c.file, "/")[2], c.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got.String() != string(want) {
				t.Errorf("%s differs from the run:\n%s", golden, got.String())
			}
		})
	}
}
