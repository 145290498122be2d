package read

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// TRL's config classes (huggingface/trl v1.9, trl/trainer/*_config.py)
// subclass _BaseConfig (trl/trainer/base_config.py), which subclasses
// TrainingArguments and changes some of its defaults; each class also sets
// its own learning rate. This file is the one place that knows them.

// The TRL trainers whose config classes trainlint knows.
const (
	TRLSFT    = "sft"    // SFTConfig
	TRLDPO    = "dpo"    // DPOConfig
	TRLGRPO   = "grpo"   // GRPOConfig
	TRLKTO    = "kto"    // KTOConfig
	TRLReward = "reward" // RewardConfig
	TRLRLOO   = "rloo"   // RLOOConfig
)

// trlLearningRates are the learning_rate defaults of the config classes
// (SFTConfig.learning_rate = 2e-5, DPOConfig/GRPOConfig/KTOConfig/
// RLOOConfig.learning_rate = 1e-6, RewardConfig.learning_rate = 1e-4).
var trlLearningRates = map[string]float64{
	TRLSFT: 2e-5, TRLDPO: 1e-6, TRLGRPO: 1e-6, TRLKTO: 1e-6, TRLReward: 1e-4, TRLRLOO: 1e-6,
}

// TRLJob says whether a TRL config class parses a job's Trainer arguments.
type TRLJob struct {
	// Trainer is the config class's trainer (TRLSFT, …), or "" when the job
	// is a TRL job but the class cannot be told.
	Trainer string
	// Why says how the job was recognized, for messages.
	Why string
	// Script is true when TRL's own script or CLI runs the job (recognized
	// by the launch command), so TRL's parser alone reads the arguments;
	// a job recognized by its keys may run a script with its own
	// dataclasses (alignment-handbook, open-r1).
	Script bool
}

// trlKeys are keys only TRL's config classes (and its ModelConfig and
// ScriptArguments) take, with the trainer each one points to ("" when
// several share it).
var trlKeys = []struct{ key, trainer string }{
	{"num_generations", TRLGRPO}, {"max_completion_length", TRLGRPO}, {"use_vllm", TRLGRPO},
	{"steps_per_generation", TRLGRPO}, {"generation_batch_size", TRLGRPO}, {"reward_funcs", TRLGRPO},
	{"desirable_weight", TRLKTO}, {"undesirable_weight", TRLKTO},
	{"center_rewards_coefficient", TRLReward},
	{"precompute_ref_log_probs", TRLDPO}, {"rpo_alpha", TRLDPO}, {"ref_model_sync_steps", TRLDPO}, {"beta", TRLDPO},
	{"dataset_text_field", TRLSFT}, {"completion_only_loss", TRLSFT}, {"assistant_only_loss", TRLSFT},
	{"packing_strategy", TRLSFT}, {"eval_packing", TRLSFT},
	{"use_peft", ""}, {"dataset_train_split", ""},
}

// trlScripts are the training scripts of trl/scripts and examples/scripts,
// by file name, with their trainer.
var trlScripts = map[string]string{
	"sft.py": TRLSFT, "dpo.py": TRLDPO, "grpo.py": TRLGRPO, "kto.py": TRLKTO, "reward.py": TRLReward,
	"reward_modeling.py": TRLReward, "rloo.py": TRLRLOO,
}

// trlCommand reports whether a launch command runs TRL's CLI or one of its
// training scripts, and which trainer.
func trlCommand(c *shell.Command) (TRLJob, bool) {
	if c == nil || c.Unreachable {
		return TRLJob{}, false
	}
	if c.Launcher == shell.TRL && len(c.Args) > 0 {
		sub := c.Args[0].Text
		if _, ok := trlLearningRates[sub]; ok {
			return TRLJob{Trainer: sub, Why: "`trl " + sub + "`", Script: true}, true
		}
		return TRLJob{Why: "`trl " + sub + "`", Script: true}, true
	}
	prog := c.Program.Text
	if c.Module && strings.HasPrefix(prog, "trl.scripts.") {
		t := strings.TrimPrefix(prog, "trl.scripts.")
		if _, ok := trlLearningRates[t]; ok {
			return TRLJob{Trainer: t, Why: "`-m " + prog + "`", Script: true}, true
		}
	}
	if t, ok := trlScripts[path.Base(prog)]; ok && !c.Module {
		return TRLJob{Trainer: t, Why: "TRL's " + path.Base(prog), Script: true}, true
	}
	return TRLJob{}, false
}

// trlConfigFlag returns the --config file a TRL command reads its
// arguments from (TrlParser.parse_args_and_config).
func trlConfigFlag(c *shell.Command) (shell.Word, bool) {
	if _, ok := trlCommand(c); !ok {
		return shell.Word{}, false
	}
	_, w, ok := c.Flag("config")
	if !ok || !w.Known || w.Text == "" {
		return shell.Word{}, false
	}
	return w, true
}

// DetectTRL tells whether the job's Trainer arguments are parsed by a TRL
// config class: a `trl sft|dpo|grpo|…` command, a TRL script (trl/scripts/
// sft.py, `python -m trl.scripts.sft`, examples/scripts/dpo.py), or a
// Trainer file with keys only TRL configs take (`dataset_text_field`,
// `max_length` with `packing`, `beta`, `num_generations`, `use_peft`, …).
func DetectTRL(j *Job) (TRLJob, bool) {
	if j == nil {
		return TRLJob{}, false
	}
	if t, ok := trlCommand(j.Command); ok {
		return t, true
	}
	if j.Trainer == nil || j.Trainer.Format != Trainer || j.Trainer.Root == nil {
		return TRLJob{}, false
	}
	return trlByKeys(j.Trainer.Root)
}

// trlByKeys recognizes a TRL config by its keys.
func trlByKeys(root *yaml.Node) (TRLJob, bool) {
	has := func(k string) bool {
		_, v := document.Get(root, k)
		return v != nil
	}
	if has("max_length") && has("packing") {
		return TRLJob{Trainer: TRLSFT, Why: "the keys \"max_length\" and \"packing\" of TRL's SFTConfig"}, true
	}
	found, key := "", ""
	for _, k := range trlKeys {
		if !has(k.key) {
			continue
		}
		if key == "" {
			key = k.key
		}
		if k.trainer != "" {
			found, key = k.trainer, k.key
			break
		}
	}
	if key == "" {
		return TRLJob{}, false
	}
	return TRLJob{Trainer: found, Why: "the key \"" + key + "\" of a TRL config"}, true
}

// TRLNumberDefault returns the default a TRL config class gives a numeric
// TrainingArguments field, where it differs from TrainingArguments'; ok is
// false when TRL keeps the Trainer's default. unknown is true when the
// field's default depends on a class that cannot be told.
func TRLNumberDefault(t TRLJob, field string) (v float64, ok, unknown bool) {
	if field != "learning_rate" {
		return 0, false, false
	}
	lr, ok := trlLearningRates[t.Trainer]
	return lr, ok, !ok
}

// TRLBF16Default is _BaseConfig's bf16 when the config leaves it out:
// `self.bf16 = not (self.fp16) if self.bf16 is None` in __post_init__.
func TRLBF16Default(fp16 bool) bool { return !fp16 }

// trlMaxLength are the classes whose max_length defaults to 1024 tokens
// (SFTConfig, DPOConfig, KTOConfig, RewardConfig.max_length in TRL v1.9.0).
var trlMaxLength = map[string]bool{TRLSFT: true, TRLDPO: true, TRLKTO: true, TRLReward: true}

// finishTRL applies the memory-relevant defaults of TRL's config classes
// (huggingface/trl v1.9.0) to a job a TRL class certainly parses: TRL's
// command or script, or keys of one class. The generic TRL keys alone
// (use_peft, dataset_train_split) may belong to a script with its own
// dataclasses, so they change no default.
func finishTRL(p *plan.Plan, j *Job) {
	t, ok := DetectTRL(j)
	if !ok || (!t.Script && t.Trainer == "") {
		return
	}
	def := func(what string) plan.Origin {
		return plan.Default("TRL v1.9.0 " + what + " (recognized by " + t.Why + ")")
	}
	if p.GradientCheckpointing.From.Kind == plan.FromDefault {
		p.GradientCheckpointing = plan.Of(true, def("_BaseConfig.gradient_checkpointing, trl/trainer/base_config.py"))
	}
	if p.Precision.From.Kind == plan.FromDefault && p.Precision.V == plan.FP32 {
		// _BaseConfig.__post_init__: bf16 = not fp16 when bf16 is None; an
		// explicit fp16 or bf16 is already in the plan.
		p.Precision = plan.Of(plan.BF16, def("_BaseConfig.__post_init__ bf16 = not fp16, trl/trainer/base_config.py"))
	}
	if !p.SeqLen.Set && trlMaxLength[t.Trainer] {
		p.SeqLen = plan.Of(1024, def(t.Trainer+" config max_length, trl/trainer/"+t.Trainer+"_config.py"))
	}
	var all []settings
	if j.Trainer != nil {
		all = append(all, settings{file: j.Trainer, root: j.Trainer.Root})
	}
	if j.Args != nil {
		all = append(all, settings{file: j.Script, root: j.Args})
	}
	for _, s := range all {
		// model_init_kwargs reach from_pretrained when the trainer loads the
		// model from its name (create_model_from_path, trl/trainer/utils.py).
		if v, _ := s.str("model_init_kwargs.dtype", "model_init_kwargs.torch_dtype"); v.Set {
			if d, ok := dtypeOf(v.V); ok {
				p.LoadDtype = plan.Of(d, v.From)
			}
		}
		if v, _ := s.str("model_init_kwargs.attn_implementation"); v.Set {
			p.Attention = v
		}
	}
	if p.LoadDtype.From.Kind == plan.FromDefault {
		// ModelConfig.dtype and create_model_from_path both default to
		// float32 (trl/trainer/model_config.py, trl/trainer/utils.py).
		p.LoadDtype = plan.Of(plan.FP32, def("create_model_from_path dtype \"float32\", trl/trainer/utils.py"))
	}
	if p.UsesPEFT() {
		// ModelConfig: lora_r 16, lora_alpha 32 (trl/trainer/model_config.py).
		if !p.PEFT.R.Set {
			p.PEFT.R = plan.Of(16, def("ModelConfig.lora_r, trl/trainer/model_config.py"))
		}
		if !p.PEFT.Alpha.Set {
			p.PEFT.Alpha = plan.Of(32, def("ModelConfig.lora_alpha, trl/trainer/model_config.py"))
		}
	}
}
