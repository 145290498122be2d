package generate

import (
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
