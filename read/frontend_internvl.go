package read

import (
	"fmt"
	"regexp"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// internVLFork is a fine-tune script that takes the ModelArguments and
// DataTrainingArguments of InternVL's internvl_chat_finetune.py, with the
// defaults and image tiling of its own copy.
type internVLFork struct {
	// script names the script and the commit whose defaults are assumed.
	script string
	// program matches the script's path in a launch command.
	program func() *regexp.Regexp
	// gradCheckpoint and seqLen are the grad_checkpoint and max_seq_length
	// defaults.
	gradCheckpoint bool
	seqLen         int
	// extraTiles are the tiles a dynamic-resolution image gets beside the
	// max_dynamic_patch grid (and the thumbnail).
	extraTiles int
}

// internVL is InternVL's chat fine-tune script: ModelArguments and
// DataTrainingArguments in internvl_chat/internvl/train/internvl_chat_finetune.py
// at OpenGVLab/InternVL@2410d1d (2025-09-22).
var internVL = internVLFork{
	script: "InternVL internvl_chat_finetune.py at OpenGVLab/InternVL@2410d1d",
	program: sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(^|/)internvl/train/internvl_chat_(finetune|pretrain|mpo)\.py$`)
	}),
	gradCheckpoint: true,
	seqLen:         8192,
}

// miniMonkey is Mini-Monkey's copy of it, project/mini_monkey/internvl/train/
// minimonkey_chat_finetune.py at Yuliang-Liu/Monkey@8c0344c: grad_checkpoint
// defaults to False and max_seq_length to 2048, and multi_modal_get_item
// adds the tiles of dynamic_preprocess2 (max_num=4, internvl/train/dataset.py
// @5148ccf) before the thumbnail.
var miniMonkey = internVLFork{
	script: "Mini-Monkey minimonkey_chat_finetune.py at Yuliang-Liu/Monkey@8c0344c",
	program: sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(^|/)internvl/train/minimonkey_chat_finetune\.py$`)
	}),
	seqLen:     2048,
	extraTiles: 4,
}

// owns: the launch command runs the fork's script.
func (f internVLFork) owns(j *Job, s settings) bool {
	return j.Command != nil && s.file == j.Script && f.program().MatchString(j.Command.Program.Text)
}

// apply reads the script's own arguments with its defaults. It loads
// the model in bf16 with flash_attention_2 set in the LLM's config whatever
// the arguments say, always checkpoints the vision tower
// (vision_model.gradient_checkpointing = True) and the LLM with
// grad_checkpoint; freeze_llm, freeze_backbone and freeze_mlp
// freeze the LLM, the InternViT tower and the mlp1 projector;
// use_llm_lora N wraps the LLM in LoRA of rank N and alpha 2N over every
// linear layer (wrap_llm_lora).
func (f internVLFork) apply(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(f.script + " " + what) }
	p.Recipe = plan.Of(RecipeInternVL, plan.Derived("the launch runs "+f.script))
	if p.LoadDtype.From.Kind == plan.FromDefault {
		p.LoadDtype = plan.Of(plan.BF16, plan.Derived(f.script+" loads the model with torch_dtype bfloat16"))
	}
	if p.Attention.From.Kind == plan.FromDefault {
		p.Attention = plan.Of("flash_attention_2", plan.Derived(f.script+" sets flash_attention_2 in the LLM's config"))
	}
	if gc, _ := s.boolean("grad_checkpoint"); gc.Set {
		p.GradientCheckpointing = gc
	} else if p.GradientCheckpointing.From.Kind == plan.FromDefault {
		p.GradientCheckpointing = plan.Of(f.gradCheckpoint, def("grad_checkpoint"))
	}
	if !p.SeqLen.Set {
		p.SeqLen = plan.Of(f.seqLen, def("max_seq_length"))
	}
	p.Assume("InternVL counts the image tokens inside max_seq_length (the estimate adds them on top); without " +
		"group_by_length its dataset pads every sample to max_seq_length")
	// With group_by_length (and no use_packed_ds) the preprocess functions
	// of internvl/train/dataset.py tokenize with padding=False and
	// concat_pad_data_collator (internvl/patch/pad_data_collator.py) pads
	// the batch to its longest sample; without it every sample is padded
	// to max_seq_length.
	if g, _ := s.boolean("group_by_length"); g.Set && g.V {
		if packed, _ := s.boolean("use_packed_ds"); !packed.V {
			p.PadToLongest = g
		}
	}

	// The image tiles: dynamic_image_size (default false) cuts an image into
	// at most max_dynamic_patch (default 12) tiles, plus a thumbnail with
	// use_thumbnail (internvl_chat_finetune.py DataTrainingArguments at
	// OpenGVLab/InternVL@2410d1d); without it the image is one tile.
	dyn, _ := s.boolean("dynamic_image_size")
	if dyn.Set && dyn.V {
		mp := plan.Of(12, def("max_dynamic_patch"))
		set(&mp, first(s.integer("max_dynamic_patch")))
		if f.extraTiles > 0 {
			mp = plan.Of(mp.V+f.extraTiles, plan.Derived(fmt.Sprintf("%s: max_dynamic_patch %d + the %d tiles of dynamic_preprocess2", f.script, mp.V, f.extraTiles)))
		}
		p.Images.MaxSlices = mp
		// use_thumbnail (DataTrainingArguments, default False) adds the
		// whole image as one more tile when it is cut (dynamic_preprocess)
		// and is written into the model's config (config.use_thumbnail).
		th := plan.Of(false, def("use_thumbnail false"))
		set(&th, first(s.boolean("use_thumbnail")))
		p.Images.Overview = th
	} else {
		from := dyn.From
		if !dyn.Set {
			from = def("dynamic_image_size false")
		}
		p.Images.MaxSlices = plan.Of(1, from)
	}
	// force_image_size (DataTrainingArguments, default 448) is the side of
	// every tile: main() resizes the vision tower's position embeddings to
	// it when the checkpoint's vision_config.image_size differs, sets
	// num_image_token = (force_image_size / patch_size)² × down_sample_ratio²,
	// and the dataset resizes or tiles each image at it (build_transform,
	// dynamic_preprocess image_size; internvl_chat_finetune.py main and
	// LazySupervisedDataset at OpenGVLab/InternVL@2410d1d, and the same in
	// Mini-Monkey's minimonkey_chat_finetune.py).
	side := plan.Of(448, def("force_image_size"))
	set(&side, first(s.integer("force_image_size")))
	if side.V > 0 {
		p.Images.SliceSize = side
	}

	var parts []string
	var from plan.Origin
	for _, x := range []struct{ key, part string }{{"freeze_backbone", "vision"}, {"freeze_mlp", "projector"}, {"freeze_llm", "llm"}} {
		if v, _ := s.boolean(x.key); v.Set && v.V {
			parts = append(parts, x.part)
			from = v.From
		}
	}
	if len(parts) > 0 {
		p.Freeze = plan.Of(parts, from)
	}

	if r, _ := s.integer("use_llm_lora"); r.Set && r.V > 0 {
		p.PEFT.Method = plan.Of("lora", r.From)
		p.PEFT.R = r
		p.PEFT.Alpha = plan.Of(2*r.V, plan.Derived(f.script+": wrap_llm_lora alpha = 2 × use_llm_lora"))
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, plan.Derived(f.script+": wrap_llm_lora adapts every linear layer of the LLM"))
		var save []string
		if !p.Frozen("projector") {
			save = append(save, "mlp1")
		}
		if !p.Frozen("vision") {
			save = append(save, "vision_model")
		}
		if len(save) > 0 {
			p.PEFT.ModulesToSave = plan.Of(save, plan.Derived(f.script+": parts not frozen train in full beside the LLM's LoRA"))
			p.Assume("the unfrozen %v train in place beside the LLM's LoRA; estimated as PEFT modules_to_save copies", save)
		}
	}
	if r, _ := s.integer("use_backbone_lora"); r.Set && r.V > 0 {
		p.Assume("use_backbone_lora %d adds LoRA to the vision tower; its adapters are not counted", r.V)
	}
}

// internVLSpells: grad_checkpoint, use_llm_lora N (the rank; alpha 2N over
// every linear layer), max_seq_length, max_dynamic_patch; flash_attention_2
// and bf16 loading are hard-coded, and nothing loads in 4 bits.
var internVLSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeInternVL: withSeqLen("max_seq_length", refusing(map[string]Spelling{
		"gradient_checkpointing": renamed("grad_checkpoint"),
		"use_peft":               constant("use_llm_lora", 16),
		"use_lora":               constant("use_llm_lora", 16),
		"lora_target_modules":    dropKey,
		"fp16":                   refuseKey,
		"max_slice_nums":         renamed("max_dynamic_patch"),
	}, fixedLoading...))}
})
