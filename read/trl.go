package read

import (
	"fmt"
	"path"
	"strconv"
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
	// The experimental trainers (trl/experimental/*), run from
	// examples/scripts.
	TRLORPO      = "orpo"       // ORPOConfig
	TRLCPO       = "cpo"        // CPOConfig
	TRLOnlineDPO = "online_dpo" // OnlineDPOConfig
)

// trlLearningRates are the learning_rate defaults of the config classes
// (SFTConfig.learning_rate = 2e-5, DPOConfig/GRPOConfig/KTOConfig/
// RLOOConfig/ORPOConfig/CPOConfig.learning_rate = 1e-6,
// RewardConfig.learning_rate = 1e-4, OnlineDPOConfig.learning_rate = 5e-7).
var trlLearningRates = map[string]float64{
	TRLSFT: 2e-5, TRLDPO: 1e-6, TRLGRPO: 1e-6, TRLKTO: 1e-6, TRLReward: 1e-4, TRLRLOO: 1e-6,
	TRLORPO: 1e-6, TRLCPO: 1e-6, TRLOnlineDPO: 5e-7,
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
	{"center_rewards_coefficient", TRLReward}, {"missing_eos_penalty", TRLOnlineDPO},
	{"precompute_ref_log_probs", TRLDPO}, {"rpo_alpha", TRLDPO}, {"ref_model_sync_steps", TRLDPO}, {"beta", TRLDPO},
	{"dataset_text_field", TRLSFT}, {"completion_only_loss", TRLSFT}, {"assistant_only_loss", TRLSFT},
	{"packing_strategy", TRLSFT}, {"eval_packing", TRLSFT},
	{"use_peft", ""}, {"dataset_train_split", ""},
}

// trlScripts are the training scripts of trl/scripts and examples/scripts,
// by file name, with their trainer.
var trlScripts = map[string]string{
	"sft.py": TRLSFT, "dpo.py": TRLDPO, "grpo.py": TRLGRPO, "kto.py": TRLKTO, "reward.py": TRLReward,
	"reward_modeling.py": TRLReward, "rloo.py": TRLRLOO, "orpo.py": TRLORPO, "cpo.py": TRLCPO, "online_dpo.py": TRLOnlineDPO,
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
	if _, ok := swiftScript(c); ok {
		// ms-swift's swift/cli/sft.py and rlhf.py share TRL's script names.
		return TRLJob{}, false
	}
	if t, ok := trlScripts[path.Base(prog)]; ok && !c.Module {
		return TRLJob{Trainer: t, Why: "TRL's " + path.Base(prog), Script: true}, true
	}
	return TRLJob{}, false
}

// trlConfigFlag returns the --config file a TRL command reads its
// arguments from (TrlParser.parse_args_and_config), or an open-r1 program
// does: every training program in open-r1's src/open_r1/ folder, and in
// the forks that keep its layout, parses its arguments with TRL's
// TrlParser (huggingface/open-r1 ebd5913 src/open_r1/grpo.py and sft.py
// main; sunblaze-ucb/Intuitor 3f0cdd7 open-r1-intuitor/src/open_r1/
// intuitor.py: TrlParser((GRPOScriptArguments, GRPOConfig, ModelConfig))
// .parse_args_and_config()).
func trlConfigFlag(c *shell.Command) (shell.Word, bool) {
	if _, ok := trlCommand(c); !ok && !openR1Program(c) {
		return shell.Word{}, false
	}
	_, w, ok := c.Flag("config")
	if !ok || !w.Known || w.Text == "" {
		return shell.Word{}, false
	}
	return w, true
}

// openR1Program reports whether a launch runs a Python program of open-r1's
// src/open_r1/ folder (or a fork's copy of it) as a file.
func openR1Program(c *shell.Command) bool {
	return c != nil && !c.Unreachable && !c.Module && strings.Contains(c.Program.Text, "open_r1/") && strings.HasSuffix(c.Program.Text, ".py")
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
	if _, _, ok := smallDogePT(j); ok {
		// PTConfig extends TrainingArguments, not a TRL config, though it
		// shares SFTConfig's max_length and packing.
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
		for _, k := range trlParserKeys {
			if has(k.key) {
				return TRLJob{Why: "the key \"" + k.key + "\" of " + k.owner}, true
			}
		}
		return TRLJob{}, false
	}
	return TRLJob{Trainer: found, Why: "the key \"" + key + "\" of a TRL config"}, true
}

// trlParserKeys are keys of projects whose own dataclasses extend TRL's and
// are read by TRL's TrlParser, which makes the YAML values argparse
// defaults that argparse converts. The config class cannot be told from
// them, so they change no default.
var trlParserKeys = []struct{ key, owner string }{
	// rhymes-ai/Aria@9b25fec aria/config.py (AriaModelConfig extends TRL's
	// ModelConfig) and aria/train.py (TrlParser((AriaSFTScriptArguments,
	// SFTConfig, AriaModelConfig)).parse_args_and_config()).
	{"moe_z_loss_coeff", "Aria's AriaModelConfig, which aria/train.py reads with TRL's TrlParser"},
	{"moe_aux_loss_coeff", "Aria's AriaModelConfig, which aria/train.py reads with TRL's TrlParser"},
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

// trlMaxLength are the max_length defaults of the classes that have one
// (SFTConfig, DPOConfig, KTOConfig, RewardConfig, ORPOConfig, CPOConfig:
// 1024; OnlineDPOConfig: 512, prompt and completion, in TRL v1.9.0).
var trlMaxLength = map[string]int{TRLSFT: 1024, TRLDPO: 1024, TRLKTO: 1024, TRLReward: 1024, TRLORPO: 1024, TRLCPO: 1024, TRLOnlineDPO: 512}

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
	rel, why := trlReleaseOf(j, t)
	def := func(what string) plan.Origin {
		return plan.Default(rel.name + " " + what + " (recognized by " + t.Why + ")")
	}
	if why != "" {
		p.Assume("TRL defaults of %s: %s", rel.name, why)
	}
	// _BaseConfig (trl/trainer/base_config.py) turns gradient checkpointing
	// and bf16 on; v0.18's classes keep TrainingArguments' defaults.
	if rel.gradientCheckpointing && p.GradientCheckpointing.From.Kind == plan.FromDefault {
		p.GradientCheckpointing = plan.Of(true, def("_BaseConfig.gradient_checkpointing, trl/trainer/base_config.py"))
	}
	if rel.gradientCheckpointing && p.Precision.From.Kind == plan.FromDefault && p.Precision.V == plan.FP32 {
		// _BaseConfig.__post_init__: bf16 = not fp16 when bf16 is None; an
		// explicit fp16 or bf16 is already in the plan.
		p.Precision = plan.Of(plan.BF16, def("_BaseConfig.__post_init__ bf16 = not fp16, trl/trainer/base_config.py"))
	}
	if n, ok := trlMaxLength[t.Trainer]; ok && !p.SeqLen.Set {
		p.SeqLen = plan.Of(n, def(trlClasses[t.Trainer].name+".max_length, "+trlClasses[t.Trainer].file))
	}
	for _, s := range j.trainerSettings() {
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
	if t.Trainer == TRLSFT {
		trlPaddingFree(p, j, rel)
	}
	if t.Trainer == TRLDPO {
		trlDPOPaddingFree(p, j, rel)
	}
	if p.UsesPEFT() {
		// ModelConfig: lora_r 16, lora_alpha 32 (trl/trainer/model_config.py).
		if !p.PEFT.R.Set {
			p.PEFT.R = plan.Of(16, def("ModelConfig.lora_r, trl/trainer/model_config.py"))
		}
		if !p.PEFT.Alpha.Set {
			p.PEFT.Alpha = plan.Of(32, def("ModelConfig.lora_alpha, trl/trainer/model_config.py"))
		}
		orDefault(&p.PEFT.Dropout, 0.05, def("ModelConfig.lora_dropout, trl/trainer/model_config.py"))
	}
	finishTRLRL(p, j, t, rel, why)
}

// trlPaddingFree reads SFTTrainer's padding-free switch: SFTTrainer.__init__
// sets self.padding_free = args.padding_free or (args.packing and
// args.packing_strategy in {"bfd", "bfd_split"}) (trl/trainer/sft_trainer.py,
// TRL v1.9), and SFTConfig.packing_strategy defaults to "bfd"
// (trl/trainer/sft_config.py). Its collator then concatenates a micro
// batch's sequences into one row with restarting position_ids.
func trlPaddingFree(p *plan.Plan, j *Job, rel trlRelease) {
	for _, s := range j.trainerSettings() {
		if v, _ := s.boolean("padding_free"); v.Set && v.V {
			p.PaddingFree = v
			return
		}
		pk, _ := s.boolean("packing")
		if !pk.Set || !pk.V {
			continue
		}
		strategy, _ := s.str("packing_strategy")
		switch {
		case !strategy.Set:
			p.PaddingFree = plan.Of(true, plan.Default(rel.name+" SFTConfig.packing_strategy \"bfd\", which SFTTrainer runs padding-free (trl/trainer/sft_trainer.py)"))
			return
		case strategy.V == "bfd" || strategy.V == "bfd_split":
			p.PaddingFree = plan.Of(true, strategy.From)
			return
		}
	}
}

// trlDPOPaddingFree reads DPOConfig.padding_free (default false):
// DPOTrainer flattens each micro batch into one row where the release
// honours it, and TRL v1.9.0's DPOTrainer.__init__ turns it back off with a
// warning (trl/trainer/dpo_trainer.py, since the DPO refactor of
// huggingface/trl#3906), which the plan says.
func trlDPOPaddingFree(p *plan.Plan, j *Job, rel trlRelease) {
	for _, s := range j.trainerSettings() {
		v, _ := s.boolean("padding_free")
		switch {
		case !v.Set || !v.V:
			continue
		case rel.dpoPaddingFree:
			p.PaddingFree = v
		default:
			p.Assume("padding_free at %s is not used: %s DPOTrainer falls back to padded batches (trl/trainer/dpo_trainer.py)", v.From, rel.name)
		}
		return
	}
}

// trlClass is a TRL config class: its name and the file that defines it.
type trlClass struct{ name, file string }

var trlClasses = map[string]trlClass{
	TRLSFT:       {"SFTConfig", "trl/trainer/sft_config.py"},
	TRLDPO:       {"DPOConfig", "trl/trainer/dpo_config.py"},
	TRLGRPO:      {"GRPOConfig", "trl/trainer/grpo_config.py"},
	TRLKTO:       {"KTOConfig", "trl/trainer/kto_config.py"},
	TRLReward:    {"RewardConfig", "trl/trainer/reward_config.py"},
	TRLRLOO:      {"RLOOConfig", "trl/trainer/rloo_config.py"},
	TRLORPO:      {"ORPOConfig", "trl/experimental/orpo/orpo_config.py"},
	TRLCPO:       {"CPOConfig", "trl/experimental/cpo/cpo_config.py"},
	TRLOnlineDPO: {"OnlineDPOConfig", "trl/experimental/online_dpo/online_dpo_config.py"},
}

// trlRelease is one TRL release whose RL defaults trainlint knows.
type trlRelease struct {
	name string // "TRL v1.9.0"
	// defaults are the config classes' field defaults, by trainer; a field
	// a class lacks in this release is absent.
	defaults map[string]map[string]string
	// gradientCheckpointing is true when the classes turn it on by default
	// (_BaseConfig from v0.20 on); TrainingArguments' false before.
	gradientCheckpointing bool
	// shardedRefWithPEFT is true when GRPOTrainer loads a separate
	// reference for a PEFT policy under ZeRO-3 or FSDP instead of
	// disabling the adapters.
	shardedRefWithPEFT bool
	// dpoPaddingFree is true when DPOTrainer honours padding_free
	// (v0.18.0 trl/trainer/dpo_trainer.py sets self.padding_free from it).
	dpoPaddingFree bool
}

// trlGeneration are the generation defaults GRPOConfig and RLOOConfig share
// in TRL v1.9.0.
var trlGeneration = map[string]string{
	"max_completion_length": "256", "use_vllm": "false", "vllm_mode": "colocate",
	"vllm_gpu_memory_utilization": "0.3", "vllm_tensor_parallel_size": "1",
}

// trlV19 is TRL v1.9.0 (2026-07-21), the release the rest of this file
// cites. GRPOConfig has had no max_prompt_length since v0.28 (removed in
// huggingface/trl#4847): prompts are not truncated.
var trlV19 = trlRelease{
	name: TRLCurrent,
	defaults: map[string]map[string]string{
		TRLGRPO:      mergedDefaults(trlGeneration, map[string]string{"num_generations": "8", "beta": "0.0"}),
		TRLRLOO:      mergedDefaults(trlGeneration, map[string]string{"num_generations": "2", "beta": "0.05"}),
		TRLDPO:       {"beta": "0.1", "precompute_ref_log_probs": "false"},
		TRLKTO:       {"beta": "0.1", "precompute_ref_log_probs": "false"},
		TRLOnlineDPO: {"max_new_tokens": "64", "use_vllm": "false", "vllm_mode": "colocate", "vllm_gpu_memory_utilization": "0.55", "vllm_tensor_parallel_size": "1"},
	},
	gradientCheckpointing: true,
}

// trlV018 is TRL v0.18.0, the release open-r1 pins (huggingface/open-r1
// setup.py: "trl[vllm]==0.18.0"): GRPOConfig truncates prompts to
// max_prompt_length 512, keeps a reference at beta 0.04, and talks to a
// `trl vllm-serve` server unless vllm_mode is colocate.
var trlV018 = trlRelease{
	name: "TRL v0.18.0",
	defaults: map[string]map[string]string{
		TRLGRPO: {"num_generations": "8", "max_prompt_length": "512", "max_completion_length": "256", "beta": "0.04",
			"use_vllm": "false", "vllm_mode": "server", "vllm_gpu_memory_utilization": "0.3", "vllm_tensor_parallel_size": "1"},
	},
	shardedRefWithPEFT: true,
	dpoPaddingFree:     true,
}

// mergedDefaults returns base with more laid over it.
func mergedDefaults(base, more map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// openR1Keys are keys of open-r1's own GRPOScriptArguments and GRPOConfig
// subclass (src/open_r1/configs.py) that TRL's classes do not take.
var openR1Keys = []string{"dataset_prompt_column", "hub_model_revision", "benchmarks", "code_eval_test_batch_size"}

// trlReleaseOf picks the release whose defaults a job gets: open-r1's pin
// for its GRPO script (src/open_r1/grpo.py) or its recipes, recognized by
// open-r1's own keys; TRL v1.9.0 otherwise. why says which, for origins.
func trlReleaseOf(j *Job, t TRLJob) (trlRelease, string) {
	if t.Trainer != TRLGRPO {
		return trlV19, ""
	}
	if c := j.Command; c != nil && strings.Contains(c.Program.Text, "open_r1/") {
		return trlV018, "open-r1's " + c.Program.Text + ", which pins trl 0.18.0"
	}
	for _, s := range j.trainerSettings() {
		for _, k := range openR1Keys {
			if v, _ := s.node(k); v != nil {
				return trlV018, "open-r1's key \"" + k + "\"; open-r1 pins trl 0.18.0"
			}
		}
	}
	return trlV19, ""
}

// r1vKeys are fields of R1-V's GRPOScriptArguments (Deep-Agent/R1-V
// bbbbe3d src/r1-v/src/open_r1/grpo.py) that open-r1's script lacks: the
// image budget of its vision-language trainer.
var r1vKeys = []string{"max_pixels", "min_pixels"}

// R1VTrainer reports whether a GRPO job runs R1-V's own trainer or a copy
// of it (Video-R1, open-r1-multimodal): an open_r1/ script given R1-V's
// image arguments. That trainer, Qwen2VLGRPOTrainer, subclasses
// transformers' Trainer rather than TRL's GRPOTrainer and generates
// num_generations completions of each prompt on the process that holds it
// (generate with num_return_sequences, R1-V bbbbe3d src/r1-v/src/open_r1/
// trainer/grpo_trainer.py), and the TRL releases these repositories pin
// (0.14.0 in R1-V's setup.py, 0.16.0 in Video-R1's) check no batch in
// GRPOConfig.__post_init__: no group has to fit a generation batch.
func R1VTrainer(j *Job) bool {
	if j == nil || j.Command == nil || !strings.Contains(j.Command.Program.Text, "open_r1/") {
		return false
	}
	for _, s := range j.trainerSettings() {
		for _, k := range r1vKeys {
			if v, _ := s.node(k); v != nil {
				return true
			}
		}
	}
	return false
}

// trainerSettings are the job's Trainer arguments, config file first, so
// the command line's come last and win.
func (j *Job) trainerSettings() []settings {
	var all []settings
	if j.Trainer != nil {
		all = append(all, settings{file: j.Trainer, root: j.Trainer.Root})
	}
	if j.Args != nil {
		all = append(all, settings{file: j.Script, root: j.Args})
	}
	return all
}

// trlArgs looks up a TRL job's arguments: the command line, then the
// --config file, then the release's default for the class.
type trlArgs struct {
	all     []settings
	rel     trlRelease
	trainer string
	why     string // how the release was chosen, for default origins
}

// text returns an argument as written, or its default; ok is false when
// neither exists or the value is not known (an unexpanded variable).
func (a trlArgs) text(field string) (string, plan.Origin, bool) {
	for i := len(a.all) - 1; i >= 0; i-- {
		if n, o := a.all[i].node(field); n != nil {
			return n.Value, o, n.Kind == yaml.ScalarNode
		}
	}
	def, ok := a.rel.defaults[a.trainer][field]
	if !ok {
		return "", plan.Origin{}, false
	}
	note := a.rel.name + " " + trlClasses[a.trainer].name + "." + field + ", " + trlClasses[a.trainer].file
	if a.why != "" {
		note += " (" + a.why + ")"
	}
	return def, plan.Default(note), true
}

func (a trlArgs) integer(field string) plan.Value[int] {
	t, o, ok := a.text(field)
	if n, err := strconv.Atoi(strings.TrimSpace(t)); ok && err == nil {
		return plan.Of(n, o)
	}
	return plan.Value[int]{}
}

func (a trlArgs) number(field string) plan.Value[float64] {
	t, o, ok := a.text(field)
	if f, err := strconv.ParseFloat(strings.TrimSpace(t), 64); ok && err == nil {
		return plan.Of(f, o)
	}
	return plan.Value[float64]{}
}

func (a trlArgs) boolean(field string) plan.Value[bool] {
	t, o, ok := a.text(field)
	if b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(t))); ok && err == nil {
		return plan.Of(b, o)
	}
	return plan.Value[bool]{}
}

// trlAlgorithms are the trainers that train against other models or
// generate, with the plan.RL algorithm each one is. ORPO and CPO are
// preference losses over chosen and rejected answers without a reference.
var trlAlgorithms = map[string]string{
	TRLGRPO: plan.AlgoGRPO, TRLRLOO: plan.AlgoGRPO, TRLDPO: plan.AlgoDPO, TRLKTO: plan.AlgoDPO,
	TRLORPO: plan.AlgoDPO, TRLCPO: plan.AlgoDPO, TRLOnlineDPO: plan.AlgoOther,
}

// finishTRLRL fills plan.RL and plan.Rollout for a TRL preference or RL
// job: the lengths, the generations, the generation engine and the
// reference model, with the release's defaults.
func finishTRLRL(p *plan.Plan, j *Job, t TRLJob, rel trlRelease, why string) {
	algo, ok := trlAlgorithms[t.Trainer]
	if !ok {
		return
	}
	a := trlArgs{all: j.trainerSettings(), rel: rel, trainer: t.Trainer, why: why}
	class := trlClasses[t.Trainer].name
	p.RL.Algorithm = plan.Of(algo, plan.Derived("TRL's "+class+" (recognized by "+t.Why+")"))
	if t.Trainer == TRLOnlineDPO {
		// OnlineDPOTrainer samples two completions per prompt and compares
		// them with a reward model or a judge (trl/experimental/online_dpo/
		// online_dpo_trainer.py, _generate).
		p.RL.Generations = plan.Of(2, plan.Default(rel.name+" OnlineDPOTrainer: two completions per prompt"))
		p.RL.CompletionLen = a.integer("max_new_tokens")
	} else {
		p.RL.PromptLen = a.integer("max_prompt_length")
		p.RL.CompletionLen = a.integer("max_completion_length")
	}
	if t.Trainer == TRLGRPO || t.Trainer == TRLRLOO {
		p.RL.Generations = a.integer("num_generations")
		trlGenerationBatch(p, a)
		if !p.RL.PromptLen.Set {
			p.Assume("%s %s has no max_prompt_length: prompts are not truncated, so the longest prompt of the data sets the length", rel.name, class)
		}
	}
	if !p.SeqLen.Set && p.RL.PromptLen.Set && p.RL.CompletionLen.Set && (t.Trainer == TRLGRPO || t.Trainer == TRLRLOO) {
		// The policy's log-prob passes run over prompt and completion.
		p.SeqLen = plan.Of(p.RL.PromptLen.V+p.RL.CompletionLen.V, plan.Derived(fmt.Sprintf("max_prompt_length %d + max_completion_length %d (a %s sample is the prompt and its completion)", p.RL.PromptLen.V, p.RL.CompletionLen.V, class)))
	}
	if t.Trainer == TRLGRPO || t.Trainer == TRLRLOO || t.Trainer == TRLOnlineDPO {
		trlRollout(p, a)
	}
	if t.Trainer == TRLGRPO || t.Trainer == TRLRLOO {
		trlLogProbLoss(p, a)
	}
	trlReference(p, a, t, rel)
	if t.Trainer == TRLGRPO {
		if m, o, ok := a.text("reward_model_name_or_path"); ok && m != "" {
			// trl/scripts/grpo.py puts a reward model first among the
			// reward functions; GRPOTrainer loads it beside the policy.
			p.RL.Companions = append(p.RL.Companions, plan.Companion{Role: plan.RoleReward, ModelRef: plan.Of(m, o), Colocated: true, From: o})
		}
	}
}

// trlGenerationBatch sets the completions one GPU generates per step:
// generation_batch_size ÷ processes, or per_device_train_batch_size ×
// steps_per_generation, which defaults to gradient_accumulation_steps
// (GRPOConfig.__post_init__).
func trlGenerationBatch(p *plan.Plan, a trlArgs) {
	if g := a.integer("generation_batch_size"); g.Set {
		world := 0
		switch {
		case p.Processes.Set:
			world = p.Processes.V
		case p.Hardware.GPUsPerNode.Set:
			world = p.World()
		}
		if world > 0 && g.V%world == 0 {
			p.RL.GenerationBatch = plan.Of(g.V/world, plan.Derived(fmt.Sprintf("generation_batch_size %d ÷ %d processes", g.V, world)))
		}
		return
	}
	steps, key := a.integer("steps_per_generation"), "steps_per_generation"
	if !steps.Set {
		steps, key = p.GradAccum, "gradient_accumulation_steps"
	}
	if p.MicroBatch.Set && steps.Set {
		p.RL.GenerationBatch = plan.Of(p.MicroBatch.V*steps.V, plan.Derived(fmt.Sprintf("per_device_train_batch_size %d × %s %d", p.MicroBatch.V, key, steps.V)))
	}
}

// trlRollout reads the generation engine: vLLM in colocate mode shares
// every training GPU (VLLMGeneration checks that vllm_tensor_parallel_size
// divides the processes, trl/generation/vllm_generation.py); in server
// mode it runs in `trl vllm-serve` on other GPUs; without vLLM the policy
// generates with transformers.
func trlRollout(p *plan.Plan, a trlArgs) {
	use := a.boolean("use_vllm")
	if !use.Set {
		return
	}
	if !use.V {
		p.Rollout.Engine = plan.Of("hf", use.From)
		return
	}
	p.Rollout.Engine = plan.Of("vllm", use.From)
	if dev, o, ok := a.text("vllm_device"); ok && o.Kind == plan.FromFile {
		// vllm_device is TRL ≤ v0.17's: with it GRPOTrainer runs vLLM on a
		// GPU of its own, "auto" the one after the training processes
		// (huggingface/trl v0.15.2 trl/trainer/grpo_trainer.py:
		// vllm_device = f"cuda:{self.accelerator.num_processes}"), v0.16
		// and v0.17 on a `trl vllm-serve` server; vllm_mode colocate came
		// in v0.18.0. Only a single-GPU job shares cuda:0 with training.
		p.Assume("vllm_device %q (TRL ≤ v0.17): vLLM generates on a GPU of its own, not costed here", dev)
		return
	}
	mode, _, _ := a.text("vllm_mode")
	if mode != "colocate" {
		return
	}
	p.Rollout.SameGPUs = true
	p.Rollout.TensorParallel = a.integer("vllm_tensor_parallel_size")
	p.Rollout.GPUMemoryUtilization = a.number("vllm_gpu_memory_utilization")
	// vllm_enable_sleep_mode (v1.9.0; v0.18.0 has no such field) puts the
	// engine to sleep, weights and KV cache off the GPU, between rollouts
	// (VLLMGeneration: llm.sleep(level=2)).
	p.Rollout.Sleeps = a.boolean("vllm_enable_sleep_mode")
}

// trlLogProbLoss says how GRPOTrainer and RLOOTrainer compute the policy's
// log-probabilities: the lm_head runs over the completion only
// (logits_to_keep = completion length, plus one position the trainer
// drops) and selective_log_softmax turns the 16-bit logits into
// log-probabilities per sequence (_get_per_token_logps_and_entropies in
// v1.9.0, _get_per_token_logps in v0.18.0). Liger's fused GRPO loss, which
// never holds the logits, replaces it with use_liger_kernel in v1.9.0 and
// with use_liger_loss in v0.18.0, where use_liger_kernel only patches the
// model's layers.
func trlLogProbLoss(p *plan.Plan, a trlArgs) {
	if c := p.RL.CompletionLen; c.Set && c.V > 0 {
		p.RL.LogitsToKeep = plan.Of(c.V+1, plan.Derived(fmt.Sprintf("TRL logits_to_keep: the completion's %d positions + 1", c.V)))
	}
	liger := p.LossKernel.Set && p.LossKernel.V == plan.LossLiger
	if a.rel.name != TRLCurrent {
		liger = false
		if l := a.boolean("use_liger_loss"); l.V {
			p.LossKernel = plan.Of(plan.LossLiger, l.From)
			return
		}
	}
	if !liger {
		p.LossKernel = plan.Of(plan.LossSelective, plan.Default(a.rel.name+" selective_log_softmax on the completion's logits, trl/trainer/utils.py"))
	}
}

// trlReference adds the reference model the trainer keeps, if any:
// GRPOTrainer and RLOOTrainer skip it at beta 0.0; DPOTrainer and
// KTOTrainer with precompute_ref_log_probs; all of them, for a PEFT policy,
// use the base model with the adapters disabled. A separate reference is
// wrapped by prepare_deepspeed, which keeps ZeRO-3 and runs any other
// stage as stage 0, a full copy on every GPU (trl/models/utils.py).
func trlReference(p *plan.Plan, a trlArgs, t TRLJob, rel trlRelease) {
	if t.Trainer == TRLORPO || t.Trainer == TRLCPO {
		return
	}
	class := trlClasses[t.Trainer].name
	var from plan.Origin
	switch t.Trainer {
	case TRLGRPO, TRLRLOO:
		beta := a.number("beta")
		if !beta.Set || beta.V == 0 {
			return
		}
		from = beta.From
	case TRLDPO, TRLKTO:
		pre := a.boolean("precompute_ref_log_probs")
		if pre.V {
			p.RL.RefPrecomputed = pre
			return
		}
		from = pre.From
	default:
		from = plan.Default(rel.name + " " + class + ": a reference model unless the policy is a PEFT model")
	}
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true, From: from}
	sharded := p.ZeRO.Enabled && p.ZeRO.Stage.V == 3 || p.FSDP.Mode.V != ""
	if p.UsesPEFT() && !(rel.shardedRefWithPEFT && sharded) {
		ref.Shared, ref.From = true, p.PEFT.Method.From
	}
	// prepare_fsdp wraps the reference with the policy's FSDP plugin, so
	// it is sharded as the policy is; ZeRO-3 shards it through ZeROStage.
	ref.Sharded = !ref.Shared && p.FSDP.Mode.V != "" && p.FSDP.Mode.V != "no_shard"
	if !ref.Shared && p.ZeRO.Enabled && p.ZeRO.Stage.Set {
		stage := 0
		if p.ZeRO.Stage.V == 3 {
			stage = 3
			if off := p.ZeRO.OffloadParam; off.Set && off.V != plan.OffloadNone {
				ref.ParamOffload = plan.Of(true, plan.Derived("prepare_deepspeed copies the policy's DeepSpeed config, offload_param included"))
			}
		}
		ref.ZeROStage = plan.Of(stage, plan.Derived(fmt.Sprintf("%s prepare_deepspeed: ZeRO stage %d of the policy → %d for the reference", rel.name, p.ZeRO.Stage.V, stage)))
	}
	if !t.Script && (t.Trainer == TRLDPO || t.Trainer == TRLKTO) {
		p.Assume("the trainer is told from %s; a %s reference model is assumed", t.Why, class)
	}
	p.RL.Companions = append(p.RL.Companions, ref)
}

// TRLRelease names the TRL release whose behaviour a TRL job is checked
// against ("TRL v1.9.0", or "TRL v0.18.0" for open-r1), and why.
func TRLRelease(j *Job, t TRLJob) (name, why string) {
	rel, why := trlReleaseOf(j, t)
	return rel.name, why
}

// TRLCurrent is the release the TRL reader cites by default.
const TRLCurrent = "TRL v1.9.0"
