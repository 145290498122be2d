package read

import (
	"fmt"
	"math"
	"path"
	"regexp"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// mantisScripts is the Mantis version whose fine-tune scripts the reader
// assumes: the ModelArguments dataclass and load_model of each
// mantis/train/train_*.py at TIGER-AI-Lab/Mantis@f3a3192 (2026-01-03).
const mantisScripts = "Mantis mantis/train/%s at TIGER-AI-Lab/Mantis@f3a3192"

// RecipeMantis is Mantis's train_*.py.
const RecipeMantis = "mantis"

// mantisProgram matches the Mantis entry points whose models the catalog
// holds; the scripts run them from mantis/train by their bare names.
var mantisProgram = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|/)train_(mllava|idefics2|idefics3|qwen2_vl)\.py$`)
})

// mantisKeys are the ModelArguments fields only Mantis's scripts define.
var mantisKeys = []string{"lora_enabled", "qlora_enabled", "dora_enabled", "mllava_type"}

// mantisScript is one entry point's defaults (its ModelArguments) and what
// its load_model does with them.
type mantisScript struct {
	r, alpha int
	// names or regex are the LoraConfig target_modules: find_all_linear_names
	// collects the last name of every nn.Linear outside the projector and
	// tower (train_mllava.py), and PEFT then adapts every module ending in
	// one of them, the tower's q/k/v_proj included; the others pass a regex.
	names []string
	regex string
	// loraNeedsFlag: train_mllava.py adds adapters only with lora_enabled,
	// the others with lora_enabled or qlora_enabled.
	loraNeedsFlag bool
	// frozenTower: load_model freezes the vision tower whatever else trains
	// (train_idefics2.py freezes nothing).
	frozenTower bool
	// maxPixels: train_qwen2_vl.py's processor takes max_pixels × 28 × 28
	// pixels (max_pixels default 1280).
	maxPixels bool
}

var mantisByScript = map[string]mantisScript{
	"train_mllava.py": {r: 128, alpha: 256, loraNeedsFlag: true, frozenTower: true,
		names: []string{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}},
	"train_idefics2.py": {r: 8, alpha: 8,
		regex: `.*(text_model|modality_projection|perceiver_resampler).*(down_proj|gate_proj|up_proj|k_proj|q_proj|v_proj|o_proj).*$`},
	"train_idefics3.py": {r: 8, alpha: 8, frozenTower: true,
		regex: `.*(text_model|modality_projection|perceiver_resampler).*(down_proj|gate_proj|up_proj|k_proj|q_proj|v_proj|o_proj).*$`},
	"train_qwen2_vl.py": {r: 8, alpha: 8, frozenTower: true, maxPixels: true,
		regex: `.*(visual|model).*(down_proj|gate_proj|up_proj|k_proj|q_proj|v_proj|o_proj).*$`},
}

// ownsMantis: the launch runs one of Mantis's train_*.py, told apart from
// other repositories' scripts of the same name by Mantis's own arguments.
func ownsMantis(j *Job, s settings) bool {
	if j.Command == nil || s.file != j.Script || !mantisProgram().MatchString(j.Command.Program.Text) {
		return false
	}
	for _, k := range mantisKeys {
		if n, _ := s.node(k); n != nil {
			return true
		}
	}
	return false
}

// applyMantis reads a Mantis train_*.py launch with its script's defaults:
// lora_enabled and qlora_enabled (qlora loads the model in NF4 with double
// quantization, BitsAndBytesConfig in load_model), LoRA rank and alpha,
// DoRA on by default (dora_enabled's default is True whatever its help
// says), max_seq_len 1024, flash_attention_2, bf16 weights with --bf16.
func applyMantis(p *plan.Plan, s settings) {
	name := path.Base(s.command.Program.Text)
	sc, ok := mantisByScript[name]
	if !ok {
		return
	}
	script := fmt.Sprintf(mantisScripts, name)
	def := func(what string) plan.Origin { return plan.Default(script + " " + what) }
	p.Recipe = plan.Of(RecipeMantis, plan.Derived("the launch runs "+script))
	if !p.SeqLen.Set {
		p.SeqLen = plan.Of(1024, def("max_seq_len"))
	}
	if p.Attention.From.Kind == plan.FromDefault {
		p.Attention = plan.Of("flash_attention_2", def("attn_implementation"))
	}
	if v, _ := s.boolean("bf16"); v.Set && v.V && p.LoadDtype.From.Kind == plan.FromDefault {
		p.LoadDtype = plan.Of(plan.BF16, plan.Derived(script+": torch_dtype bfloat16 with --bf16"))
	}
	lora, _ := s.boolean("lora_enabled")
	qlora, _ := s.boolean("qlora_enabled")
	if qlora.Set && qlora.V {
		p.Quant = plan.Of(plan.NF4, qlora.From)
		p.DoubleQuant = plan.Of(true, plan.Derived(script+": BitsAndBytesConfig(bnb_4bit_use_double_quant=True)"))
	}
	switch {
	case lora.Set && lora.V:
		p.PEFT.Method = plan.Of("lora", lora.From)
	case qlora.Set && qlora.V && !sc.loraNeedsFlag:
		p.PEFT.Method = plan.Of("lora", qlora.From)
	}
	if p.UsesPEFT() && qlora.V {
		p.PEFT.Method = plan.Of("qlora", qlora.From)
	}
	if p.UsesPEFT() {
		if !p.PEFT.R.Set {
			p.PEFT.R = plan.Of(sc.r, def("lora_r"))
		}
		if !p.PEFT.Alpha.Set {
			p.PEFT.Alpha = plan.Of(sc.alpha, def("lora_alpha"))
		}
		if sc.regex != "" {
			p.PEFT.TargetRegex = plan.Of(sc.regex, plan.Derived(script+": LoraConfig target_modules"))
		} else {
			p.PEFT.TargetModules = plan.Of(sc.names, plan.Derived(script+": find_all_linear_names, the decoder's linear names"))
		}
		if d, _ := s.boolean("dora_enabled"); !d.Set || d.V {
			p.Assume("%s adapts with DoRA (use_dora, dora_enabled defaults to True); estimated as LoRA, without DoRA's magnitude vectors and weight norms", script)
		}
		if sc.maxPixels {
			p.Assume("%s adapts the vision-tower modules its regex names too (Qwen2.5-VL's gate/up/down_proj), then freezes them with the tower; those adapters are estimated as trained", script)
		}
	}
	if sc.frozenTower {
		p.Freeze = plan.Of([]string{"vision"}, plan.Derived(script+": load_model freezes the vision tower"))
	}
	if sc.maxPixels && !p.Images.Width.Set {
		mp, _ := s.integer("max_pixels")
		if !mp.Set {
			mp = plan.Of(1280, def("max_pixels"))
		}
		if mp.V > 0 {
			side := int(math.Sqrt(float64(mp.V) * 28 * 28))
			p.Images.Width = plan.Of(side, mp.From)
			p.Images.Height = plan.Of(side, mp.From)
			p.Assume("images are estimated at the max_pixels cap (%d × 28 × 28 pixels, as %d×%d)", mp.V, side, side)
		}
	}
}

// mantisSpells: lora_enabled and qlora_enabled, max_seq_len and
// attn_implementation are ModelArguments fields of every script.
var mantisSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeMantis: withSeqLen("max_seq_len", map[string]Spelling{
		"use_peft":              constant("lora_enabled", true),
		"use_lora":              constant("lora_enabled", true),
		"load_in_4bit":          constant("qlora_enabled", true),
		"q_lora":                constant("qlora_enabled", true),
		"lora_target_modules":   dropKey,
		"attn_implementation":   {Key: "attn_implementation"},
		"use_flash_attention_2": refuseKey,
		"torch_dtype":           refuseKey,
	})}
})
