package generate

import (
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// scriptKey says how one key the knobs write is spelled by a fine-tune
// script whose argument parser rejects keys it does not define
// (HfArgumentParser raises on unknown flags, and parse_json_file on unknown
// JSON keys): renamed, with the value it takes, dropped where the script's
// own default already does it, or refused.
type scriptKey struct {
	name   string          // the script's own key; "" drops the change
	value  func(v any) any // converts the value; nil keeps it
	refuse bool            // the script has no such setting: the knob writes nothing
}

var (
	refuseKey  = scriptKey{refuse: true}
	dropKey    = scriptKey{}
	seqLenKeys = []string{"max_seq_length", "model_max_length", "max_seq_len", "max_length", "seq_length", "cutoff_len"}
)

func renamed(name string) scriptKey { return scriptKey{name: name} }

func constant(name string, v any) scriptKey {
	return scriptKey{name: name, value: func(any) any { return v }}
}

// scriptKeys maps, per recipe, the keys the knobs write onto the script's
// own arguments. Each script's dataclasses are cited in read/frontend_*.go.
var scriptKeys = map[string]map[string]scriptKey{
	// LLaVA's train.py: lora_enable and bits, LoRA over every linear layer
	// by itself (find_all_linear_names), model_max_length; the kernel is
	// fixed by the entry point (train_mem.py passes flash_attention_2).
	read.RecipeLLaVA: llavaKeys(refuseKey),
	// LLaVA-NeXT's TrainingArguments adds attn_implementation.
	read.RecipeLLaVANeXT: llavaKeys(scriptKey{name: "attn_implementation"}),
	// InternVL: grad_checkpoint, use_llm_lora N (rank; alpha 2N, every
	// linear layer), max_seq_length, max_dynamic_patch; flash_attention_2
	// and bf16 loading are hard-coded, and it loads nothing in 4 bits.
	read.RecipeInternVL: withSeqLen("max_seq_length", map[string]scriptKey{
		"gradient_checkpointing": renamed("grad_checkpoint"),
		"use_peft":               constant("use_llm_lora", 16),
		"use_lora":               constant("use_llm_lora", 16),
		"lora_target_modules":    dropKey,
		"load_in_4bit":           refuseKey,
		"q_lora":                 refuseKey,
		"attn_implementation":    refuseKey,
		"use_flash_attention_2":  refuseKey,
		"torch_dtype":            refuseKey,
		"fp16":                   refuseKey,
		"max_slice_nums":         renamed("max_dynamic_patch"),
	}),
	// qwen-vl-finetune: lora_enable (q/k/v/o_proj by itself),
	// model_max_length; flash_attention_2 is passed by train() and nothing
	// is loaded in 4 bits.
	read.RecipeQwenVL: withSeqLen("model_max_length", map[string]scriptKey{
		"use_peft":              constant("lora_enable", true),
		"use_lora":              constant("lora_enable", true),
		"lora_target_modules":   dropKey,
		"load_in_4bit":          refuseKey,
		"q_lora":                refuseKey,
		"attn_implementation":   refuseKey,
		"use_flash_attention_2": refuseKey,
		"torch_dtype":           refuseKey,
	}),
	// Qwen's and Qwen-VL's finetune.py: use_lora and q_lora (a GPTQ int4
	// checkpoint, which the knob cannot name), model_max_length; no
	// attention argument.
	// Its lora_target_modules is a List[str], which would pass
	// ["all-linear"] to PEFT as a module name; its default (c_attn, c_proj,
	// w1, w2) is every linear layer of Qwen's blocks anyway.
	read.RecipeQwen: withSeqLen("model_max_length", map[string]scriptKey{
		"use_peft":              renamed("use_lora"),
		"lora_target_modules":   dropKey,
		"load_in_4bit":          refuseKey,
		"q_lora":                refuseKey,
		"attn_implementation":   refuseKey,
		"use_flash_attention_2": refuseKey,
		"torch_dtype":           refuseKey,
	}),
	// Firefly: train_mode full|lora|qlora, max_seq_length; no attention
	// argument (train.py leaves attn_implementation commented out).
	read.RecipeFirefly: withSeqLen("max_seq_length", map[string]scriptKey{
		"use_peft":              constant("train_mode", "lora"),
		"use_lora":              constant("train_mode", "lora"),
		"load_in_4bit":          constant("train_mode", "qlora"),
		"q_lora":                constant("train_mode", "qlora"),
		"lora_target_modules":   dropKey,
		"attn_implementation":   refuseKey,
		"use_flash_attention_2": refuseKey,
		"torch_dtype":           refuseKey,
	}),
}

func llavaKeys(attention scriptKey) map[string]scriptKey {
	return withSeqLen("model_max_length", map[string]scriptKey{
		"use_peft":              constant("lora_enable", true),
		"use_lora":              constant("lora_enable", true),
		"load_in_4bit":          constant("bits", 4),
		"q_lora":                constant("bits", 4),
		"lora_target_modules":   dropKey,
		"attn_implementation":   attention,
		"use_flash_attention_2": refuseKey,
		"torch_dtype":           refuseKey,
	})
}

// withSeqLen spells every sequence-length key as the script's own.
func withSeqLen(name string, m map[string]scriptKey) map[string]scriptKey {
	for _, k := range seqLenKeys {
		m[k] = renamed(name)
	}
	return m
}

// inScriptKeys rewrites a knob's changes of the script's arguments (its
// Trainer-side file or launch command) into the keys the job's recipe
// defines, and returns nil when one of them is a setting the script cannot
// take. Changes of DeepSpeed, Accelerate and project files pass unchanged.
func inScriptKeys(t *target, changes []lint.Change) []lint.Change {
	j := t.job
	if j == nil || j.Plan == nil {
		return changes
	}
	keys := scriptKeys[j.Plan.Recipe.V]
	if keys == nil {
		return changes
	}
	var out []lint.Change
	at := map[string]int{}
	for _, c := range changes {
		if !t.scriptArgs(c) || len(c.Path) == 0 {
			out = append(out, c)
			continue
		}
		last := len(c.Path) - 1
		dash := strings.HasPrefix(c.Path[last], "--")
		k, ok := keys[strings.TrimPrefix(c.Path[last], "--")]
		if !ok {
			out = append(out, c)
			continue
		}
		switch {
		case k.refuse:
			return nil
		case k.name == "":
			continue
		}
		c.Path = append([]string(nil), c.Path...)
		c.Path[last] = k.name
		if dash {
			c.Path[last] = "--" + k.name
		}
		if k.value != nil {
			c.Value = k.value(c.Value)
		}
		// Two knob keys may meet in one script key (use_peft and
		// load_in_4bit in Firefly's train_mode): the later one wins.
		id := c.File + "\x00" + strings.Join(c.Path, "\x00")
		if i, seen := at[id]; seen {
			out[i] = c
			continue
		}
		at[id] = len(out)
		out = append(out, c)
	}
	return out
}

// scriptArgs reports whether c edits the script's arguments: the job's
// Trainer-side file or its launch command.
func (t *target) scriptArgs(c lint.Change) bool {
	j := t.job
	switch {
	case j.Script != nil && c.File == j.Script.Path:
		return true
	case j.Trainer != nil && c.File == j.Trainer.Path:
		return c.Path[0] != "deepspeed"
	}
	return false
}

// recipeFreeze freezes a part ("vision" or "llm") in the keys of the job's
// recipe: InternVL's freeze_backbone/freeze_llm, qwen-vl-finetune's
// tune_mm_vision/tune_mm_llm false, LLaVA's freeze_backbone
// (the LLM; its tower is frozen already), or LLaVA-NeXT's mm_tunable_parts
// without the part when the job lists them. It returns nil for other jobs.
func (t *target) recipeFreeze(part string) []lint.Change {
	r, ok := t.trainerRoot()
	if !ok || t.job.Plan == nil {
		return nil
	}
	switch recipe := t.job.Plan.Recipe.V; {
	case recipe == read.RecipeInternVL:
		return []lint.Change{t.change(r, map[string]string{"vision": "freeze_backbone", "llm": "freeze_llm"}[part], true)}
	case recipe == read.RecipeQwen && part == "vision":
		return []lint.Change{t.change(r, "fix_vit", true)}
	case recipe == read.RecipeQwenVL:
		return []lint.Change{t.change(r, map[string]string{"vision": "tune_mm_vision", "llm": "tune_mm_llm"}[part], false)}
	case recipe == read.RecipeLLaVANeXT:
		if _, v := has(r, []string{"mm_tunable_parts"}); v != nil {
			drop := map[string]string{"vision": "mm_vision_tower", "llm": "mm_language_model"}[part]
			var keep []string
			for _, p := range strings.Split(v.Value, ",") {
				if p = strings.TrimSpace(p); p != "" && p != drop {
					keep = append(keep, p)
				}
			}
			if len(keep) == 0 {
				return nil
			}
			return []lint.Change{t.change(r, "mm_tunable_parts", strings.Join(keep, ","))}
		}
		fallthrough
	case recipe == read.RecipeLLaVA:
		if part == "llm" {
			return []lint.Change{t.change(r, "freeze_backbone", true)}
		}
	}
	return nil
}

// scriptTitle words a knob's title with the keys of the job's recipe
// (`gradient_checkpointing` is `grad_checkpoint` for InternVL).
func scriptTitle(job *read.Job, title string) string {
	if job == nil || job.Plan == nil {
		return title
	}
	for from, k := range scriptKeys[job.Plan.Recipe.V] {
		if k.name != "" && k.value == nil {
			title = strings.ReplaceAll(title, "`"+from+"`", "`"+k.name+"`")
		}
	}
	return title
}
