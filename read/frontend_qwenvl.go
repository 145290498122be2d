package read

import (
	"math"
	"regexp"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// qwenVLScript is the Qwen-VL fine-tune script whose arguments the reader
// assumes: ModelArguments, DataArguments and TrainingArguments in
// qwen-vl-finetune/qwenvl/train/argument.py and train() in train_qwen.py at
// QwenLM/Qwen3-VL@9658872 (2026-01-30; the same folder serves Qwen2-VL,
// Qwen2.5-VL and Qwen3-VL).
const qwenVLScript = "qwen-vl-finetune train_qwen.py at QwenLM/Qwen3-VL@9658872"

// RecipeQwenVL is qwen-vl-finetune's train_qwen.py.
const RecipeQwenVL = "qwen-vl-finetune"

var qwenVLProgram = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|/)qwenvl/train/train_qwen\.py$`) })

// ownsQwenVL: the launch command runs qwenvl/train/train_qwen.py.
func ownsQwenVL(j *Job, s settings) bool {
	return j.Command != nil && s.file == j.Script && qwenVLProgram().MatchString(j.Command.Program.Text)
}

// applyQwenVL reads train_qwen.py's arguments with their defaults:
// tune_mm_llm, tune_mm_mlp and tune_mm_vision are all false (set_model
// freezes each part not tuned), model_max_length 512, flash_attention_2
// (train() and the __main__ call), bf16 weights with --bf16 and fp32
// otherwise; lora_enable freezes everything and adapts q/k/v/o_proj with
// lora_r 64 and lora_alpha 128.
func applyQwenVL(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(qwenVLScript + " " + what) }
	p.Recipe = plan.Of(RecipeQwenVL, plan.Derived("the launch runs "+qwenVLScript))
	if !p.SeqLen.Set {
		p.SeqLen = plan.Of(512, def("model_max_length"))
	}
	if p.Attention.From.Kind == plan.FromDefault {
		p.Attention = plan.Of("flash_attention_2", plan.Derived(qwenVLScript+": train(attn_implementation=\"flash_attention_2\")"))
	}
	if v, _ := s.boolean("bf16"); v.Set && v.V && p.LoadDtype.From.Kind == plan.FromDefault {
		p.LoadDtype = plan.Of(plan.BF16, plan.Derived(qwenVLScript+": dtype bfloat16 with --bf16"))
	}
	if p.UsesPEFT() {
		if !p.PEFT.R.Set {
			p.PEFT.R = plan.Of(64, def("lora_r"))
		}
		if !p.PEFT.Alpha.Set {
			p.PEFT.Alpha = plan.Of(128, def("lora_alpha"))
		}
		p.PEFT.TargetModules = plan.Of([]string{"q_proj", "k_proj", "v_proj", "o_proj"}, plan.Derived(qwenVLScript+": LoraConfig target_modules"))
	} else {
		var parts []string
		var from plan.Origin
		for _, x := range []struct{ key, part string }{{"tune_mm_vision", "vision"}, {"tune_mm_mlp", "projector"}, {"tune_mm_llm", "llm"}} {
			v, _ := s.boolean(x.key)
			if !v.Set {
				v = plan.Of(false, def(x.key+" false"))
			}
			if !v.V {
				parts = append(parts, x.part)
				from = v.From
			}
		}
		if len(parts) > 0 {
			p.Freeze = plan.Of(parts, from)
		}
	}
	// max_pixels caps each image (smart_resize); the estimate takes images
	// at the cap, as a square.
	if mp, _ := s.integer("max_pixels"); mp.Set && mp.V > 0 && !p.Images.Width.Set {
		side := int(math.Sqrt(float64(mp.V)))
		p.Images.Width = plan.Of(side, mp.From)
		p.Images.Height = plan.Of(side, mp.From)
		p.Assume("images are estimated at the max_pixels cap (%d pixels, as %d×%d)", mp.V, side, side)
	}
	// make_supervised_data_module (qwenvl/data/data_processor.py at
	// QwenLM/Qwen3-VL@6a4f1b8): data_flatten or data_packing picks
	// FlattenedDataCollatorForSupervisedDataset, which concatenates a
	// batch's samples without padding; otherwise
	// DataCollatorForSupervisedDataset pads the batch to its longest sample
	// (pad_sequence) and cuts it at model_max_length.
	flat, _ := s.boolean("data_flatten")
	if !flat.V {
		flat, _ = s.boolean("data_packing")
	}
	if flat.V {
		p.Assume("%s concatenates a batch's samples into one sequence (varlen flash attention); estimated as padded samples", flat.From.Key)
		p.PaddingFree = flat
	} else {
		p.PadToLongest = plan.Of(true, plan.Derived(qwenVLScript+": DataCollatorForSupervisedDataset pads each batch to its longest sample"))
	}
}

// qwenVLSpells: lora_enable (q/k/v/o_proj by itself) and model_max_length;
// flash_attention_2 is passed by train() and nothing loads in 4 bits.
var qwenVLSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeQwenVL: withSeqLen("model_max_length", refusing(map[string]Spelling{
		"use_peft":            constant("lora_enable", true),
		"use_lora":            constant("lora_enable", true),
		"lora_target_modules": dropKey,
	}, fixedLoading...))}
})
