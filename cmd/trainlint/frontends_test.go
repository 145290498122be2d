package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFrontendsGolden runs `estimate --plan` and `fix` on fine-tune scripts
// of LLaVA, InternVL, Qwen, qwen-vl-finetune and Firefly (testdata/frontends/*/PROVENANCE) and
// compares the output with the golden files beside them (-update rewrites
// them): each script's own arguments and defaults must reach the plan, and
// the fixes must write only keys the script's parser takes.
func TestFrontendsGolden(t *testing.T) {
	cases := []struct {
		name, file string
		args       []string
	}{
		{"llava-lora", "testdata/frontends/llava/scripts/v1_5/finetune_lora.sh", []string{"--gpu", "a100-40gb", "--gpus", "8", "--model", "llava-hf/llava-1.5-13b-hf"}},
		{"llava-train-py", "testdata/frontends/llava/plain/train.sh", []string{"--gpu", "a100-40gb", "--gpus", "8", "--model", "llava-hf/llava-1.5-7b-hf", "--unsafe"}},
		{"llava-onevision", "testdata/frontends/llava-next/scripts/train/finetune_ov.sh", []string{"--gpu", "h100-80gb", "--gpus", "8", "--model", "llava-hf/llava-onevision-qwen2-7b-ov-hf"}},
		{"internvl-lora", "testdata/frontends/internvl/internvl_chat/shell/internvl2_1b_qwen2_0_5b_dynamic_res_2nd_finetune_lora.sh", []string{"--gpu", "a100-40gb"}},
		{"internvl-full", "testdata/frontends/internvl/internvl_chat/shell/full-no-checkpoint.sh", []string{"--gpu", "h100-80gb", "--model", "OpenGVLab/InternVL2_5-8B"}},
		{"qwen-vl-sft", "testdata/frontends/qwen-vl/qwen-vl-finetune/scripts/sft.sh", []string{"--gpu", "a100-40gb", "--gpus", "8", "--unsafe"}},
		{"qwen-lora", "testdata/frontends/qwen/finetune/finetune_lora_single_gpu.sh", []string{"--gpu", "a10g-24gb", "--model", "Qwen/Qwen-VL-Chat"}},
		{"qwen-vl-full", "testdata/frontends/qwen/vl/finetune_full.sh", []string{"--gpu", "a100-40gb", "--unsafe"}},
		{"firefly-qlora", "testdata/frontends/firefly/train_args/sft/qlora/qwen2.5-7b-sft-qlora.json", []string{"--gpu", "a10g-24gb"}},
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
