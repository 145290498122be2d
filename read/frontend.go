package read

import (
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// frontend is one training framework's vocabulary, in one place: which jobs
// are its own (a config file of its format, or a launch command that starts
// its trainer), how its keys map onto the plan (each default it assumes
// cited next to it), and how a knob the fix search turns is spelled in its
// keys (so a fix never adds a key the framework's argument parser rejects).
// Adding a framework is adding one file with one frontend, listing it in
// frontends, and its golden tests.
type frontend struct {
	name string
	// reads says which files and launch commands are the framework's, for
	// the README's list of frontends.
	reads string
	role  role
	// owns reports whether the settings s of job j are this framework's.
	owns func(j *Job, s settings) bool
	// apply maps the framework's keys in s onto the plan.
	apply func(p *plan.Plan, s settings)
	// command, when set, reads a launch command whose arguments are the
	// framework's own rather than Trainer arguments (Hydra overrides,
	// OpenRLHF's argparse flags). owns is false for another framework's
	// command; world is true when it settled the world size itself.
	command func(p *plan.Plan, j *Job) (owns, world bool)
	// overrides names a launch whose arguments override keys of the config
	// it names with --config (tune run's key=value, litgpt's --key value);
	// the reader reads the two as one settings mapping, the arguments on
	// top.
	overrides overrideLaunch
	// config reads the job's file of the framework's own format that sits
	// beside the training arguments (an Accelerate or DeepSpeed config).
	config func(p *plan.Plan, j *Job)
	// spells spells the Trainer arguments a fix writes (the knobs'
	// vocabulary: gradient_checkpointing, use_peft, max_seq_length, ...) in
	// the framework's own keys, where its parser rejects keys it does not
	// define, by the plan.Recipe the frontend gives its jobs, the format of
	// its config or its launcher; nil when the Trainer's keys are its own.
	// It is built on first use (a lint without fixes never asks).
	spells func() map[string]map[string]Spelling
	// trainerVocab is the format of the framework's config in which a fix
	// names the settings it writes by the Trainer's keys, at the config's
	// top level, for spells to place under the framework's own (AutoTrain's
	// params.batch_size); "" when the fix uses the format's own names.
	trainerVocab Format
	// spellsFor, when set, spells them for one job of the framework, whose
	// own settings decide some spellings (verl's dialect, a dynamic batch);
	// it reports false for another framework's job.
	spellsFor func(j *Job) (map[string]Spelling, bool)
	// accepts names the file in data/ that lists every argument the
	// framework's parser defines (AcceptedArgs), taken from its argument
	// classes at a named release; "" when none is kept.
	accepts string
}

// overrideLaunch is a launcher whose arguments override a config of the
// given format.
type overrideLaunch struct {
	launcher string
	config   Format
	keyValue bool // the arguments are key=value words, not --key value flags
}

// role says when a frontend is read, lowest precedence first.
type role int

const (
	// argsRole frameworks read a Trainer-like settings mapping (a config
	// file or a launch command's arguments) after the HF Trainer has.
	argsRole role = iota
	// trainerRole is the HF Trainer, read first for every Trainer-like
	// settings mapping that no command frontend owns: the frameworks that
	// build on TrainingArguments inherit its keys and defaults.
	trainerRole
	// launcherRole reads the launcher's config before the training
	// arguments, which override it.
	launcherRole
	// engineRole reads the engine's config after the training arguments and
	// the world size, which it derives from and never overrides.
	engineRole
)

// frontends are consulted in this order for every settings mapping of a job
// (a Trainer-like config file, then a launch command's arguments); each one
// of argsRole that owns the mapping applies it.
var frontends = []frontend{
	hfTrainer,
	jobSpecs,
	accelerate,
	deepSpeed,
	fsdpConfigFile,
	miniCPMV,
	{name: "LLaMA-Factory", reads: "YAML/JSON with stage, finetuning_type, template, cutoff_len (v0 and v1 configs); `llamafactory-cli train --key value` launches", owns: ownsLlamaFactory, apply: applyLlamaFactory, spells: llamaFactorySpells},
	{name: "axolotl", reads: "YAML with base_model, adapter, sequence_len, micro_batch_size; `axolotl train CONFIG --key value`", owns: formatIs(Axolotl), apply: applyAxolotl, accepts: "axolotl-v0.18.0-args.txt"},
	{name: "torchtune", reads: "recipe configs (model builder, batch_size, dataset.max_seq_len); `tune run [torchrun options] RECIPE --config CONFIG key=value` launches",
		owns: formatIs(Torchtune), apply: applyTorchtune, command: applyTuneCommand, spells: torchtuneSpells, overrides: overrideLaunch{shell.Tune, Torchtune, true}},
	{name: "LitGPT", reads: "config_hub fine-tune YAML (checkpoint_dir, precision, train.micro_batch_size); `litgpt finetune_lora|finetune_full|finetune_adapter [CHECKPOINT] --config CONFIG --key value` launches",
		owns: ownsLitGPT, apply: applyLitGPT, command: applyLitGPTCommand, spells: litgptSpells, overrides: overrideLaunch{shell.LitGPT, LitGPT, false}},
	olmOCR,
	{name: "llm_qlora", reads: "georgesung/llm_qlora YAML (base_model, model_context_window, lora, trainer)", owns: formatIs(LLMQLoRA), apply: applyLLMQLoRA, spells: llmQLoRASpells},
	xtuner,
	autoTrain,
	declined,
	dsChat,
	fastChat,
	{name: "NeMo-RL", reads: "configs with policy, dtensor_cfg, generation.vllm_cfg, cluster", owns: formatIs(NemoRL), apply: applyNemoRL, spells: nemoRLSpells},
	verl,
	verlSFT,
	openRLHF,
	skyRL,
	oat,
	{name: "LLaVA", reads: "launches of llava/train/train*.py (LLaVA, LLaVA-NeXT) and moellava/train/train*.py (MoE-LLaVA)", owns: ownsLLaVA, apply: applyLLaVA, spells: llavaSpells},
	{name: "InternVL", reads: "launches of internvl_chat's fine-tune scripts", owns: internVL.owns, apply: internVL.apply, spells: internVLSpells},
	{name: "Mini-Monkey", reads: "launches of Mini-Monkey's internvl/train/minimonkey_chat_finetune.py (InternVL's arguments)", owns: miniMonkey.owns, apply: miniMonkey.apply, spells: internVLSpells},
	{name: "Firefly", reads: "train_args JSON with train_mode, template_name", owns: ownsFirefly, apply: applyFirefly, spells: fireflySpells},
	{name: "Mantis", reads: "launches of Mantis's mantis/train/train_mllava.py, train_idefics2.py, train_idefics3.py and train_qwen2_vl.py (lora_enabled, qlora_enabled)", owns: ownsMantis, apply: applyMantis, spells: mantisSpells},
	{name: "qwen-vl-finetune", reads: "launches of Qwen2-VL/Qwen2.5-VL/Qwen3-VL qwen-vl-finetune", owns: ownsQwenVL, apply: applyQwenVL, spells: qwenVLSpells},
	{name: "open-instruct finetune.py", reads: "launches of open-instruct's open_instruct/finetune.py (use_lora, use_qlora, packing)", owns: ownsOpenInstruct, apply: applyOpenInstruct, spells: openInstructSpells},
	{name: "PEFT SFT example", reads: "launches of PEFT's examples/sft/train.py (use_peft_lora, use_4bit_quantization)", owns: ownsPEFTSFT, apply: applyPEFTSFT, spells: peftSFTSpells},
	{name: "Ovis", reads: "launches of Ovis's ovis/train/train.py (--ovis_pretrained_path, --multimodal_max_length, --text_max_length)", owns: ownsOvis, apply: applyOvis, spells: ovisSpells},
	{name: "ORPO main.py", reads: "launches of xfactlab/orpo's main.py (--model_name, --prompt_max_length, --response_max_length)", owns: ownsORPO, apply: applyORPO, spells: orpoSpells},
	{name: "QLoRA qlora.py", reads: "launches of artidoro/qlora's qlora.py and forks taking its arguments (source_max_len, target_max_len, bits, double_quant)", owns: ownsQLoRA, apply: applyQLoRA, spells: qloraSpells},
	{name: "ShowUI train.py", reads: "launches of showlab/ShowUI's train.py (argparse --batch_size, --precision, --ds_zero, --lora_r, --max_visual_tokens)", owns: ownsShowUI, apply: applyShowUI, spells: showUISpells},
	{name: "Qwen finetune.py", reads: "launches of Qwen's and Qwen-VL's finetune.py", owns: ownsQwen, apply: applyQwen, spells: qwenSpells},
	chatGLMPTuning,
	medusaHeads,
	specForge,
	specForgeLaunch,
	eagleFrontend,
	megatronLM,
	lmflowFinetune,
	{name: "ms-swift", reads: "`swift sft|pt|rlhf` command lines, launches of its swift/cli/sft.py, pt.py and rlhf.py, and their argument files", owns: ownsSwift, apply: applySwift, spells: swiftSpells, spellsFor: swiftScriptSpells, accepts: "ms-swift-v4.5.2-args.txt"},
	{name: "ms-swift Megatron", reads: "`megatron sft|pt|rlhf` command lines", owns: ownsMegatron, apply: applyMegatron},
}

// formatIs owns the settings read from a file of the given format.
func formatIs(f Format) func(*Job, settings) bool {
	return func(_ *Job, s settings) bool { return s.file != nil && s.file.Format == f && s.root == s.file.Root }
}

// argsOverrideFormat is the format of the config whose keys the launch
// command's arguments override, or Unknown when they are not overrides.
func argsOverrideFormat(c *shell.Command) Format {
	for _, fe := range frontends {
		if fe.overrides.launcher != "" && c.Launcher == fe.overrides.launcher {
			return fe.overrides.config
		}
	}
	return Unknown
}

// KeyValueArgs reports whether a launch command takes its settings as
// key=value overrides of its config (tune run), so a fix writes key=value
// words rather than --key value flags.
func KeyValueArgs(c *shell.Command) bool {
	if _, ok := skyRLCommand(c); ok {
		return true
	}
	if _, ok := verlDialectOf(c); ok {
		return true
	}
	for _, fe := range frontends {
		if fe.overrides.launcher != "" && c.Launcher == fe.overrides.launcher {
			return fe.overrides.keyValue
		}
	}
	return false
}

// trainerSettings are the job's Trainer-like settings mappings, lowest
// precedence first: the Trainer file, then the launch command's arguments;
// or, for a launch whose arguments override the config it names, the two
// read as one mapping.
func trainerSettings(j *Job) []settings {
	if j.Command != nil && j.Args != nil && argsOverrideFormat(j.Command) != Unknown {
		args := settings{file: j.Script, root: j.Args, command: j.Command}
		if j.Trainer == nil {
			return []settings{args}
		}
		return []settings{{file: j.Trainer, root: j.Trainer.Root, args: &args, command: j.Command}}
	}
	var tr []settings
	if j.Trainer != nil {
		tr = append(tr, settings{file: j.Trainer, root: j.Trainer.Root})
	}
	if j.Args != nil {
		tr = append(tr, settings{file: j.Script, root: j.Args, command: j.Command})
	}
	return tr
}

// applyFrontends lets every frontend that owns s apply it.
func applyFrontends(p *plan.Plan, j *Job, s settings) {
	for _, fe := range frontends {
		if fe.role == argsRole && fe.owns != nil && fe.owns(j, s) {
			fe.apply(p, s)
		}
	}
}

// applyCommandFrontends lets the frontend whose launch command the job runs
// read it.
func applyCommandFrontends(p *plan.Plan, j *Job) (owns, world bool) {
	for _, fe := range frontends {
		if fe.command != nil && j.Command != nil {
			if owns, world = fe.command(p, j); owns {
				return owns, world
			}
		}
	}
	return false, false
}

// applyConfigs lets the frontends of the given role read the job's config
// of their format.
func applyConfigs(p *plan.Plan, j *Job, r role) {
	for _, fe := range frontends {
		if fe.role == r && fe.config != nil {
			fe.config(p, j)
		}
	}
}

// Spelling is how a framework writes one Trainer argument a fix sets.
type Spelling struct {
	// Key is the framework's own key; "" (without Refuse) means the
	// framework already does it by itself and nothing is written.
	Key string
	// Value converts the value written; nil keeps it. A conversion that
	// returns nil refuses the value: the framework cannot express it.
	Value func(v any) any
	// Refuse says the framework has no such setting: a fix that needs it
	// is not offered.
	Refuse bool
	// Also are keys the framework needs written beside Key, with their
	// values (AutoTrain's params.quantization null beside params.peft,
	// whose parameter class defaults to int4); a later change of the same
	// key wins.
	Also map[string]any
	// Bare says the key is a switch (argparse store_true): true is written
	// as the flag alone, with no value.
	Bare bool
}

// TrainerVocab reports whether a fix writes the settings of a config of
// format f by the Trainer's keys, which the framework's spellings place
// in its own (Key may be a dotted path there).
func TrainerVocab(f Format) bool {
	for _, fe := range frontends {
		if fe.trainerVocab != "" && fe.trainerVocab == f {
			return true
		}
	}
	return false
}

// AnyKey in a framework's spellings stands for every argument it does not
// list.
const AnyKey = "*"

// The RL settings a fix writes, by the names its spellings give them; no
// Trainer or DeepSpeed key holds them, so only a framework that spells
// them gets them written.
const (
	// RolloutMemory is the share of the card a colocated engine takes.
	RolloutMemory = "rollout.gpu_memory_utilization"
	// RolloutOffloadParams and RolloutOffloadOptimizer move the policy's
	// states to host memory while the engine generates.
	RolloutOffloadParams    = "rollout.offload_params"
	RolloutOffloadOptimizer = "rollout.offload_optimizer"
	// LogProbMicroBatch is the micro batch of the old-policy log-prob
	// forwards, RefLogProbMicroBatch the reference's when it is set apart.
	LogProbMicroBatch    = "rl.log_prob_micro_batch_size"
	RefLogProbMicroBatch = "rl.ref_log_prob_micro_batch_size"
)

// Spellings returns how the framework of a job spells the Trainer
// arguments a fix writes, or nil when it takes the Trainer's own keys. The
// framework is known by the job's recipe (a fine-tune script), the format of
// its config (a recipe framework's YAML) or its launcher (a CLI).
func Spellings(j *Job) map[string]Spelling {
	for _, fe := range frontends {
		if fe.spellsFor != nil {
			if m, ok := fe.spellsFor(j); ok {
				return m
			}
		}
	}
	var names []string
	if j.Plan != nil {
		names = append(names, j.Plan.Recipe.V)
	}
	if j.Trainer != nil {
		names = append(names, string(j.Trainer.Format))
	}
	if j.Command != nil {
		names = append(names, j.Command.Launcher)
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		for _, fe := range frontends {
			if fe.spells == nil {
				continue
			}
			if m, ok := fe.spells()[name]; ok {
				return m
			}
		}
	}
	return nil
}

// fixedLoading are the settings a fine-tune script hard-codes (the attention
// kernel, a 16-bit load, no 4-bit base), so a fix cannot change them there.
var fixedLoading = []string{"load_in_4bit", "q_lora", "attn_implementation", "use_flash_attention_2", "torch_dtype"}

// refusing spells each of keys as refused.
func refusing(m map[string]Spelling, keys ...string) map[string]Spelling {
	for _, k := range keys {
		m[k] = refuseKey
	}
	return m
}

// trainerOnlyKeys are the Trainer and PEFT arguments a fix may write that a
// recipe framework's own config has no place for: its model builder or
// component decides them.
var trainerOnlyKeys = []string{"attn_implementation", "use_flash_attention_2", "use_peft", "use_lora", "load_in_4bit", "q_lora",
	"lora_target_modules", "torch_dtype", "optim"}

// Frontend names a framework trainlint reads and what of it.
type Frontend struct {
	Name  string
	Reads string
}

// Frontends lists the frameworks trainlint reads, in the order it consults
// them.
func Frontends() []Frontend {
	out := make([]Frontend, len(frontends))
	for i, fe := range frontends {
		out[i] = Frontend{fe.name, fe.reads}
	}
	return out
}

var (
	refuseKey = Spelling{Refuse: true}
	dropKey   = Spelling{}
	// refuseAll spells no argument at all: the framework's parser rejects
	// the Trainer's names and no spelling of its own is known.
	refuseAll = map[string]Spelling{AnyKey: refuseKey}
	// seqLenKeys are the Trainer-side names of the sequence length.
	seqLenKeys = []string{"max_seq_length", "model_max_length", "max_seq_len", "max_length", "seq_length", "cutoff_len"}
)

func renamed(name string) Spelling { return Spelling{Key: name} }

// negated spells a switch under a key that says the opposite
// (disable_gradient_checkpointing for gradient_checkpointing).
func negated(name string) Spelling {
	return Spelling{Key: name, Value: func(v any) any { b, _ := v.(bool); return !b }}
}

func constant(name string, v any) Spelling {
	return Spelling{Key: name, Value: func(any) any { return v }}
}

// withSeqLen spells every sequence-length key as the script's own.
func withSeqLen(name string, m map[string]Spelling) map[string]Spelling {
	for _, k := range seqLenKeys {
		m[k] = renamed(name)
	}
	return m
}
