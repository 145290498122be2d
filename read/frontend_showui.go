package read

import (
	"math"
	"regexp"
	"sync"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// showUIScript is the ShowUI version whose train.py the reader assumes:
// parse_args, main and the DeepSpeed setup of train.py at
// showlab/ShowUI@21ed7cb (Apache-2.0).
const showUIScript = "ShowUI train.py at showlab/ShowUI@21ed7cb"

// RecipeShowUI is ShowUI's train.py.
const RecipeShowUI = "showui"

var showUIProgram = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|/)train\.py$`) })

// showUIKeys are argparse flags only ShowUI's train.py defines, by which
// its launches are told from other train.py scripts.
var showUIKeys = []string{"ds_zero", "attn_imple", "max_visual_tokens", "min_visual_tokens", "lm_skip_ratio", "uigraph_train", "uimask_ratio"}

// ownsShowUI: a launch of train.py that passes a flag of ShowUI's own.
func ownsShowUI(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || !showUIProgram().MatchString(j.Command.Program.Text) {
		return false
	}
	for _, k := range showUIKeys {
		if n, _ := s.node(k); n != nil {
			return true
		}
	}
	return false
}

// applyShowUI reads train.py's argparse flags with their defaults: it trains
// in a DeepSpeed loop of its own (deepspeed.initialize with a config it
// builds: train_micro_batch_size_per_gpu from --batch_size, default 1,
// gradient_accumulation_steps from --grad_accumulation_steps, default 1,
// bf16 or fp16 from --precision, default bf16, merged with
// ds_configs/{--ds_zero}.json); it loads the model in the --precision dtype
// with --attn_imple attention (default eager); --lora_r (default 8,
// lora_alpha 16) > 0 wraps every linear layer outside the vision tower in
// LoRA; --use_qlora loads the base in 4-bit NF4 with double quantization;
// the vision tower is frozen unless --tune_visual_encoder; the processor
// caps images at max_visual_tokens × 28 × 28 pixels (default 1280 tokens);
// model_max_length defaults to 8192.
func applyShowUI(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(showUIScript + " " + what) }
	p.Recipe = plan.Of(RecipeShowUI, plan.Derived("the launch runs "+showUIScript))
	p.OwnLoop = plan.Of(showUIScript+" trains with deepspeed.initialize in a loop of its own", plan.Derived("the launch runs "+showUIScript))
	num := func(key string, d int) plan.Value[int] {
		if v, _ := s.integer(key); v.Set {
			return v
		}
		return plan.Of(d, def(key))
	}
	p.MicroBatch = num("batch_size", 1)
	p.GradAccum = num("grad_accumulation_steps", 1)
	if !p.SeqLen.Set {
		p.SeqLen = plan.Of(8192, def("model_max_length"))
	}
	prec, _ := s.str("precision")
	if !prec.Set {
		prec = plan.Of("bf16", def("precision"))
	}
	if d, ok := dtypeOf(prec.V); ok {
		p.Precision = plan.Of(d, prec.From)
		p.LoadDtype = plan.Of(d, prec.From)
	}
	attn, _ := s.str("attn_imple")
	if !attn.Set {
		attn = plan.Of("eager", def("attn_imple"))
	}
	p.Attention = attn
	if gc, _ := s.boolean("gradient_checkpointing"); !gc.Set {
		p.GradientCheckpointing = plan.Of(false, def("gradient_checkpointing (store_true)"))
	}
	r := num("lora_r", 8)
	if r.V > 0 {
		p.PEFT.Method = plan.Of("lora", r.From)
		p.PEFT.R = r
		p.PEFT.Alpha = num("lora_alpha", 16)
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, plan.Derived(showUIScript+": find_target_linear_names, every linear layer outside the vision tower"))
		if q, _ := s.boolean("use_qlora"); q.Set && q.V {
			p.PEFT.Method = plan.Of("qlora", q.From)
			p.Quant = plan.Of(plan.NF4, q.From)
			p.DoubleQuant = q
		}
	} else {
		p.PEFT.Method = plan.Of("none", r.From)
	}
	if tune, _ := s.boolean("tune_visual_encoder"); !tune.V {
		from := tune.From
		if !tune.Set {
			from = def("tune_visual_encoder false: the vision tower is frozen")
		}
		p.Freeze = plan.Of([]string{"vision"}, from)
	}
	// A square image over the cap comes out of Qwen2-VL's smart_resize
	// (transformers image_processing_qwen2_vl.py) floored to whole 28-pixel
	// patches: ⌊√tokens⌋ patches a side.
	tokens := num("max_visual_tokens", 1280)
	if !p.Images.Width.Set && tokens.V > 0 {
		side := int(math.Sqrt(float64(tokens.V))) * 28
		p.Images.Width = plan.Of(side, tokens.From)
		p.Images.Height = plan.Of(side, tokens.From)
		p.Assume("images are estimated at the processor's max_pixels cap (max_visual_tokens %d × 28 × 28 pixels), as %d×%d; UI-guided token selection (lm_skip_ratio, uimask_ratio) is not credited", tokens.V, side, side)
	}
}

// showUIDeepSpeed is the DeepSpeed config a ShowUI launch with --ds_zero
// merges into its own: ds_configs/{--ds_zero}.json, read from the working
// directory, the repository's root (parse_args choices zero1, zero2,
// zero3; without the flag train.py takes zero2, which is not attached).
func showUIDeepSpeed(c *shell.Command) (path string, at shell.Word, ok bool) {
	if !showUIProgram().MatchString(c.Program.Text) {
		return "", shell.Word{}, false
	}
	_, w, set := c.Flag("ds_zero")
	if !set {
		return "", shell.Word{}, false
	}
	switch w.Text {
	case "zero1", "zero2", "zero3":
		return "ds_configs/" + w.Text + ".json", w, w.Known
	}
	return "", shell.Word{}, false
}

// showUISpells: train.py's argparse rejects any flag it does not define
// (AnyKey); it names the batch, the accumulation, the attention and the
// sequence length its own way, checkpoints with the store_true
// --gradient_checkpointing, and trains LoRA whenever --lora_r > 0.
var showUISpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeShowUI: withSeqLen("model_max_length", map[string]Spelling{
		AnyKey:                        refuseKey,
		"per_device_train_batch_size": renamed("batch_size"),
		"gradient_accumulation_steps": renamed("grad_accumulation_steps"),
		"attn_implementation":         renamed("attn_imple"),
		"gradient_checkpointing":      {Key: "gradient_checkpointing", Bare: true},
		"use_peft":                    constant("lora_r", 8),
		"use_lora":                    constant("lora_r", 8),
		"lora_target_modules":         dropKey,
	})}
})
