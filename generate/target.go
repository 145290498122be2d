package generate

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// field says how one plan setting is spelled in each format, so a knob can
// write it where the job keeps it. The first name of each list is the one
// inserted; the others are spellings the readers also accept.
type field struct {
	trainer    map[read.Format][]string // Trainer-side files and launch-script flags
	deepspeed  []string                 // under the DeepSpeed root
	accelerate []string                 // in an Accelerate config
	project    string                   // in .trainlint.yaml, for facts no config holds
	// spelled names a setting no format holds under that name (an RL
	// framework's rollout settings): only a framework whose spellings
	// name it writes it, in its own key.
	spelled string
}

var (
	hfNames = func(names ...string) map[read.Format][]string {
		return map[read.Format][]string{read.Trainer: names, read.LlamaFactory: names, read.Axolotl: names, read.Script: names}
	}
	fieldMicroBatch = field{
		trainer: map[read.Format][]string{
			read.Trainer:      {"per_device_train_batch_size", "per_gpu_train_batch_size"},
			read.LlamaFactory: {"per_device_train_batch_size"},
			read.Axolotl:      {"micro_batch_size"},
			read.Script:       {"per_device_train_batch_size", "per_gpu_train_batch_size", "micro_batch_size"},
		},
		deepspeed: []string{"train_micro_batch_size_per_gpu"},
	}
	fieldGradAccum = field{
		trainer:    hfNames("gradient_accumulation_steps"),
		deepspeed:  []string{"gradient_accumulation_steps"},
		accelerate: []string{"deepspeed_config.gradient_accumulation_steps"},
	}
	fieldCheckpointing = field{
		trainer:    hfNames("gradient_checkpointing"),
		accelerate: []string{"fsdp_config.fsdp_activation_checkpointing"},
	}
	fieldOptimizer = field{
		trainer: map[read.Format][]string{
			read.Trainer:      {"optim"},
			read.LlamaFactory: {"optim"},
			read.Axolotl:      {"optimizer"},
			read.Script:       {"optim"},
		},
	}
	fieldStage = field{
		deepspeed:  []string{"zero_optimization.stage"},
		accelerate: []string{"deepspeed_config.zero_stage"},
	}
	fieldOffloadOptimizer = field{
		deepspeed:  []string{"zero_optimization.offload_optimizer.device"},
		accelerate: []string{"deepspeed_config.offload_optimizer_device"},
	}
	fieldOffloadParam = field{
		deepspeed:  []string{"zero_optimization.offload_param.device"},
		accelerate: []string{"deepspeed_config.offload_param_device"},
	}
	fieldReduceBucket    = field{deepspeed: []string{"zero_optimization.reduce_bucket_size"}}
	fieldAllgatherBucket = field{deepspeed: []string{"zero_optimization.allgather_bucket_size"}}
	fieldOverlapComm     = field{deepspeed: []string{"zero_optimization.overlap_comm"}}
	fieldSubGroup        = field{deepspeed: []string{"zero_optimization.sub_group_size"}}
	fieldMaxLive         = field{deepspeed: []string{"zero_optimization.stage3_max_live_parameters", "zero_optimization.max_live_parameters"}}
	fieldMaxReuse        = field{deepspeed: []string{"zero_optimization.stage3_max_reuse_distance", "zero_optimization.max_reuse_distance"}}
	fieldSeqLen          = field{
		trainer: map[read.Format][]string{
			read.Trainer:      {"max_seq_length", "model_max_length", "max_seq_len", "max_length", "seq_length"},
			read.LlamaFactory: {"cutoff_len"},
			read.Axolotl:      {"sequence_len"},
			read.Script:       {"max_seq_length", "model_max_length", "max_seq_len", "max_length", "cutoff_len", "seq_length"},
		},
		project: "training.seq_len",
	}
	fieldMaxSlices = field{trainer: hfNames("max_slice_nums"), project: "training.images.max_slices"}
)

// target maps plan settings of one job back to the files that hold them.
type target struct {
	job *read.Job
}

// root is one mapping of one file that a reader took settings from.
type root struct {
	file *read.File
	node *yaml.Node
	kind read.Format // the format of the settings in node (DeepSpeed for an inline deepspeed mapping)
	// vocab is the framework whose key names apply in node when they are not
	// kind's: LLaMA-Factory's for the flags of a llamafactory-cli launch.
	vocab read.Format
}

// roots lists the job's settings mappings, the launch command's arguments
// first since they override the Trainer file.
func (t *target) roots() []root {
	j := t.job
	var out []root
	if t.scriptArgsWritable() {
		out = append(out, t.scriptRoot())
	}
	if j.Trainer != nil && j.Trainer.Doc != nil {
		out = append(out, t.trainerFileRoot())
	}
	if j.DeepSpeed != nil && j.DeepSpeedRoot != nil && j.DeepSpeed.Doc != nil {
		out = append(out, root{file: j.DeepSpeed, node: j.DeepSpeedRoot, kind: read.DeepSpeed})
	}
	if j.Accelerate != nil && j.Accelerate.Doc != nil {
		out = append(out, root{file: j.Accelerate, node: j.Accelerate.Root, kind: read.Accelerate})
	}
	return out
}

// scriptRoot is the launch command's arguments, in the vocabulary of the
// framework the command runs.
func (t *target) scriptRoot() root {
	r := root{file: t.job.Script, node: t.job.Args, kind: read.Script}
	if read.LlamaFactoryCommand(t.job) {
		r.vocab = read.LlamaFactory
	}
	return r
}

// trainerRoot is where Trainer arguments are inserted: the Trainer file, or
// else the launch command.
func (t *target) trainerRoot() (root, bool) {
	j := t.job
	switch {
	case j.Trainer != nil && j.Trainer.Doc != nil:
		return t.trainerFileRoot(), true
	case t.scriptArgsWritable():
		return t.scriptRoot(), true
	}
	return root{}, false
}

// scriptArgsWritable reports whether a fix may write the launch command's
// arguments: in a launch script, not in a cluster job spec, whose command
// is YAML (a list of words, a block of text) the script rewriter does not
// write.
func (t *target) scriptArgsWritable() bool {
	j := t.job
	return j.Script != nil && j.Args != nil && j.Script.Format == read.Script
}

// trainerFileRoot is the job's Trainer-side file, in the Trainer's
// vocabulary where the framework's spellings place the Trainer's keys in its
// own (read.TrainerVocab).
func (t *target) trainerFileRoot() root {
	j := t.job
	r := root{file: j.Trainer, node: j.Trainer.Root, kind: j.Trainer.Format}
	if read.TrainerVocab(j.Trainer.Format) {
		r.vocab = read.Trainer
	}
	return r
}

func (t *target) deepSpeedRoot() (root, bool) {
	j := t.job
	if j.DeepSpeed != nil && j.DeepSpeedRoot != nil && j.DeepSpeed.Doc != nil {
		return root{file: j.DeepSpeed, node: j.DeepSpeedRoot, kind: read.DeepSpeed}, true
	}
	return root{}, false
}

// accelerateDeepSpeed reports whether the Accelerate config carries the
// DeepSpeed settings itself (no deepspeed_config_file).
func (t *target) accelerateDeepSpeed() bool {
	j := t.job
	if j.Accelerate == nil || j.Accelerate.Doc == nil || j.DeepSpeed != nil {
		return false
	}
	_, v := document.Get(j.Accelerate.Root, "distributed_type")
	return v != nil && strings.EqualFold(v.Value, "DEEPSPEED")
}

// formatOf is the format whose key names apply in r.
func formatOf(r root) read.Format {
	if r.vocab != "" {
		return r.vocab
	}
	return r.kind
}

// change builds a Set of key (dotted, under r) to val.
func (t *target) change(r root, key string, val any) lint.Change {
	if r.kind == read.Script {
		path := []string{"--" + key}
		if t.job.Command != nil && len(r.file.Script.Commands) > 1 {
			path = []string{ScriptCommand(t.job.Command.Pos.Line), "--" + key}
		}
		return lint.Change{File: r.file.Path, Path: path, Op: lint.Set, Value: val}
	}
	prefix := pathTo(r.file.Doc.Root, r.node)
	return lint.Change{File: r.file.Path, Path: append(prefix, strings.Split(key, ".")...), Op: lint.Set, Value: val}
}

// pathTo returns the keys leading from the document root to node.
func pathTo(from, node *yaml.Node) []string {
	if from == node {
		return []string{}
	}
	var found []string
	var visit func(m *yaml.Node, path []string, depth int) bool
	visit = func(m *yaml.Node, path []string, depth int) bool {
		if m == nil || m.Kind != yaml.MappingNode || depth > document.MaxDepth {
			return false
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			p := append(append([]string(nil), path...), m.Content[i].Value)
			if m.Content[i+1] == node {
				found = p
				return true
			}
			if visit(m.Content[i+1], p, depth+1) {
				return true
			}
		}
		return false
	}
	visit(from, nil, 0)
	return found
}

// has returns the first of names present in r with a non-null value.
func has(r root, names []string) (string, *yaml.Node) {
	for _, n := range names {
		_, v := document.Lookup(r.node, strings.Split(n, ".")...)
		if v != nil && !document.IsNull(v) {
			return n, v
		}
	}
	return "", nil
}

// located returns the root and key a file origin points at.
func (t *target) located(o plan.Origin) (root, string, bool) {
	if o.File == "" || o.Key == "" {
		return root{}, "", false
	}
	for _, r := range t.roots() {
		if r.file.Path != o.File {
			continue
		}
		k, v := document.Lookup(r.node, strings.Split(o.Key, ".")...)
		if v == nil {
			continue
		}
		if k == nil || (k.Line == o.Line && k.Column == o.Column) || o.Line == 0 {
			return r, o.Key, true
		}
	}
	return root{}, "", false
}

// set returns the changes that make a setting hold val, written where the
// job keeps it: the key the value was read from; for an "auto" DeepSpeed
// value or a default, the Trainer side (never overwriting "auto"), else the
// DeepSpeed or Accelerate config. valueFor, when not nil, converts val for
// the key it is written under. Explicit copies of the setting elsewhere
// (a number in the DeepSpeed config that must agree with the Trainer) are
// updated too. It returns nil when no file can express the setting.
func (t *target) set(f field, o plan.Origin, val any, valueFor func(key string) any) []lint.Change {
	conv := func(key string) any {
		if valueFor != nil {
			return valueFor(key)
		}
		return val
	}
	var out []lint.Change
	var primary root
	primaryKey := ""
	if o.Kind == plan.FromFile {
		if r, key, ok := t.located(o); ok {
			primary, primaryKey = r, key
		}
	}
	if primaryKey == "" && o.Kind != plan.FromFlag {
		primary, primaryKey = t.placeFor(f, o)
		if primaryKey == "" {
			if r, key, ok := t.spelledField(f); ok {
				primary, primaryKey = r, key
			}
		}
	}
	if primaryKey == "" {
		if o.Kind == plan.FromProject && f.project != "" && t.job.Project != nil {
			return []lint.Change{t.projectChange(f.project, conv(f.project))}
		}
		return nil
	}
	out = append(out, t.change(primary, primaryKey, conv(primaryKey)))
	// Copies that must agree: explicit (not "auto") values in the DeepSpeed
	// and Accelerate configs.
	for _, r := range t.roots() {
		if r.file == primary.file && r.node == primary.node {
			continue
		}
		var names []string
		switch r.kind {
		case read.DeepSpeed:
			names = f.deepspeed
		case read.Accelerate:
			names = f.accelerate
		}
		if key, v := has(r, names); key != "" && !document.IsAuto(v) {
			out = append(out, t.change(r, key, conv(key)))
		}
	}
	return out
}

// placeFor chooses where a setting without a file origin is written.
func (t *target) placeFor(f field, o plan.Origin) (root, string) {
	if o.Kind == plan.FromProject && f.project != "" && (f.project == fieldSeqLen.project || f.project == fieldMaxSlices.project) {
		// Facts of the data pipeline stay declared where they were.
		return root{}, ""
	}
	if len(f.trainer) > 0 {
		for _, r := range t.roots() {
			if names := f.trainer[formatOf(r)]; len(names) > 0 {
				if key, _ := has(r, names); key != "" {
					return r, key
				}
			}
		}
		if r, ok := t.trainerRoot(); ok {
			if names := f.trainer[formatOf(r)]; len(names) > 0 {
				return r, names[0]
			}
		}
	}
	if r, ok := t.deepSpeedRoot(); ok && len(f.deepspeed) > 0 {
		key, v := has(r, f.deepspeed)
		switch {
		case key == "":
			return r, f.deepspeed[0]
		case !document.IsAuto(v):
			return r, key
		}
	}
	if len(f.accelerate) > 0 && t.job.Accelerate != nil && t.job.Accelerate.Doc != nil {
		r := root{file: t.job.Accelerate, node: t.job.Accelerate.Root, kind: read.Accelerate}
		if key, _ := has(r, f.accelerate); key != "" {
			return r, key
		}
		if strings.HasPrefix(f.accelerate[0], "deepspeed_config.") && t.accelerateDeepSpeed() {
			return r, f.accelerate[0]
		}
		if strings.HasPrefix(f.accelerate[0], "fsdp_config.") && t.job.Plan.FSDP.Mode.Set {
			return r, f.accelerate[0]
		}
	}
	return root{}, ""
}

// projectChange sets a key of the project file.
func (t *target) projectChange(key string, val any) lint.Change {
	return lint.Change{File: t.job.Project.Path, Path: strings.Split(key, "."), Op: lint.Set, Value: val}
}

// trainerKey returns the key a Trainer-side setting has in the job's Trainer
// file (or launch command): the one written, else the format's first name.
func (t *target) trainerKey(names map[read.Format][]string) (root, string, bool) {
	for _, r := range t.roots() {
		if ns := names[formatOf(r)]; len(ns) > 0 {
			if key, _ := has(r, ns); key != "" {
				return r, key, true
			}
		}
	}
	if r, ok := t.trainerRoot(); ok {
		if ns := names[formatOf(r)]; len(ns) > 0 {
			return r, ns[0], true
		}
	}
	return root{}, "", false
}

// minicpmV reports whether the job runs MiniCPM-V's finetune.py, whose
// parser rejects keys it does not define.
func (t *target) minicpmV() bool {
	return t.job.Plan != nil && t.job.Plan.Recipe.V == plan.RecipeMiniCPMV
}
