package read

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// ms-swift (modelscope/ms-swift) is read from its command lines: `swift
// sft|pt|rlhf …` and the argument file `swift sft config.yaml` expands
// (swift/cli/main.py parse_yaml_args). Every default below is from the
// argument dataclasses of ms-swift v4.5.2 (tag v4.5.2, commit ff51287):
// swift/arguments/*.py and swift/trainers/arguments.py.
const swiftVersion = "ms-swift v4.5.2"

// swiftTrains are the swift subcommands that run an optimizer.
var swiftTrains = map[string]bool{"sft": true, "pt": true, "rlhf": true}

// swiftNotTraining are the swift subcommands that load a model without
// training it (swift/cli/main.py ROUTE_MAPPING), with what they do.
var swiftNotTraining = map[string]string{
	"infer": "inference", "eval": "evaluation", "deploy": "serving", "app": "a demo app", "web-ui": "a web UI",
	"web_ui": "a web UI", "export": "export or conversion", "merge-lora": "merging adapters", "merge_lora": "merging adapters",
	"sample": "sampling", "rollout": "a rollout server",
}

// swiftCommand reports whether the job is started by ms-swift's CLI, and
// with which launcher (shell.Swift or shell.Megatron).
func swiftCommand(j *Job) (string, bool) {
	if j == nil || j.Command == nil {
		return "", false
	}
	l := j.Command.Launcher
	return l, l == shell.Swift || l == shell.Megatron
}

// swiftModule matches the path of one of ms-swift's CLI modules.
var swiftModule = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|/)swift/cli/([a-z_]+)\.py$`) })

// swiftScript reports the subcommand whose module a launch runs by its path
// (torchrun|accelerate launch|deepspeed swift/cli/sft.py --model …, as
// ms-swift v4.5.2's examples/train/multi-node do): swift/cli/main.py
// ROUTE_MAPPING runs each subcommand as that module, and swift/cli/sft.py
// calls the same sft_main, here in the processes the launcher starts.
func swiftScript(c *shell.Command) (string, bool) {
	if c == nil || c.Module {
		return "", false
	}
	m := swiftModule().FindStringSubmatch(c.Program.Text)
	if m == nil {
		return "", false
	}
	return m[2], true
}

// ownsSwift owns every settings mapping of a `swift …` job, or of a launch
// of one of its training modules: its arguments and the argument file it
// names; and an argument file read on its own.
func ownsSwift(j *Job, _ settings) bool {
	if l, ok := swiftCommand(j); ok {
		return l == shell.Swift && swiftTrains[j.Command.Subcommand()]
	}
	if j != nil {
		if sub, ok := swiftScript(j.Command); ok {
			return swiftTrains[sub]
		}
	}
	return j != nil && j.Command == nil && swiftArgsFile(j.Trainer)
}

// swiftScriptSpells spells the fixes of a launch of ms-swift's training
// modules as those of `swift sft`: the same parser reads them.
func swiftScriptSpells(j *Job) (map[string]Spelling, bool) {
	if j == nil {
		return nil, false
	}
	if sub, ok := swiftScript(j.Command); ok && swiftTrains[sub] {
		return swiftSpells()[shell.Swift], true
	}
	return nil, false
}

// swiftArgsFile reports whether a file holds ms-swift arguments
// (`swift sft config.yaml`, swift/cli/main.py parse_yaml_args): `model`
// beside the tuner (tuner_type, train_type before ms-swift 4), keys no
// Trainer, LLaMA-Factory or axolotl file holds together.
func swiftArgsFile(f *File) bool {
	if f == nil || f.Root == nil {
		return false
	}
	_, model := document.Get(f.Root, "model")
	_, tuner := document.Get(f.Root, "tuner_type")
	_, old := document.Get(f.Root, "train_type")
	_, hf := document.Get(f.Root, "model_name_or_path")
	return model != nil && model.Kind == yaml.ScalarNode && (tuner != nil || old != nil) && hf == nil
}

// SwiftArgsFile reports whether the job's Trainer-like file holds ms-swift
// arguments (named by a `swift` launch, or read on its own): ms-swift
// v4.5.2's swift/cli/main.py parse_yaml_args turns each of its values into
// a command-line word (str(v)), which its HfArgumentParser then converts
// to the field's type.
func SwiftArgsFile(j *Job) bool {
	if j == nil || j.Trainer == nil {
		return false
	}
	if l, ok := swiftCommand(j); ok {
		return l == shell.Swift
	}
	if _, ok := swiftScript(j.Command); ok {
		return true
	}
	return swiftArgsFile(j.Trainer)
}

// ownsMegatron owns the arguments of `megatron sft|pt|rlhf`.
func ownsMegatron(j *Job, _ settings) bool {
	l, ok := swiftCommand(j)
	return ok && l == shell.Megatron && j.Command.Subcommand() != "export"
}

// swiftPresets are the DeepSpeed configs ms-swift ships in swift/config/
// and resolves by name (SftArguments._init_deepspeed). Each sets pin_memory
// true, overlap_comm false, contiguous_gradients true, sub_group_size,
// stage3_max_live_parameters and stage3_max_reuse_distance 1e9; the ZeRO-0
// to ZeRO-2 ones reduce and allgather buckets of 2e8, the ZeRO-3 ones
// leave reduce_bucket_size, stage3_prefetch_bucket_size and
// stage3_param_persistence_threshold "auto" and gather 16-bit weights on
// save.
var swiftPresets = map[string]dsPreset{
	"zero0": swiftPreset(0, plan.OffloadNone, plan.OffloadNone), "zero1": swiftPreset(1, plan.OffloadNone, plan.OffloadNone),
	"zero2": swiftPreset(2, plan.OffloadNone, plan.OffloadNone), "zero2_offload": swiftPreset(2, plan.OffloadCPU, plan.OffloadNone),
	"zero3": swiftPreset(3, plan.OffloadNone, plan.OffloadNone), "zero3_offload": swiftPreset(3, plan.OffloadCPU, plan.OffloadCPU),
}

func swiftPreset(stage int, offOpt, offPar plan.Offload) dsPreset {
	pre := dsPreset{stage: stage, offOpt: offOpt, offPar: offPar, pinMemory: true, contiguous: true,
		subGroup: 1e9, maxLive: 1e9, maxReuse: 1e9, gather16: stage == 3,
		set: "offload_optimizer.device offload_param.device pin_memory overlap_comm contiguous_gradients sub_group_size stage3_max_live_parameters stage3_max_reuse_distance stage3_gather_16bit_weights_on_model_save"}
	if stage < 3 {
		pre.reduceBucket, pre.allgatherBucket = 2e8, 2e8
		pre.set += " reduce_bucket_size allgather_bucket_size"
		return pre
	}
	pre.reduceBucket, pre.allgatherBucket, pre.autoBuckets = 5e8, 5e8, true
	pre.set += " reduce_bucket_size"
	return pre
}

// isSwiftPreset reports whether a --deepspeed value of a swift command
// names one of ms-swift's bundled configs rather than a file.
func isSwiftPreset(c *shell.Command, value string) bool {
	if _, ok := swiftScript(c); ok {
		return swiftPresetName(value)
	}
	return swiftPresetName(value) && c != nil && c.Launcher == shell.Swift
}

// swiftPresetName reports whether a value names one of ms-swift's bundled
// DeepSpeed configs.
func swiftPresetName(value string) bool {
	_, ok := swiftPresets[value]
	return ok
}

// applySwift maps ms-swift's arguments onto the plan, on top of the
// Trainer arguments (SftArguments subclasses Seq2SeqTrainingArguments).
func applySwift(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(swiftVersion + " " + what) }
	p.Launcher = plan.Of("hf-trainer", plan.Derived("ms-swift runs the Hugging Face Trainer"))
	if v, _ := s.str("model"); v.Set {
		p.ModelRef = v
	}
	if p.MicroBatch.From.Kind == plan.FromDefault {
		p.MicroBatch = plan.Of(1, def("per_device_train_batch_size (swift/trainers/arguments.py)"))
	}
	if p.GradientCheckpointing.From.Kind == plan.FromDefault {
		p.GradientCheckpointing = plan.Of(true, def("gradient_checkpointing (swift/trainers/arguments.py)"))
	}
	// One process over several GPUs: without NPROC_PER_NODE or NNODES,
	// swift/cli/main.py (use_torchrun) starts one python process, and
	// get_default_device_map (swift/model/utils.py) then loads the model
	// with device_map "auto" over every visible GPU (is_mp): a naive model
	// parallelism the estimate does not model.
	if c := s.command; c != nil && c.Launcher == shell.Swift {
		_, procs := c.EnvVar("NPROC_PER_NODE")
		_, nodes := c.EnvVar("NNODES")
		if w, ok := c.EnvVar("CUDA_VISIBLE_DEVICES"); ok && w.Known && !procs && !nodes && strings.Contains(w.Text, ",") {
			recipeGap(p, "ms-swift device_map: not read",
				fmt.Sprintf("one process loads the model split over the %d GPUs CUDA_VISIBLE_DEVICES=%s names (device_map \"auto\"); naive model parallelism is not modelled", strings.Count(w.Text, ",")+1, w.Text),
				plan.At(s.file.Path, w.Pos.Line, w.Pos.Column, "CUDA_VISIBLE_DEVICES"))
		}
	}
	if !p.Eval.BatchSize.Set {
		p.Eval.BatchSize = plan.Of(1, def("per_device_eval_batch_size (swift/trainers/arguments.py)"))
	}
	// `swift rlhf --rlhf_type grpo` evaluates with TRL's
	// GRPOTrainer.prediction_step, which generates, scores and returns the
	// loss alone: no logits are gathered for metrics.
	if t, _ := s.str("rlhf_type"); strings.EqualFold(t.V, "grpo") && !p.Eval.PredictionLossOnly.Set {
		p.Eval.PredictionLossOnly = plan.Of(true, plan.Derived("rlhf_type grpo: TRL GRPOTrainer.prediction_step returns the loss only"))
	}
	if v, _ := s.str("attn_impl"); v.Set {
		switch a := strings.ToLower(v.V); a {
		case "flash_attn", "flash_attention_2":
			p.Attention = plan.Of("flash_attention_2", v.From)
		default:
			p.Attention = plan.Of(a, v.From)
		}
	}
	if v, _ := s.boolean("padding_free"); v.Set && v.V && !p.Packing.V {
		p.Assume("padding_free: batches are concatenated without padding; estimated like packing, each row up to max_length")
		p.Packing = v
		p.PaddingFree = v
	}
	applySwiftTuner(p, s, def)
	applySwiftFreeze(p, s, def)
	applySwiftDeepSpeed(p, s)
	applySwiftPreference(p, s, def)
}

// applySwiftPreference reads `swift rlhf`'s offline preference training:
// rlhf_type (default dpo; RLHFArguments in swift/arguments/rlhf_args.py)
// dpo and kto keep a reference, which RLHFArguments.__post_init__ sets to
// --ref_model or the model itself under tuner_type full and leaves unset
// otherwise, when TRL's trainer, which ms-swift's DPOTrainer and
// KTOTrainer subclass (swift/rlhf_trainers), runs the base with the
// adapters disabled; TRL's prepare_deepspeed keeps ZeRO-3 for the
// reference and runs it at stage 0 under a lower stage. orpo, simpo and
// cpo keep none. grpo, ppo, gkd and rm are left to the Trainer's plan.
func applySwiftPreference(p *plan.Plan, s settings, def func(string) plan.Origin) {
	t, _ := s.str("rlhf_type")
	if !t.Set {
		if s.command == nil || s.command.Subcommand() != "rlhf" || p.RL.Algorithm.Set {
			return
		}
		t = plan.Of("dpo", def("rlhf_type (swift/arguments/rlhf_args.py)"))
	}
	p.RL.Companions = slices.DeleteFunc(p.RL.Companions, func(c plan.Companion) bool { return c.Role == plan.RoleReference })
	switch strings.ToLower(t.V) {
	case "orpo", "simpo", "cpo":
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, t.From)
		return
	case "dpo", "kto":
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, t.From)
	default:
		return
	}
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true, From: t.From}
	if m, _ := s.str("ref_model"); m.Set {
		ref.ModelRef, ref.From = m, m.From
	}
	if p.UsesPEFT() {
		ref.Shared, ref.From = true, p.PEFT.Method.From
	} else if p.ZeRO.Enabled && p.ZeRO.Stage.Set {
		stage := 0
		if p.ZeRO.Stage.V == 3 {
			stage = 3
		}
		ref.ZeROStage = plan.Of(stage, plan.Derived(fmt.Sprintf("TRL prepare_deepspeed: ZeRO stage %d of the policy → %d for the reference", p.ZeRO.Stage.V, stage)))
	}
	p.RL.Companions = append(p.RL.Companions, ref)
}

// applySwiftTuner reads the tuner: --tuner_type (ms-swift 4; --train_type in
// ms-swift 3), default lora (BaseArguments.tuner_type), with LoRA rank 8,
// alpha 32 on all-linear (TunerArguments), and --quant_bits through
// bitsandbytes (QuantizeArguments; bnb_4bit_quant_type nf4).
func applySwiftTuner(p *plan.Plan, s settings, def func(string) plan.Origin) {
	tuner, _ := s.str("tuner_type", "train_type")
	switch {
	case tuner.Set:
	case p.PEFT.Method.From.Kind != plan.FromDefault:
		// Set by the argument file, read before the command line.
		return
	default:
		tuner = plan.Of("lora", def("tuner_type (swift/arguments/base_args/base_args.py)"))
	}
	switch t := strings.ToLower(tuner.V); t {
	case "full":
		p.PEFT.Method = plan.Of("none", tuner.From)
	case "lora", "longlora", "qlora":
		p.PEFT.Method = plan.Of("lora", tuner.From)
	default:
		p.PEFT.Method = plan.Of("lora", tuner.From)
		p.Assume("tuner %q is estimated as LoRA", t)
	}
	if p.UsesPEFT() {
		if !p.PEFT.R.Set {
			p.PEFT.R = plan.Of(8, def("lora_rank (swift/arguments/tuner_args.py)"))
		}
		if !p.PEFT.Alpha.Set {
			p.PEFT.Alpha = plan.Of(32, def("lora_alpha (swift/arguments/tuner_args.py)"))
		}
		orDefault(&p.PEFT.Dropout, 0.05, def("lora_dropout (swift/arguments/tuner_args.py)"))
		if v, _ := s.list("target_modules"); v.Set {
			p.PEFT.TargetModules = v
		} else if !p.PEFT.TargetModules.Set {
			p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, def("target_modules (swift/arguments/tuner_args.py)"))
		}
	}
	if q, _ := s.integer("quant_bits"); q.Set {
		switch q.V {
		case 4:
			p.Quant = plan.Of(plan.NF4, q.From)
			if p.UsesPEFT() {
				p.PEFT.Method = plan.Of("qlora", q.From)
			}
		case 8:
			p.Quant = plan.Of(plan.Int8, q.From)
		}
	}
}

// applySwiftFreeze reads --freeze_vit (default true), --freeze_aligner
// (default true) and --freeze_llm (default false) of TunerArguments. They
// decide what a full fine-tune trains; on a text-only model they change
// nothing.
func applySwiftFreeze(p *plan.Plan, s settings, def func(string) plan.Origin) {
	parts := []struct {
		key, part string
		frozen    bool
	}{{"freeze_vit", "vision", true}, {"freeze_aligner", "projector", true}, {"freeze_llm", "llm", false}}
	var frozen []string
	from, given := def("freeze_vit, freeze_aligner (swift/arguments/tuner_args.py)"), false
	for _, x := range parts {
		v, _ := s.boolean(x.key)
		if v.Set {
			from, given = v.From, true
		}
		if v.Or(x.frozen) {
			frozen = append(frozen, x.part)
		}
	}
	if given || !p.Freeze.Set {
		p.Freeze = plan.Of(frozen, from)
	}
}

// applySwiftDeepSpeed reads --deepspeed when it names a bundled preset; a
// path to a JSON file is attached as the job's DeepSpeed file instead.
func applySwiftDeepSpeed(p *plan.Plan, s settings) {
	v, _ := s.str("deepspeed")
	pre, ok := swiftPresets[v.V]
	if !v.Set || !ok {
		return
	}
	applyDeepSpeedPreset(p, pre, v.From, "--deepspeed "+v.V+" is "+swiftVersion+" swift/config/"+v.V+".json")
}

// applyMegatron records that ms-swift's Megatron path is not modelled:
// tensor, pipeline, expert and context parallelism and Megatron's own
// recomputation decide its memory, and the estimator knows none of them.
func applyMegatron(p *plan.Plan, s settings) {
	if v, _ := s.str("model"); v.Set {
		p.ModelRef = v
	}
	p.Launcher = plan.Of("megatron", plan.Derived("ms-swift's megatron CLI runs Megatron-Core"))
	p.Gap(plan.MemoryGap{Kind: "Megatron not modelled", What: "ms-swift Megatron training (`megatron sft`) is not modelled",
		Detail: "its memory depends on tensor, pipeline, expert and context parallelism and Megatron's recomputation, which trainlint does not estimate"})
}

// finishSwift applies the ms-swift defaults that depend on the world size
// or the model, after both are resolved.
func finishSwift(p *plan.Plan, j *Job) {
	if !ownsSwift(j, settings{}) {
		return
	}
	def := func(what string) plan.Origin { return plan.Default(swiftVersion + " " + what) }
	if p.LoadDtype.From.Kind == plan.FromDefault {
		// ModelArguments.torch_dtype None: the checkpoint's own dtype
		// (ModelArguments._init_model_info); the catalog does not record it.
		p.LoadDtype = plan.Of(plan.BF16, def("torch_dtype: the checkpoint's config.json dtype, assumed bfloat16"))
		p.Assume("torch_dtype not given: ms-swift loads the checkpoint's dtype; assumed bfloat16")
	}
	if p.Precision.From.Kind == plan.FromDefault {
		// ModelArguments._init_mixed_precision: bf16 for a bfloat16 model,
		// fp16 for float16 and float32.
		d := plan.FP16
		if p.LoadDtype.V == plan.BF16 {
			d = plan.BF16
		}
		p.Precision = plan.Of(d, plan.Derived("ms-swift sets bf16/fp16 from torch_dtype ("+string(p.LoadDtype.V)+")"))
	}
	if p.GradAccum.From.Kind == plan.FromDefault {
		// TrainArgumentsMixin.__post_init__: max(1, ceil(16 / batch / world)).
		w := p.World()
		ga := max(1, int(math.Ceil(16/float64(max(1, p.MicroBatch.V))/float64(w))))
		p.GradAccum = plan.Of(ga, def("gradient_accumulation_steps: ceil(16 / per_device_train_batch_size / world size)"))
	}
	if !p.SeqLen.Set && p.Model.Set && p.Model.V.Text.MaxPosition > 0 {
		// BaseArguments.__post_init__: max_length None is the model's
		// max_model_len.
		p.SeqLen = plan.Of(p.Model.V.Text.MaxPosition, def("max_length: the model's max_model_len"))
	}
	if v, _ := (settings{file: j.Script, root: j.Args}).str("deepspeed"); swiftPresets[v.V].autoBuckets {
		sizeAutoBuckets(p)
	}
}

// swiftSpells: ms-swift's parser (swift/arguments) takes --attn_impl and
// --max_length; its tuner is --tuner_type (--train_type before ms-swift 4)
// with --quant_bits, which a fix does not switch, and its default
// target_modules are already all-linear.
var swiftSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{shell.Swift: withSeqLen("max_length", map[string]Spelling{
		"attn_implementation":   renamed("attn_impl"),
		"use_flash_attention_2": refuseKey,
		"use_peft":              refuseKey,
		"use_lora":              refuseKey,
		"load_in_4bit":          refuseKey,
		"q_lora":                refuseKey,
		"lora_target_modules":   dropKey,
		"torch_dtype":           refuseKey,
	})}
})
