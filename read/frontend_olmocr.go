package read

import (
	"fmt"
	"maps"
	"math"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// olmOCRRef is the olmocr release whose trainer the reader assumes: the
// Config dataclasses of olmocr/train/config.py, main() and QwenDataCollator
// of olmocr/train/train.py, and the PDFRenderer and Tokenizer steps of
// olmocr/train/dataloader.py at allenai/olmocr@f7cfe4c (Apache-2.0).
const olmOCRRef = "allenai/olmocr@f7cfe4c"

// RecipeOlmOCR is olmocr's trainer (python -m olmocr.train.train), named as
// its config format is.
const RecipeOlmOCR = string(OlmOCR)

var olmOCR = frontend{
	name:         "olmocr",
	reads:        "olmocr trainer YAML (model, training, dataset pipelines with PDFRenderer); `python -m olmocr.train.train --config CONFIG` launches",
	owns:         formatIs(OlmOCR),
	apply:        applyOlmOCR,
	spells:       olmOCRSpells,
	spellsFor:    olmOCRSpellsFor,
	trainerVocab: OlmOCR,
}

// olmOCRFields are the fields of olmocr's config dataclasses
// (olmocr/train/config.py at allenai/olmocr@f7cfe4c): Config for the top
// level, ModelConfig for model and TrainingConfig for training, which
// Config.from_yaml builds with keyword arguments, so a key none of them has
// raises TypeError before training starts.
var olmOCRFields = map[string]map[string]bool{
	"": keySet(`model dataset training project_name run_name tags notes experiment_tracker wandb_project wandb_entity distributed local_rank`),
	"model": keySet(`name trust_remote_code load_in_8bit load_in_4bit device_map torch_dtype use_flash_attention attn_implementation
		freeze_vision_tower freeze_language_model use_lora lora_rank lora_alpha lora_dropout lora_target_modules lora_modules_to_save`),
	"training": keySet(`output_dir num_train_epochs per_device_train_batch_size per_device_eval_batch_size gradient_accumulation_steps
		learning_rate lr_scheduler_type warmup_ratio lr_scheduler_kwargs optim adam_beta1 adam_beta2 adam_epsilon weight_decay max_grad_norm
		muon_momentum muon_lr_multiplier_head muon_lr_multiplier_embed muon_lr_multiplier_scalar gradient_checkpointing gradient_checkpointing_kwargs
		evaluation_strategy eval_steps save_strategy save_steps save_total_limit load_best_model_at_end metric_for_best_model greater_is_better
		logging_dir logging_strategy logging_steps logging_first_step report_to seed data_seed dataloader_drop_last dataloader_num_workers
		collator_max_token_len remove_unused_columns torch_compile torch_compile_backend torch_compile_mode torch_compile_fullgraph
		torch_compile_dynamic use_early_stopping early_stopping_patience early_stopping_threshold`),
}

// isOlmOCR recognizes olmocr's trainer YAML: model (with name), training
// and dataset mappings, and a key only olmocr's dataclasses define
// (training.collator_max_token_len, model.use_flash_attention) or a
// dataset pipeline.
func isOlmOCR(root *yaml.Node) bool {
	_, m := document.Get(root, "model")
	_, t := document.Get(root, "training")
	_, d := document.Get(root, "dataset")
	if m == nil || t == nil || d == nil || m.Kind != yaml.MappingNode || t.Kind != yaml.MappingNode || d.Kind != yaml.MappingNode {
		return false
	}
	if _, name := document.Get(m, "name"); name == nil || name.Kind != yaml.ScalarNode {
		return false
	}
	if _, v := document.Get(t, "collator_max_token_len"); v != nil {
		return true
	}
	if _, v := document.Get(m, "use_flash_attention"); v != nil {
		return true
	}
	return len(olmOCRPipelines(d, "train")) > 0
}

// olmOCRPipelines lists the pipeline of each dataset of a split
// (dataset.train, dataset.eval): a sequence of steps, each a mapping with
// a name.
func olmOCRPipelines(dataset *yaml.Node, split string) []*yaml.Node {
	_, list := document.Get(dataset, split)
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	var out []*yaml.Node
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			continue
		}
		if _, p := document.Get(item, "pipeline"); p != nil && p.Kind == yaml.SequenceNode {
			out = append(out, p)
		}
	}
	return out
}

// olmOCRConfigFlag is the config a launch of olmocr's trainer names:
// `python -m olmocr.train.train --config FILE` (main's argparse, whose
// only argument is --config).
func olmOCRConfigFlag(c *shell.Command) (shell.Word, bool) {
	if c == nil || c.Unreachable {
		return shell.Word{}, false
	}
	if !(c.Module && c.Program.Text == "olmocr.train.train") && !strings.HasSuffix(c.Program.Text, "olmocr/train/train.py") {
		return shell.Word{}, false
	}
	_, w, ok := c.Flag("config")
	if !ok || !w.Known || w.Text == "" {
		return shell.Word{}, false
	}
	return w, true
}

// applyOlmOCR reads the config as main() in olmocr/train/train.py uses it.
// It loads model.name with torch_dtype (ModelConfig default "auto"), and
// attn_implementation only when use_flash_attention (default true; else
// transformers' own choice); it wraps the model in PEFT LoRA when
// use_lora (lora_rank 8, lora_alpha 32, lora_dropout 0.1, q/v/k/o_proj by
// default); it enables gradient checkpointing when
// training.gradient_checkpointing (default false); it moves the model to
// one cuda device, compiles it when torch_compile, and steps a plain
// AdamW over the parameters as loaded (optim adamw_torch) or Muon (optim
// muon), running every forward under bfloat16 autocast; the DataLoader's
// batch is per_device_train_batch_size (default 1), accumulated over
// gradient_accumulation_steps (default 8); QwenDataCollator cuts each
// sample at collator_max_token_len (default None: no cut) and stacks the
// samples without padding.
func applyOlmOCR(p *plan.Plan, s settings) {
	ref := func(file, what string) string { return olmOCRRef + " " + file + " " + what }
	def := func(what string) plan.Origin { return plan.Default(ref("config.py", what)) }
	from := func(what string) plan.Origin { return plan.Derived(ref("train.py", what)) }
	p.Recipe = plan.Of(RecipeOlmOCR, from("main: olmocr's own trainer"))
	p.OwnLoop = plan.Of("olmocr/train/train.py runs its own training loop (loss.backward, optimizer.step) and builds no Trainer", from("main"))
	p.Launcher = plan.Of("", from("main: no Accelerate, DeepSpeed or Trainer"))

	if v, _ := s.str("model.name"); v.Set {
		p.ModelRef = v
	} else if !p.ModelRef.Set {
		p.ModelRef = plan.Of("Qwen/Qwen2.5-VL-7B-Instruct", def("ModelConfig.name"))
	}
	dt := plan.Of("auto", def("ModelConfig.torch_dtype"))
	set(&dt, first(s.str("model.torch_dtype")))
	if d, ok := dtypeOf(dt.V); ok {
		p.LoadDtype = plan.Of(d, dt.From)
	} else if dt.V == "auto" {
		// The Qwen2-VL, Qwen2.5-VL and Qwen3-VL checkpoints train.py
		// loads (its only model classes) store bfloat16 weights.
		p.LoadDtype = plan.Of(plan.BF16, plan.Auto(dt.From, "the checkpoint's dtype, bfloat16 for the Qwen-VL checkpoints train.py loads"))
	}
	p.Precision = plan.Of(plan.BF16, from("main: every forward runs under autocast(dtype=torch.bfloat16)"))

	flash := plan.Of(true, def("ModelConfig.use_flash_attention"))
	set(&flash, first(s.boolean("model.use_flash_attention")))
	attn, _ := s.str("model.attn_implementation")
	switch {
	case !flash.V:
		p.Attention = plan.Of("sdpa", plan.Auto(flash.From, "use_flash_attention false: train.py passes attn_implementation None, transformers picks sdpa"))
	case attn.Set:
		p.Attention = attn
	default:
		p.Attention = plan.Of("sdpa", plan.Auto(def("ModelConfig.attn_implementation None"), "transformers picks sdpa"))
	}

	applyOlmOCRLoRA(p, s, def)
	for _, key := range []string{"load_in_4bit", "load_in_8bit", "freeze_vision_tower", "freeze_language_model"} {
		if v, _ := s.boolean("model." + key); v.Set && v.V {
			p.Assume("olmocr config: model.%s is a field of ModelConfig that %s train.py never reads: the model is loaded and trained as if it were false", key, olmOCRRef)
		}
	}

	p.MicroBatch = plan.Of(1, def("TrainingConfig.per_device_train_batch_size"))
	set(&p.MicroBatch, first(s.integer("training.per_device_train_batch_size")))
	p.GradAccum = plan.Of(8, def("TrainingConfig.gradient_accumulation_steps"))
	set(&p.GradAccum, first(s.integer("training.gradient_accumulation_steps")))
	if p.MicroBatch.V > 1 {
		p.Assume("per_device_train_batch_size %d: QwenDataCollator stacks a batch's samples without padding (torch.stack), which fails unless they have the same length", p.MicroBatch.V)
	}
	p.GradientCheckpointing = plan.Of(false, def("TrainingConfig.gradient_checkpointing"))
	set(&p.GradientCheckpointing, first(s.boolean("training.gradient_checkpointing")))
	set(&p.TorchCompile, first(s.boolean("training.torch_compile")))
	opt := plan.Of("adamw_torch", def("TrainingConfig.optim"))
	set(&opt, first(s.str("training.optim")))
	switch opt.V {
	case "adamw_torch":
		p.Optimizer = opt
	case "muon":
		p.Optimizer = plan.Of("adamw_torch", opt.From)
		p.Assume("olmocr optim muon not read: estimated as AdamW (Muon keeps one momentum buffer for the hidden matrices, AdamW two)")
	default:
		p.Optimizer = plan.Of("adamw_torch", opt.From)
		p.Assume("olmocr optim %q: train.py raises NotImplementedError for any optimizer but adamw_torch and muon; estimated as AdamW", opt.V)
	}
	if v, _ := s.integer("training.collator_max_token_len"); v.Set {
		p.SeqLen = v
		p.Assume("collator_max_token_len counts the page image's tokens with the text's (Tokenizer puts them in input_ids); estimated at the cap, image tokens on top")
	} else {
		p.Assume("training.collator_max_token_len not given: QwenDataCollator cuts nothing, so the longest page's tokens set the length (declare training.seq_len)")
	}
	p.PadToLongest = plan.Of(true, from("QwenDataCollator cuts each sample at collator_max_token_len and pads nothing"))
	p.NoPaddingMask = plan.Of(true, plan.Derived(ref("dataloader.py", "Tokenizer: attention_mask = ones_like(input_ids)")))
	p.SingleDevice = plan.Of(true, from("main: model.to(cuda), no DistributedDataParallel; every process of a launch trains a whole copy alone"))

	applyOlmOCRImages(p, s, ref)
	olmOCRUnknownKeys(p, s)
}

// applyOlmOCRLoRA reads ModelConfig's LoRA fields as prepare_lora_model
// passes them to peft's LoraConfig.
func applyOlmOCRLoRA(p *plan.Plan, s settings, def func(string) plan.Origin) {
	use := plan.Of(false, def("ModelConfig.use_lora"))
	set(&use, first(s.boolean("model.use_lora")))
	if !use.V {
		p.PEFT.Method = plan.Of("none", use.From)
		return
	}
	p.PEFT.Method = plan.Of("lora", use.From)
	p.PEFT.R = plan.Of(8, def("ModelConfig.lora_rank"))
	set(&p.PEFT.R, first(s.integer("model.lora_rank")))
	p.PEFT.Alpha = plan.Of(32, def("ModelConfig.lora_alpha"))
	set(&p.PEFT.Alpha, first(s.integer("model.lora_alpha")))
	p.PEFT.Dropout = plan.Of(0.1, def("ModelConfig.lora_dropout"))
	set(&p.PEFT.Dropout, first(s.float("model.lora_dropout")))
	p.PEFT.TargetModules = plan.Of([]string{"q_proj", "v_proj", "k_proj", "o_proj"}, def("ModelConfig.lora_target_modules"))
	set(&p.PEFT.TargetModules, first(s.list("model.lora_target_modules")))
	set(&p.PEFT.ModulesToSave, first(s.list("model.lora_modules_to_save")))
}

// letterAspect is the width over the height of a US Letter page in
// portrait (8.5 × 11 inches), the page the estimate renders.
const letterAspect = 8.5 / 11

// applyOlmOCRImages sizes the one page image of a sample. Each sample is
// one single-page PDF (BaseMarkdownPDFDataset pairs a .md with a .pdf);
// PDFRenderer renders its page 1 with render_pdf_to_base64png
// (olmocr/data/renderpdf.py), which gives pdftoppm one resolution for both
// axes, target_longest_image_dim × 72 / the MediaBox's longest side, so
// the page keeps its aspect ratio with its longest side at
// target_longest_image_dim pixels (get_pipeline_steps' default 1024). The
// largest over the training datasets' pipelines is taken.
func applyOlmOCRImages(p *plan.Plan, s settings, ref func(file, what string) string) {
	if p.Images.Width.Set {
		return
	}
	_, d := document.Get(s.root, "dataset")
	if d == nil {
		return
	}
	side := 0
	var at plan.Origin
	for _, pipeline := range olmOCRPipelines(d, "train") {
		for _, step := range pipeline.Content {
			_, name := document.Get(step, "name")
			if name == nil || name.Value != "PDFRenderer" {
				continue
			}
			// get_pipeline_steps skips a step whose enabled is false
			// (PipelineStepConfig.enabled, default true).
			if _, on := document.Get(step, "enabled"); on != nil {
				if b, ok := document.Bool(on, false); ok && !b {
					continue
				}
			}
			n, o := 1024, plan.Default(ref("config.py", "get_pipeline_steps: PDFRenderer target_longest_image_dim"))
			if k, v := document.Get(step, "target_longest_image_dim"); v != nil {
				i, ok := document.Int(v, false)
				if !ok {
					continue
				}
				n, o = int(i), plan.At(s.file.Path, k.Line, k.Column, "target_longest_image_dim")
			}
			if n > side {
				side, at = n, o
			}
		}
	}
	if side <= 0 {
		return
	}
	width := int(math.Round(float64(side) * letterAspect))
	p.Images.Height = plan.Of(side, at)
	p.Images.Width = plan.Of(width, plan.Auto(at, "a US Letter page in portrait, 8.5 × 11"))
	p.Images.PerSample = plan.Of(1, plan.Derived(ref("dataloader.py", "Tokenizer: one rendered page per sample")))
	p.Assume("pages are estimated as US Letter in portrait (%d×%d pixels for target_longest_image_dim %d): PDFRenderer keeps each page's aspect ratio", width, side, side)
}

// olmOCRUnknownKeys names the keys no olmocr config dataclass defines:
// Config.from_yaml would raise TypeError on them.
func olmOCRUnknownKeys(p *plan.Plan, s settings) {
	var unknown []string
	for section, fields := range olmOCRFields {
		m := s.root
		if section != "" {
			_, m = document.Get(s.root, section)
		}
		if m == nil || m.Kind != yaml.MappingNode {
			continue
		}
		for _, pr := range document.Pairs(m) {
			if !fields[pr.Key.Value] {
				key := pr.Key.Value
				if section != "" {
					key = section + "." + key
				}
				unknown = append(unknown, fmt.Sprintf("%s (%s:%d)", key, s.file.Path, pr.Key.Line))
			}
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		p.Assume("olmocr config: not read: %s is no field of olmocr's config dataclasses (%s olmocr/train/config.py); Config.from_yaml raises TypeError on it", k, olmOCRRef)
	}
}

// olmOCRSpells writes a fix in olmocr's own nested keys: Config.from_yaml
// rejects any key its dataclasses lack (AnyKey), so what it has no field
// for is refused. It loads no 4-bit base (load_in_4bit is never passed to
// from_pretrained) and takes no optimizer but adamw_torch and muon.
var olmOCRSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeOlmOCR: withSeqLen("training.collator_max_token_len", map[string]Spelling{
		AnyKey:                        refuseKey,
		"per_device_train_batch_size": renamed("training.per_device_train_batch_size"),
		"per_gpu_train_batch_size":    renamed("training.per_device_train_batch_size"),
		"micro_batch_size":            renamed("training.per_device_train_batch_size"),
		"gradient_accumulation_steps": renamed("training.gradient_accumulation_steps"),
		"gradient_checkpointing":      renamed("training.gradient_checkpointing"),
		"torch_compile":               renamed("training.torch_compile"),
		"use_peft":                    renamed("model.use_lora"),
		"use_lora":                    renamed("model.use_lora"),
		"lora_target_modules":         renamed("model.lora_target_modules"),
		"attn_implementation":         {Key: "model.attn_implementation", Also: map[string]any{"model.use_flash_attention": true}},
		"torch_dtype":                 renamed("model.torch_dtype"),
	})}
})

// olmOCRSpellsFor spells a fix for one olmocr job: with optim muon, main()
// raises NotImplementedError for LoRA, so a fix that turns it on is
// refused.
func olmOCRSpellsFor(j *Job) (map[string]Spelling, bool) {
	if j.Trainer == nil || j.Trainer.Format != OlmOCR {
		return nil, false
	}
	m := maps.Clone(olmOCRSpells()[RecipeOlmOCR])
	if _, v := document.Lookup(j.Trainer.Root, "training", "optim"); v != nil && v.Value == "muon" {
		m["use_lora"], m["use_peft"] = refuseKey, refuseKey
	}
	return m, true
}
