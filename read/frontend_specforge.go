package read

import (
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
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
// in model.draft_model_config as the job's input: a JSON file, or a folder
// holding config.json (load_draft_config_source). A local path that is not
// there is recorded as unresolved; a Hugging Face repository id is left to
// the hub.
func (l *loader) attachDraft(j *Job, f *File) {
	_, v := document.Lookup(f.Root, "model", "draft_model_config")
	if v == nil || v.Kind != yaml.ScalarNode || document.IsNull(v) || v.Value == "" {
		return
	}
	name := strings.TrimPrefix(v.Value, "file://")
	path, ok := resolveRef(f.Path, name)
	if !ok {
		if dir, found := resolveRef(f.Path, filepath.Join(name, "config.json")); found {
			path, ok = dir, true
		}
	}
	if !ok {
		if specForgeDraftLocal(v.Value) {
			j.unresolved(f, v, "model.draft_model_config", fmt.Errorf("model.draft_model_config: file %q not found (SpecForge raises FileNotFoundError)", v.Value))
		}
		return
	}
	if l.checkRoot(f.Path, path) != nil {
		return
	}
	if dc, err := l.file(path); err == nil && dc.Doc != nil && dc.Root != nil && dc.Root.Kind == yaml.MappingNode {
		j.Draft = dc
	}
}
