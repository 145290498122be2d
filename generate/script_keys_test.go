package generate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/read"
)

// TestScriptKeys: on the fine-tune scripts whose parsers reject unknown
// keys, every knob writes only the script's own keys, in its spelling, or
// nothing.
func TestScriptKeys(t *testing.T) {
	for _, c := range []struct {
		dir, model string
		forbid     []string // keys the script's parser rejects
		want       map[string]string
	}{
		{"../testdata/frontends/llava/plain", "llava-hf/llava-1.5-7b-hf",
			[]string{"attn_implementation", "use_peft", "use_lora", "load_in_4bit", "lora_target_modules", "max_seq_length", "grad_checkpoint"},
			map[string]string{"gradient-checkpointing": "--gradient_checkpointing", "lora": "--lora_enable", "qlora": "--bits", "freeze-llm": "--freeze_backbone"}},
		{"../testdata/frontends/internvl/internvl_chat", "OpenGVLab/InternVL2_5-8B",
			[]string{"attn_implementation", "use_peft", "use_lora", "load_in_4bit", "lora_target_modules", "gradient_checkpointing", "max_slice_nums"},
			map[string]string{"lora": "--use_llm_lora", "freeze-llm": "--freeze_llm", "gradient-checkpointing": "--grad_checkpoint"}},
		{"../testdata/frontends/qwen-vl", "Qwen/Qwen2.5-VL-3B-Instruct",
			[]string{"attn_implementation", "use_peft", "use_lora", "load_in_4bit", "lora_target_modules", "max_seq_length"},
			map[string]string{"lora": "--lora_enable", "freeze-llm": "--tune_mm_llm"}},
		{"../testdata/frontends/qwen/vl", "Qwen/Qwen-VL-Chat",
			[]string{"attn_implementation", "use_peft", "load_in_4bit", "max_seq_length"},
			map[string]string{"lora": "--use_lora", "gradient-checkpointing": "--gradient_checkpointing"}},
		{"../testdata/frontends/firefly", "Qwen/Qwen2.5-7B",
			[]string{"attn_implementation", "use_peft", "load_in_4bit", "lora_target_modules", "model_max_length"},
			map[string]string{"gradient-checkpointing": "gradient_checkpointing"}},
	} {
		res := read.Load([]string{c.dir}, read.Options{Overrides: read.Overrides{GPU: "a100-40gb", Model: c.model}})
		if len(res.Jobs) == 0 {
			t.Fatalf("%s: no jobs (%v)", c.dir, res.Errors)
		}
		for _, j := range res.Jobs {
			found := map[string]map[string]bool{}
			for _, k := range Knobs(j.Plan) {
				for _, ch := range k.Changes(j) {
					key := ch.Path[len(ch.Path)-1]
					for _, f := range c.forbid {
						if strings.TrimPrefix(key, "--") == f {
							t.Errorf("%s: knob %s writes %s, which the script rejects", j.Primary.Path, k.ID, key)
						}
					}
					if found[k.ID] == nil {
						found[k.ID] = map[string]bool{}
					}
					found[k.ID][key] = true
				}
			}
			if !strings.HasSuffix(j.Primary.Path, "full-no-checkpoint.sh") && strings.Contains(c.dir, "internvl") {
				continue
			}
			for id, key := range c.want {
				if !found[id][key] {
					t.Errorf("%s: knob %s writes %v, want %q among them", j.Primary.Path, id, found[id], key)
				}
			}
		}
	}
}

// TestScriptKeysRefuse: LLaVA's train.py takes no attention argument and
// InternVL loads nothing in 4 bits, so those knobs edit nothing.
func TestScriptKeysRefuse(t *testing.T) {
	for _, c := range []struct{ dir, model, knob string }{
		{"../testdata/frontends/llava/plain", "llava-hf/llava-1.5-7b-hf", "attention-flash"},
		{"../testdata/frontends/internvl/internvl_chat", "OpenGVLab/InternVL2_5-8B", "qlora"},
	} {
		res := read.Load([]string{c.dir}, read.Options{Overrides: read.Overrides{GPU: "a100-40gb", Model: c.model}})
		offered := false
		for _, j := range res.Jobs {
			if k := knobByID(Knobs(j.Plan), c.knob); k != nil {
				offered = true
				if chs := k.Changes(j); len(chs) > 0 {
					t.Errorf("%s: %s writes %v", j.Primary.Path, c.knob, chs)
				}
			}
		}
		if !offered {
			t.Errorf("%s: no %s knob to check", c.dir, c.knob)
		}
	}
}

// TestDisableCheckpointingKey: where LLaMA-Factory's
// disable_gradient_checkpointing turned checkpointing off, the fix writes
// it false (writing the knob's true there changed nothing), in its config
// and on its command line, and its title says so.
func TestDisableCheckpointingKey(t *testing.T) {
	for _, c := range []struct{ file, src, want string }{
		{"cfg.yaml", "stage: sft\nfinetuning_type: full\ntemplate: llama3\ncutoff_len: 4096\nmodel_name_or_path: meta-llama/Llama-3.2-1B\n" +
			"per_device_train_batch_size: 8\ndisable_gradient_checkpointing: true\nbf16: true\n", "disable_gradient_checkpointing=false"},
		{"run.sh", "llamafactory-cli train --stage sft --finetuning_type full --template llama3 --cutoff_len 4096 " +
			"--model_name_or_path meta-llama/Llama-3.2-1B --per_device_train_batch_size 8 --disable_gradient_checkpointing true --bf16 true\n",
			"--disable_gradient_checkpointing=false"},
	} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.file)
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			res := read.Load([]string{path}, read.Options{Overrides: read.Overrides{GPU: "a100-40gb", GPUsPerNode: 1}})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs (%v)", len(res.Jobs), res.Errors)
			}
			j := res.Jobs[0]
			k := knobByID(Knobs(j.Plan), "gradient-checkpointing")
			if k == nil {
				t.Fatal("no gradient-checkpointing knob")
			}
			fix := k.Fix(j, 0, false)
			var got []string
			for _, ch := range fix.Changes {
				got = append(got, fmt.Sprintf("%s=%v", ch.Path[len(ch.Path)-1], ch.Value))
			}
			if len(got) != 1 || got[0] != c.want || fix.Title != "Set `disable_gradient_checkpointing` to false" {
				t.Errorf("changes %q titled %q, want [%s] titled \"Set `disable_gradient_checkpointing` to false\"", got, fix.Title, c.want)
			}
		})
	}
}
