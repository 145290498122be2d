package read

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// The LLaVA script versions whose arguments the reader assumes: train.py's
// ModelArguments, DataArguments and TrainingArguments dataclasses and its
// train() at each commit.
const (
	llavaScript     = "LLaVA llava/train/train.py at haotian-liu/LLaVA@c121f04 (2024-05-12)"
	llavaNeXTScript = "LLaVA-NeXT llava/train/train.py at LLaVA-VL/LLaVA-NeXT@df17966 (2026-04-15)"
	// llavaDPOScript is LLaVA-NeXT's DPO entry point: train.py's
	// arguments and defaults (model_max_length 4096, gradient_checkpointing
	// True, attn_implementation flash_attention_2) plus DPO's, and
	// LLaVADPOTrainer, a subclass of TRL's DPOTrainer.
	llavaDPOScript = "LLaVA-NeXT llava/train/train_dpo.py at LLaVA-VL/LLaVA-NeXT@df17966 (2026-04-15)"
	moeLLaVAScript = "MoE-LLaVA moellava/train/train.py at PKU-YuanGroup/MoE-LLaVA@6cb5f66"
)

// Recipes of the VLM and LLM fine-tune repositories read here; the fix
// search writes each one's own keys (generate/script_keys.go).
const (
	RecipeLLaVA     = "llava"
	RecipeLLaVANeXT = "llava-next"
	RecipeInternVL  = "internvl"
	RecipeFirefly   = "firefly"
)

// llavaProgram matches the entry points of LLaVA and LLaVA-NeXT: train.py,
// train_mem.py (flash attention), train_xformers.py and LLaVA-NeXT's
// train_dpo.py under llava/train, and those of MoE-LLaVA's fork of LLaVA's
// script under moellava/train.
var llavaProgram = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|/)(moe)?llava/train/train(_mem|_xformers|_dpo)?\.py$`)
})

// moeLLaVAProgram matches MoE-LLaVA's entry points.
var moeLLaVAProgram = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|/)moellava/train/`) })

// llavaNeXTKeys are arguments only LLaVA-NeXT's train.py defines; a LLaVA
// command that holds one runs the NeXT/OneVision script.
var llavaNeXTKeys = []string{"mm_tunable_parts", "image_grid_pinpoints", "mm_vision_tower_lr",
	"mm_spatial_pool_stride", "mm_newline_position", "vision_tower_pretrained", "unfreeze_mm_vision_tower",
	"attn_implementation", "image_crop_resolution", "frames_upbound"}

// vilaKeys are NVlabs/VILA's own arguments: VILA keeps LLaVA's
// llava/train/ paths but decides what trains with these, so its launches
// are not LLaVA's.
var vilaKeys = []string{"tune_vision_tower", "tune_mm_projector", "tune_language_model", "tune_vision_tower_from_layer"}

// ownsLLaVA: the launch command runs llava/train/train*.py, and not VILA's.
func ownsLLaVA(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || !llavaProgram().MatchString(j.Command.Program.Text) {
		return false
	}
	for _, k := range vilaKeys {
		if n, _ := s.node(k); n != nil {
			return false
		}
	}
	return true
}

// applyLLaVA reads LLaVA's and LLaVA-NeXT's train.py arguments with each
// script's defaults. Both freeze the vision tower unless told (CLIPVisionTower
// and SigLipVisionTower call requires_grad_(False) and run it under
// no_grad), train the projector beside LoRA (initialize_vision_modules sets
// its requires_grad again after get_peft_model), load in bf16 with --bf16
// and fp32 otherwise, and pad each batch to its longest sample cut at
// model_max_length (DataCollatorForSupervisedDataset). MoE-LLaVA's fork
// keeps all of that (its image_tower is frozen the same way) but defaults
// lora_r to 128 and lora_alpha to 256, and its train_mem.py patches only
// LLaMA's attention with flash attention (replace_llama_attn_with_flash_attn);
// its MoE stage (moe_enable) is declined.
func applyLLaVA(p *plan.Plan, s settings) {
	next, moe := false, moeLLaVAProgram().MatchString(llavaEntry(s))
	for _, k := range llavaNeXTKeys {
		if n, _ := s.node(k); n != nil {
			next = true
		}
	}
	dpo := strings.HasSuffix(llavaEntry(s), "train_dpo.py")
	script, recipe := llavaScript, RecipeLLaVA
	switch {
	case dpo:
		next, script, recipe = true, llavaDPOScript, RecipeLLaVANeXT
	case moe:
		script, next = moeLLaVAScript, false
	case next:
		script, recipe = llavaNeXTScript, RecipeLLaVANeXT
	}
	def := func(what string) plan.Origin { return plan.Default(script + " " + what) }
	p.Recipe = plan.Of(recipe, plan.Derived("the launch runs "+script))

	if !p.SeqLen.Set {
		n := 512
		if next {
			n = 4096
		}
		p.SeqLen = plan.Of(n, def("model_max_length"))
	}
	p.Assume("model_max_length caps the batch: the script's collator pads each batch to its longest sample and " +
		"cuts text and image tokens together at the cap; estimated at the cap, image tokens on top")
	if dpo {
		p.PadToLongest = plan.Of(true, plan.Derived(script+": DPODataCollator pads the chosen and the rejected sequences of a batch to their longest"))
		llavaDPO(p, s)
	} else {
		p.PadToLongest = plan.Of(true, plan.Derived(script+": DataCollatorForSupervisedDataset pads each batch to its longest sample"))
	}
	// anyres_max_N (LLaVA-OneVision) scales a grid of more than N crops back
	// to about N crops' tokens (unpad_image and the max_num_patches check in
	// LlavaMetaForCausalLM.prepare_inputs_labels_for_multimodal).
	if v, _ := s.str("image_aspect_ratio"); v.Set {
		if n, ok := strings.CutPrefix(v.V, "anyres_max_"); ok {
			if k, err := strconv.Atoi(n); err == nil && k > 0 {
				p.Images.MaxSlices = plan.Of(k, v.From)
			}
		}
	}
	if p.GradientCheckpointing.From.Kind == plan.FromDefault && next {
		p.GradientCheckpointing = plan.Of(true, def("gradient_checkpointing"))
	}
	if p.Attention.From.Kind == plan.FromDefault && !moe {
		switch prog := llavaEntry(s); {
		case next:
			p.Attention = plan.Of("flash_attention_2", def("attn_implementation"))
		case strings.HasSuffix(prog, "train_mem.py"):
			p.Attention = plan.Of("flash_attention_2", plan.Derived("train_mem.py calls train(attn_implementation=\"flash_attention_2\") in "+script))
		case strings.HasSuffix(prog, "train_xformers.py"):
			p.Attention = plan.Of("sdpa", plan.Derived("train_xformers.py patches LLaMA attention with xformers' memory-efficient kernel, costed as sdpa"))
		}
	}
	if v, _ := s.boolean("bf16"); v.Set && v.V && p.LoadDtype.From.Kind == plan.FromDefault {
		p.LoadDtype = plan.Of(plan.BF16, plan.Derived(script+": torch_dtype bfloat16 with --bf16"))
	}

	// bits 4/8 loads the LLM through bitsandbytes (quant_type nf4 by default).
	if b, _ := s.integer("bits"); b.Set {
		switch b.V {
		case 4:
			q := plan.NF4
			if t, _ := s.str("quant_type"); t.Set && strings.EqualFold(t.V, "fp4") {
				q = plan.FP4
			}
			p.Quant = plan.Of(q, b.From)
		case 8:
			p.Quant = plan.Of(plan.Int8, b.From)
		}
		if b.V == 4 || b.V == 8 {
			p.PEFT.KbitPrep = plan.Of(true, plan.Derived(script+" train(): bits 4 or 8 calls prepare_model_for_kbit_training"))
		}
	}
	if p.UsesPEFT() {
		if b, _ := s.integer("bits"); b.Set && b.V == 4 {
			p.PEFT.Method = plan.Of("qlora", b.From)
		}
		r, alpha := 64, 16
		if moe {
			r, alpha = 128, 256
		}
		if !p.PEFT.R.Set {
			p.PEFT.R = plan.Of(r, def("lora_r"))
		}
		if !p.PEFT.Alpha.Set {
			p.PEFT.Alpha = plan.Of(alpha, def("lora_alpha"))
		}
		orDefault(&p.PEFT.Dropout, 0.05, def("lora_dropout"))
		if len(p.PEFT.TargetModules.V) == 0 && moe {
			p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, plan.Derived(script+": find_all_linear_names adapts every linear layer of the LLM"))
		} else if len(p.PEFT.TargetModules.V) == 0 {
			p.PEFT.TargetModules = plan.Of(llavaLoRANames, plan.Derived(script+": find_all_linear_names, the decoder's linear names"))
			p.Assume("%s builds the vision tower after get_peft_model unless the checkpoint's config loads it at once; "+
				"its q_proj/k_proj/v_proj, which share the decoder's names, are estimated as adapted", script)
		}
	}

	applyLLaVAFreeze(p, s, script, next)
	if v, _ := s.boolean("moe_enable"); moe && v.Set && v.V {
		recipeGap(p, "MoE-LLaVA: not read: the MoE stage", "moe_enable turns the LLM's feed-forward layers into num_experts DeepSpeed MoE experts, which the catalog's model does not hold", v.From)
	}
}

// llavaLoRANames is what find_all_linear_names returns for the decoders
// LLaVA's and LLaVA-NeXT's builders load (llava_llama, llava_mistral,
// llava_qwen): it skips every module whose name holds mm_projector,
// vision_tower or vision_resampler, keeps the last name of each remaining
// nn.Linear and drops lm_head (train.py at haotian-liu/LLaVA@0034661 and
// LLaVA-VL/LLaVA-NeXT@0239a00). LoraConfig then adapts every module whose
// name ends in one of these, so a CLIP or SigLIP tower present at
// get_peft_model gets adapters on its q/k/v_proj, never on its out_proj,
// fc1 or fc2, and the projector none. Both train() call get_peft_model
// before initialize_vision_modules, and a tower built with delay_load holds
// no modules until then, so in the usual run the tower gets none; the
// estimate keeps its q/k/v adapters (the safe side). llava_mpt's decoder (Wqkv, out_proj,
// up_proj, down_proj) is not listed: the catalog does not model MPT.
// MoE-LLaVA's fork keeps "all-linear", its function not having been read.
var llavaLoRANames = []string{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}

// llavaDPO reads a train_dpo.py launch as DPO: LLaVADPOTrainer
// (llava/train/llava_trainer.py) keeps TRL's DPOTrainer.concatenated_forward,
// which runs chosen and rejected in one batch of twice the micro batch, and
// a frozen reference beside the policy unless precompute_ref_log_probs:
// train_dpo.py loads ref_model itself under ZeRO-3 (its train(): `if "zero3"
// in training_args.deepspeed`), TRL's DPOTrainer makes one otherwise (a
// PEFT policy uses its base model with the adapters disabled), and TRL's
// prepare_deepspeed wraps it in ZeRO-3 when the policy is, else stage 0.
func llavaDPO(p *plan.Plan, s settings) {
	p.RL.Algorithm = plan.Of(plan.AlgoDPO, plan.Derived(llavaDPOScript+": LLaVADPOTrainer"))
	if p.MicroBatch.Set {
		p.MicroBatch = plan.Of(2*p.MicroBatch.V, plan.Derived(fmt.Sprintf("per_device_train_batch_size %d pairs: chosen and rejected in one concatenated forward", p.MicroBatch.V)))
	}
	if pre, _ := s.boolean("precompute_ref_log_probs"); pre.V {
		p.RL.RefPrecomputed = pre
		return
	}
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true, From: plan.Default(llavaDPOScript + ": a reference model beside the policy")}
	switch {
	case p.UsesPEFT():
		ref.Shared = true
	case p.ZeRO.Enabled && p.ZeRO.Stage.Set:
		stage := 0
		if p.ZeRO.Stage.V == 3 {
			stage = 3
		}
		ref.ZeROStage = plan.Of(stage, plan.Derived(fmt.Sprintf("TRL prepare_deepspeed: ZeRO stage %d of the policy → %d for the reference", p.ZeRO.Stage.V, stage)))
	}
	p.RL.Companions = append(p.RL.Companions, ref)
}

// llavaEntry is the program of the script's LLaVA launch ("" if none).
func llavaEntry(s settings) string {
	if s.file == nil || s.file.Script == nil {
		return ""
	}
	for _, c := range s.file.Script.Commands {
		if llavaProgram().MatchString(c.Program.Text) {
			return c.Program.Text
		}
	}
	return ""
}

// applyLLaVAFreeze settles which parts train. Without mm_tunable_parts:
// freeze_backbone freezes the LLM (model.model, which leaves lm_head
// trainable), tune_mm_mlp_adapter trains only the projector,
// freeze_mm_mlp_adapter freezes it, and the tower trains only with NeXT's
// unfreeze_mm_vision_tower. NeXT's mm_tunable_parts freezes everything, then
// unfreezes the parts it lists (mm_vision_tower, mm_mlp_adapter,
// mm_language_model; LoRA adapters always train).
func applyLLaVAFreeze(p *plan.Plan, s settings, script string, next bool) {
	frozen := map[string]plan.Origin{"vision": plan.Default(script + ": the vision tower is frozen (requires_grad_(False))")}
	tunable, _ := s.str("mm_tunable_parts")
	if v := tunable; next && v.Set {
		frozen = map[string]plan.Origin{}
		listed := map[string]bool{}
		for _, part := range strings.Split(v.V, ",") {
			listed[strings.TrimSpace(part)] = true
		}
		for part, name := range map[string]string{"vision": "mm_vision_tower", "projector": "mm_mlp_adapter", "llm": "mm_language_model"} {
			if !listed[name] {
				frozen[part] = v.From
			}
		}
	} else {
		if u, _ := s.boolean("unfreeze_mm_vision_tower"); next && u.Set && u.V {
			delete(frozen, "vision")
		}
		if fb, _ := s.boolean("freeze_backbone"); fb.Set && fb.V {
			frozen["llm"] = fb.From
			p.Assume("freeze_backbone freezes model.model: the LLM's lm_head still trains in %s; estimated with it frozen", script)
		}
		if t, _ := s.boolean("tune_mm_mlp_adapter"); t.Set && t.V {
			frozen["llm"] = t.From
			frozen["vision"] = t.From
		}
		if f, _ := s.boolean("freeze_mm_mlp_adapter"); f.Set && f.V {
			frozen["projector"] = f.From
		}
	}
	if _, off := frozen["projector"]; p.UsesPEFT() && !off {
		p.PEFT.ModulesToSave = plan.Of([]string{"mm_projector"}, plan.Derived(script+": the projector trains in full beside LoRA"))
	}
	var parts []string
	var from plan.Origin
	for _, part := range []string{"vision", "projector", "llm"} {
		if o, ok := frozen[part]; ok {
			parts = append(parts, part)
			if len(parts) == 1 || o.Kind == plan.FromFile {
				from = o
			}
		}
	}
	switch {
	case len(parts) > 0:
		p.Freeze = plan.Of(parts, from)
	case next && tunable.Set:
		// Every part listed trains: the plan says where that was decided.
		p.Freeze = plan.Of(parts, tunable.From)
	}
}

// llavaSpells: LLaVA's train.py takes lora_enable and bits, targets every
// linear layer by itself (find_all_linear_names) and names the length
// model_max_length; the kernel is fixed by the entry point (train_mem.py
// passes flash_attention_2), while LLaVA-NeXT's TrainingArguments adds
// attn_implementation.
var llavaSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{
		RecipeLLaVA:     llavaKeys(refuseKey),
		RecipeLLaVANeXT: llavaKeys(Spelling{Key: "attn_implementation"}),
	}
})

func llavaKeys(attention Spelling) map[string]Spelling {
	return withSeqLen("model_max_length", map[string]Spelling{
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
