package read

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// specForgeSchema cites the typed run config `specforge train --config`
// validates: Config and its sections ModelConfig, DataConfig,
// TrainingConfig and TrainerDeploymentConfig, each a pydantic model with
// extra="forbid" (StrictConfigModel), so a SpecForge config's top-level
// keys are Config's fields and nothing else.
const specForgeSchema = "SpecForge's specforge/config/schema.py at sgl-project/SpecForge@a6b6b02"

// specForgeKeys are Config's fields (specforge/config/schema.py, class
// Config): model, data, training, tracking, profiling, runtime,
// deployment, run_id and output_dir.
var specForgeKeys = keySet(`model data training tracking profiling runtime deployment run_id output_dir`)

// isSpecForge recognizes SpecForge's run config: model.target_model_path,
// ModelConfig's one required field, beside a training or data section, and
// no top-level key Config does not define.
func isSpecForge(root *yaml.Node, keys map[string]bool) bool {
	if nodeAt(root, []string{"model", "target_model_path"}) == nil || !mapping(root, "training") && !mapping(root, "data") {
		return false
	}
	for k := range keys {
		if !specForgeKeys[k] {
			return false
		}
	}
	return true
}

// specForge is SpecForge (sgl-project/SpecForge), which trains a small
// draft model (EAGLE-3, DFlash, P-EAGLE, …) for speculative decoding
// beside a frozen target model. It reads the run config's shape and
// declines the memory by name: the target is never trained, and runs as
// an SGLang server (online capture) or not at all (offline, from hidden
// states captured before), which the estimate does not model.
var specForge = frontend{
	name: "SpecForge",
	reads: "run configs of `specforge train --config` (model.target_model_path, model.draft_model_config, data.max_length, " +
		"training.batch_size, training.tp_size, training.ttt_length, deployment.trainer.nnodes and nproc_per_node), " +
		"with the draft model's config.json they name: memory named as not checked, with the reason",
	owns:  formatIs(SpecForge),
	apply: applySpecForge,
}

// applySpecForge reads the config as Config validates it, each default
// its field's in specforge/config/schema.py, and records why its memory is
// not estimated.
func applySpecForge(p *plan.Plan, s settings) {
	def := func(field string) plan.Origin { return plan.Default(specForgeSchema + " " + field) }
	integer := func(key string, dflt int, field string) plan.Value[int] {
		v, _ := s.integer(key)
		if !v.Set {
			v = plan.Of(dflt, def(field))
		}
		return v
	}
	str := func(key, dflt string) string {
		if v, _ := s.str(key); v.Set && v.V != "" {
			return v.V
		}
		return dflt
	}
	// SpecForge trains with its own loop, not the HF Trainer whose
	// defaults the plan starts from; the models load in model.torch_dtype.
	p.Launcher = plan.Value[string]{}
	if d, ok := dtypeOf(str("model.torch_dtype", "bfloat16")); ok {
		dt, _ := s.str("model.torch_dtype")
		from := dt.From
		if !dt.Set {
			from = def("ModelConfig.torch_dtype")
		}
		p.LoadDtype = plan.Of(d, from)
	}
	p.SeqLen = integer("data.max_length", 2048, "DataConfig.max_length")
	p.SeqLenIs = "SpecForge's data.max_length"
	p.MicroBatch = integer("training.batch_size", 1, "TrainingConfig.batch_size")
	p.GradAccum = integer("training.accumulation_steps", 1, "TrainingConfig.accumulation_steps")
	nnodes := integer("deployment.trainer.nnodes", 1, "TrainerDeploymentConfig.nnodes")
	perNode := integer("deployment.trainer.nproc_per_node", 1, "TrainerDeploymentConfig.nproc_per_node")
	tp := integer("training.tp_size", 1, "TrainingConfig.tp_size")
	ttt := integer("training.ttt_length", 7, "TrainingConfig.ttt_length")

	target, _ := s.str("model.target_model_path")
	at := target.From
	if !target.Set {
		at = plan.At(s.file.Path, 1, 1, "")
	}
	strategy := str("training.strategy", "eagle3")
	draft := "a draft config derived from the target (model.draft_model_config not set)"
	if d := str("model.draft_model_config", ""); d != "" {
		draft = "the draft model " + d
	}
	how := "the target's hidden states and logits come from an SGLang server it runs (online capture)"
	if h := str("data.hidden_states_path", ""); h != "" {
		how = "the target's hidden states were captured before, into data.hidden_states_path (offline)"
	}
	mode := str("deployment.mode", "local_colocated")
	lengths := fmt.Sprintf("max_length %d", p.SeqLen.V)
	if strategy == "eagle3" || ttt.From.Kind == plan.FromFile {
		// ttt_length is the EAGLE-3 test-time-training unroll.
		lengths += fmt.Sprintf(", ttt_length %d", ttt.V)
	}
	recipeGap(p, fmt.Sprintf("SpecForge %s draft training against the frozen target %s: not read", strategy, target.V),
		fmt.Sprintf("%s trains %s beside a frozen target model that takes no gradients; %s. "+
			"Draft-model training beside a frozen target is not modelled. Read: trainer world %d node(s) × %d process(es) (deployment.mode %s), "+
			"tp_size %d, batch_size %d × accumulation_steps %d, %s",
			specForgeSchema, draft, how, nnodes.V, perNode.V, mode, tp.V, p.MicroBatch.V, p.GradAccum.V, lengths), at)
}

// specForgeDraftLocal is SpecForge's test for a draft_model_config that
// names a local file rather than a Hugging Face repository
// (_looks_like_local_path in specforge/training/model_loading.py at
// sgl-project/SpecForge@a6b6b02): it starts with ".", "/", "~" or
// "file://", or ends with ".json". load_draft_config_source raises
// FileNotFoundError for such a path that does not exist.
func specForgeDraftLocal(v string) bool {
	return strings.HasPrefix(v, ".") || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "~") ||
		strings.HasPrefix(v, "file://") || strings.HasSuffix(v, ".json")
}

// attachDraft reads the draft model's config.json a SpecForge config names
// in model.draft_model_config as the job's input.
func (l *loader) attachDraft(j *Job, f *File) {
	_, v := document.Lookup(f.Root, "model", "draft_model_config")
	if v == nil || v.Kind != yaml.ScalarNode || document.IsNull(v) || v.Value == "" {
		return
	}
	l.draftConfig(j, f, nil, v, "model.draft_model_config")
}

// draftConfig reads a draft config named at n (by f, or by its launch c):
// a JSON file, or a folder holding config.json (load_draft_config_source).
// A local path that is not there is recorded as unresolved; a Hugging Face
// repository id is left to the hub.
func (l *loader) draftConfig(j *Job, f *File, c *shell.Command, n *yaml.Node, key string) {
	name := strings.TrimPrefix(n.Value, "file://")
	at, ok := resolveRef(f.Path, name)
	if !ok {
		at, ok = resolveRef(f.Path, filepath.Join(name, "config.json"))
	}
	if !ok && c != nil && c.Dir != "" && !filepath.IsAbs(n.Value) {
		at, ok = resolveRef(f.Path, filepath.Join(filepath.FromSlash(c.Dir), n.Value))
	}
	if !ok {
		if specForgeDraftLocal(n.Value) {
			j.unresolved(f, n, key, fmt.Errorf("%s: file %q not found (SpecForge raises FileNotFoundError)", key, n.Value))
		}
		return
	}
	if l.checkRoot(f.Path, at) != nil {
		return
	}
	if dc, err := l.file(at); err == nil && dc.Doc != nil && dc.Root != nil && dc.Root.Kind == yaml.MappingNode {
		j.Draft = dc
	}
}

// specForgeLegacy are SpecForge's training scripts before its single
// `specforge train` entry (sgl-project/SpecForge@40d8fef, the parent of
// d5883d5 "refactor: consolidate training on unified runtime"), each's
// argparse in its build_parser: the strategy it trains, the flag naming
// the draft config, and --max-length's default. --target-model-path is
// required by all four; --batch-size and --tp-size default to 1.
var specForgeLegacy = map[string]struct {
	strategy, draftFlag string
	maxLength           int
}{
	"train_eagle3.py": {"eagle3", "draft_model_config", 2048},
	"train_peagle.py": {"peagle", "draft_model_config", 2048},
	"train_dflash.py": {"dflash", "draft_config_path", 3072},
	"train_domino.py": {"domino", "draft_config_path", 3072},
}

// specForgeLegacyProgram is the SpecForge training script a launch runs,
// by its file name beside --target-model-path; "" for another program.
func specForgeLegacyProgram(j *Job) string {
	if j.Command == nil || j.Args == nil {
		return ""
	}
	// The file name may follow a folder given at run time
	// ($ROOT_DIR/scripts/train_eagle3.py).
	name := path.Base(j.Command.Program.Text)
	if _, ok := specForgeLegacy[name]; !ok {
		return ""
	}
	if _, _, ok := j.Command.Flag("target_model_path"); !ok {
		return ""
	}
	return name
}

// specForgeLaunch is SpecForge's frontend for launches of its scripts
// (`torchrun … scripts/train_eagle3.py --target-model-path …`).
var specForgeLaunch = frontend{
	name: "SpecForge scripts",
	reads: "launches of SpecForge's scripts/train_eagle3.py, train_peagle.py, train_dflash.py and train_domino.py (--target-model-path, " +
		"--draft-model-config or --draft-config-path, --batch-size, --max-length, --tp-size, --ttt-length), with the draft config they name: " +
		"memory named as not checked, with the reason",
	owns: func(j *Job, s settings) bool {
		return s.file == j.Script && s.root == j.Args && specForgeLegacyProgram(j) != ""
	},
	apply: applySpecForgeLaunch,
}

// applySpecForgeLaunch reads the launch's arguments with the script's
// defaults and records why its memory is not estimated.
func applySpecForgeLaunch(p *plan.Plan, s settings) {
	name := path.Base(s.command.Program.Text)
	sc := specForgeLegacy[name]
	cite := "SpecForge's scripts/" + name + " at sgl-project/SpecForge@40d8fef"
	integer := func(key string, dflt int) plan.Value[int] {
		v, _ := s.integer(key)
		if !v.Set {
			v = plan.Of(dflt, plan.Default(cite+" --"+strings.ReplaceAll(key, "_", "-")))
		}
		return v
	}
	p.Launcher = plan.Value[string]{}
	p.SeqLen = integer("max_length", sc.maxLength)
	p.SeqLenIs = "SpecForge's --max-length"
	p.MicroBatch = integer("batch_size", 1)
	tp := integer("tp_size", 1)
	target, _ := s.str("target_model_path")
	at := target.From
	if !target.Set {
		at = plan.At(s.file.Path, s.command.Pos.Line, s.command.Pos.Column, "")
		target.V = "(given at run time)"
	}
	draft := "a draft config derived from the target"
	if d, _ := s.str(sc.draftFlag); d.Set {
		draft = "the draft model " + d.V
	} else if n := s.unknownValue(sc.draftFlag); n != nil {
		draft = "the draft model " + n.Value
	}
	lengths := fmt.Sprintf("max_length %d", p.SeqLen.V)
	if sc.strategy == "eagle3" {
		lengths += fmt.Sprintf(", ttt_length %d", integer("ttt_length", 7).V)
	}
	recipeGap(p, fmt.Sprintf("SpecForge %s draft training against the frozen target %s: not read", sc.strategy, target.V),
		fmt.Sprintf("%s trains %s beside a frozen target model that takes no gradients, run by SGLang or held by the trainer; "+
			"draft-model training beside a frozen target is not modelled. Read: tp_size %d, batch_size %d, %s",
			cite, draft, tp.V, p.MicroBatch.V, lengths), at)
}

// attachSpecForgeDraft reads the draft config a launch of SpecForge's
// scripts names.
func (l *loader) attachSpecForgeDraft(j *Job, f *File, c *shell.Command) {
	name := specForgeLegacyProgram(j)
	if name == "" {
		return
	}
	key := specForgeLegacy[name].draftFlag
	if _, w, ok := c.Flag(key); ok && w.Known && w.Text != "" {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: w.Text, Line: w.Pos.Line, Column: w.Pos.Column}
		l.draftConfig(j, f, c, n, "--"+strings.ReplaceAll(key, "_", "-"))
	}
}
