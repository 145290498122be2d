package read

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestMantis: each Mantis entry point is read with its own ModelArguments
// defaults, and a script of the same name without Mantis's arguments is not
// Mantis's.
func TestMantis(t *testing.T) {
	for _, c := range []struct {
		name, cmd string
		recipe    string
		method    string
		r         int
		regex     bool
		frozen    []string
		seq       int
		width     int
	}{
		{name: "mllava full", cmd: "accelerate launch train_mllava.py --model_name_or_path m --lora_enabled false --qlora_enabled false --bf16 True",
			recipe: RecipeMantis, frozen: []string{"vision"}, seq: 1024},
		{name: "mllava qlora needs lora_enabled", cmd: "accelerate launch train_mllava.py --model_name_or_path m --lora_enabled true --qlora_enabled true --max_seq_len 8192",
			recipe: RecipeMantis, method: "qlora", r: 128, frozen: []string{"vision"}, seq: 8192},
		{name: "idefics2 qlora alone", cmd: "accelerate launch train_idefics2.py --model_name_or_path m --lora_enabled false --qlora_enabled true",
			recipe: RecipeMantis, method: "qlora", r: 8, regex: true, seq: 1024},
		{name: "idefics2 full trains the tower", cmd: "accelerate launch train_idefics2.py --model_name_or_path m --lora_enabled false --qlora_enabled false",
			recipe: RecipeMantis, seq: 1024},
		{name: "qwen2_vl max_pixels", cmd: "accelerate launch train_qwen2_vl.py --model_name_or_path m --lora_enabled true --lora_r 16 --max_pixels 640",
			recipe: RecipeMantis, method: "lora", r: 16, regex: true, frozen: []string{"vision"}, seq: 1024, width: 708},
		{name: "not mantis", cmd: "torchrun train_qwen2_vl.py --model_name_or_path m --use_lora true"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "train.sh")
			if err := os.WriteFile(path, []byte(c.cmd+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, errors %v", len(res.Jobs), res.Errors)
			}
			p := res.Jobs[0].Plan
			if p.Recipe.V != c.recipe {
				t.Fatalf("recipe %q, want %q", p.Recipe.V, c.recipe)
			}
			if c.recipe == "" {
				return
			}
			if got := p.PEFT.Method.V; got != c.method && !(c.method == "" && got == "none") {
				t.Errorf("PEFT method %q, want %q", got, c.method)
			}
			if c.method != "" {
				if p.PEFT.R.V != c.r {
					t.Errorf("lora r %d, want %d", p.PEFT.R.V, c.r)
				}
				if (p.PEFT.TargetRegex.V != "") != c.regex || (len(p.PEFT.TargetModules.V) > 0) == c.regex {
					t.Errorf("targets %v / %q, want regex %v", p.PEFT.TargetModules.V, p.PEFT.TargetRegex.V, c.regex)
				}
			}
			if !slices.Equal(p.Freeze.V, c.frozen) {
				t.Errorf("frozen %v, want %v", p.Freeze.V, c.frozen)
			}
			if p.SeqLen.V != c.seq {
				t.Errorf("seq %d, want %d", p.SeqLen.V, c.seq)
			}
			if p.Images.Width.V != c.width {
				t.Errorf("image width %d, want %d", p.Images.Width.V, c.width)
			}
			if p.Attention.V != "flash_attention_2" {
				t.Errorf("attention %q, want flash_attention_2", p.Attention.V)
			}
		})
	}
}
