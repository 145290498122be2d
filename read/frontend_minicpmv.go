package read

import (
	"slices"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// The MiniCPM-V script version whose behaviour the reader assumes: finetune.py
// at OpenBMB/MiniCPM-V@0dbb566 (its LoRA setup unchanged since cb8d4fc,
// 2024-07-17).
const miniCPMVScript = "finetune.py at OpenBMB/MiniCPM-V@0dbb566 (since cb8d4fc, 2024-07-17)"

// loraAssumption starts the assumption MiniCPMVLoRA records.
const loraAssumption = "MiniCPM-V LoRA also trains"

// miniCPMVKeys are arguments only MiniCPM-V's finetune.py defines; a Trainer
// file or command that holds one is that script's.
var miniCPMVKeys = []string{"tune_vision", "tune_llm", "llm_type", "max_slice_nums"}

// miniCPMVDefaultTargets is finetune.py's LoraArguments.lora_target_modules.
const miniCPMVDefaultTargets = `llm\..*layers\.\d+\.self_attn\.(q_proj|k_proj|v_proj)`

// miniCPMV is MiniCPM-V's finetune.py (ModelArguments, DataArguments,
// TrainingArguments and LoraArguments there), whose HfArgumentParser
// rejects keys it does not define.
var miniCPMV = frontend{
	name:  "MiniCPM-V",
	reads: "finetune.py arguments with tune_vision, tune_llm, llm_type or max_slice_nums (files and launches)",
	owns:  ownsMiniCPMV,
	apply: applyMiniCPMV,
	spells: sync.OnceValue(func() map[string]map[string]Spelling {
		return map[string]map[string]Spelling{plan.RecipeMiniCPMV: {
			// The script hard-codes the attention kernel.
			"attn_implementation":   refuseKey,
			"use_flash_attention_2": refuseKey,
			"use_peft":              renamed("use_lora"),
			"load_in_4bit":          renamed("q_lora"),
		}}
	}),
}

// ownsMiniCPMV: settings holding an argument only MiniCPM-V's finetune.py
// defines.
func ownsMiniCPMV(_ *Job, s settings) bool {
	for _, k := range miniCPMVKeys {
		if n, _ := s.node(k); n != nil {
			return true
		}
	}
	return false
}

// applyMiniCPMV reads the arguments of MiniCPM-V's finetune.py with the
// script's own defaults: tune_vision true, tune_llm false, LoRA rank and
// alpha 64 over q/k/v. q_lora quantizes nothing by itself: the 4-bit weights
// come from an int4 checkpoint named in model_name_or_path (see
// finishMiniCPMV), so here it only marks LoRA as QLoRA.
func applyMiniCPMV(p *plan.Plan, s settings) {
	from := plan.Derived("MiniCPM-V finetune.py arguments (" + strings.Join(miniCPMVKeys, ", ") + ")")
	if p.Recipe.V != plan.RecipeMiniCPMV {
		p.Recipe = plan.Of(plan.RecipeMiniCPMV, from)
		p.Freeze = plan.Of([]string{"llm"}, plan.Default("MiniCPM-V finetune.py: tune_vision true, tune_llm false"))
	}
	freeze := func(part string, tune plan.Value[bool]) {
		if !tune.Set {
			return
		}
		var rest []string
		for _, f := range p.Freeze.V {
			if !strings.EqualFold(f, part) {
				rest = append(rest, f)
			}
		}
		if !tune.V {
			rest = append(rest, part)
		}
		p.Freeze = plan.Of(rest, tune.From)
	}
	tv, _ := s.boolean("tune_vision")
	freeze("vision", tv)
	tl, _ := s.boolean("tune_llm")
	freeze("llm", tl)
	ms, _ := s.integer("max_slice_nums")
	set(&p.Images.MaxSlices, ms)

	lora, _ := s.boolean("use_lora")
	if q, _ := s.boolean("q_lora"); q.Set {
		// applyTrainerPEFT read q_lora as a 4-bit load; this script leaves the
		// loading to the checkpoint.
		if p.Quant.From == q.From {
			p.Quant = plan.Value[plan.Quant]{}
		}
		if p.PEFT.Method.From == q.From {
			p.PEFT.Method = plan.Of("none", plan.Default("full fine-tune"))
			if lora.Set && lora.V {
				p.PEFT.Method = plan.Of("lora", lora.From)
			}
		}
		if q.V && lora.Set && lora.V {
			p.PEFT.Method = plan.Of("qlora", q.From)
			p.PEFT.KbitPrep = plan.Of(true, plan.Derived(miniCPMVScript+" train(): use_lora with q_lora calls prepare_model_for_kbit_training"))
		}
	}
	if p.Launcher.V == "hf-trainer" && p.LoadDtype.From.Kind == plan.FromDefault {
		// finetune.py loads with torch_dtype = fp16 if --fp16 else bf16 if --bf16 else fp32.
		p.LoadDtype = plan.Of(p.Precision.V, plan.Derived("MiniCPM-V finetune.py loads the model in its --fp16/--bf16 dtype"))
	}
}

// finishMiniCPMV settles what only the resolved model tells: whether
// model_name_or_path is an int4 checkpoint, which q_lora needs, and what
// LoRA trains beside the adapters.
func finishMiniCPMV(p *plan.Plan) {
	if p.Recipe.V != plan.RecipeMiniCPMV {
		return
	}
	if p.PEFT.Method.V == "qlora" && p.Quant.Or(plan.NoQuant) == plan.NoQuant {
		id := "the model"
		if p.Model.Set {
			id = p.Model.V.ID
		}
		p.PEFT.Method = plan.Of("lora", p.PEFT.Method.From)
		p.Assume("q_lora is set but %s is a 16-bit checkpoint: finetune.py quantizes nothing itself, and the "+
			"prepare_model_for_kbit_training it calls on what it loaded casts every 16-bit weight to fp32 (DeepSpeed "+
			"casts them back to its dtype); name the int4 checkpoint in model_name_or_path for 4-bit weights", id)
	}
	MiniCPMVLoRA(p)
}

// MiniCPMVLoRA sets what MiniCPM-V's finetune.py trains in full beside the
// LoRA adapters: PEFT modules_to_save copies of embed_tokens and the
// resampler, and of the vision tower (vpm) when tune_vision is true, with
// the script's LoRA defaults (r 64, alpha 64, q/k/v of the LLM). It does
// nothing for other plans. The fix search calls it after turning LoRA on or
// freezing a part, so its estimate is what the rewritten files read as.
func MiniCPMVLoRA(p *plan.Plan) {
	if p.Recipe.V != plan.RecipeMiniCPMV || !p.UsesPEFT() {
		return
	}
	lora := plan.Default("MiniCPM-V finetune.py LoraArguments")
	if !p.PEFT.R.Set {
		p.PEFT.R = plan.Of(64, lora)
	}
	if !p.PEFT.Alpha.Set {
		p.PEFT.Alpha = plan.Of(64, lora)
	}
	orDefault(&p.PEFT.Dropout, 0.05, lora)
	if !p.PEFT.TargetRegex.Set && len(p.PEFT.TargetModules.V) == 0 {
		p.PEFT.TargetRegex = plan.Of(miniCPMVDefaultTargets, lora)
	}
	save := []string{"embed_tokens", "resampler"}
	if !p.Frozen("vision") {
		save = append(save, "vpm")
	}
	p.PEFT.ModulesToSave = plan.Of(save, plan.Derived("MiniCPM-V finetune.py: modules_to_save ['embed_tokens', 'resampler'], + 'vpm' with tune_vision"))
	// A fix that freezes vpm re-runs this: its earlier wording goes.
	p.Assumptions = slices.DeleteFunc(p.Assumptions, func(a string) bool { return strings.HasPrefix(a, loraAssumption) })
	p.Assume(loraAssumption+" full copies of %s (PEFT modules_to_save), as %s does; "+
		"the 2024-06 script (74278de) trained the resampler in place instead, and vpm and embed_tokens only with tune_vision",
		strings.Join(save, ", "), miniCPMVScript)
}
