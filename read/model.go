package read

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
)

// The kinds of memory gap, as the summary line counts them.
const (
	gapNoModel      = "no model named"
	gapUnknownModel = "model unknown"
	gapModelConfig  = "model config unreadable"
	gapNoGPU        = "no GPU declared"
	// GapDeepSpeedAlone is a DeepSpeed file no job uses: it has no batch to fit.
	GapDeepSpeedAlone = "DeepSpeed config linted alone"
)

// What closes each gap: one line of .trainlint.yaml, or a flag.
const (
	fixModel = "add `model: ORG/NAME` (a catalog id, see `trainlint models`) or `model_config: path/to/config.json` to .trainlint.yaml, or pass --model or --model-config"
	fixGPU   = "add `hardware: {gpu: a100-80gb, gpus_per_node: 8}` (your GPU, see `trainlint gpus`) to .trainlint.yaml, or pass --gpu and --gpus"
)

// localModelWhere is how a model found by its path is described.
const localModelWhere = "a local folder"

// modelKeys are the Trainer, LLaMA-Factory and axolotl keys that name the model.
var modelKeys = []string{"model_name_or_path", "base_model", "model_path", "pretrained_model_name_or_path", "model"}

// resolveModel finds the job's model the way the job would load it and says
// which way it took, in this order: a config.json declared with
// --model-config or model_config:, the catalog's ids and aliases, a local
// folder or config.json (from_pretrained tries a folder before the hub), the
// catalog again for variants of its models (-Instruct, another
// organisation, DeepSeek-R1 distills), the Hugging Face hub cache, the
// ModelScope cache, and last a catalog model named by the final folder of a
// path that is not on this machine. When nothing applies it records a
// memory gap rather than failing, so the rest of the job is still checked;
// only a model config or folder the user declared that cannot be read is an
// error.
func resolveModel(p *plan.Plan, j *Job, ov Overrides, env func(string) string) error {
	if done, err := declaredModelConfig(p, j, ov); done || err != nil {
		return err
	}
	if resolveSmallDogePT(p, j) {
		return nil
	}
	ref := p.ModelRef
	name := strings.TrimSpace(ref.V)
	if !ref.Set || name == "" {
		// A declined framework's job, and one whose recipe or Megatron
		// launch its frontend declined, already says memory is not
		// checked and why; naming a model would not change that.
		if declinedOf(j.Primary.Format) == nil && !declinedByName(p) {
			p.Gap(noModelGap(j))
		}
		return nil
	}
	return resolveName(p, j, ref, env, false)
}

// declinedByName reports whether a frontend said why the job's memory is
// not modelled, whatever its model.
func declinedByName(p *plan.Plan) bool {
	for _, g := range p.MemoryGaps {
		if g.Kind == "recipe not modelled" || g.Kind == "Megatron not modelled" {
			return true
		}
	}
	return false
}

// resolveName resolves a model name or path; viaAdapter is true for the
// base model an adapter folder names, which is not followed further.
func resolveName(p *plan.Plan, j *Job, ref plan.Value[string], env func(string) string, viaAdapter bool) error {
	name := strings.TrimSpace(ref.V)
	explicit := ref.From.Kind == plan.FromProject || ref.From.Kind == plan.FromFlag
	if m, err := j.Catalog.Model(name); err == nil {
		note := m.ID
		if !strings.EqualFold(name, m.ID) {
			note += " (" + name + " is one of its names)"
		}
		p.Model = plan.Of(m, plan.Origin{Kind: plan.FromCatalog, Note: note})
		return nil
	}
	path, folder := localModel(ref, j, env)
	if path != "" {
		return fromModelConfig(p, j, ref, path, localModelWhere)
	}
	if b := adapterBase(folder); b != "" && !viaAdapter {
		// transformers' AutoModel*.from_pretrained (models/auto/auto_factory.py, v4.40+) loads the base model
		// that a PEFT adapter folder's adapter_config.json names, then the adapter onto it.
		p.Assume("%s is a PEFT adapter folder; its base model %s is the model loaded", folder, b)
		base := ref
		base.V = b
		return resolveName(p, j, base, env, true)
	}
	if folder != "" && explicit {
		return refError(ref, j, fmt.Errorf("%q is a folder with no config.json in it", ref.V))
	}
	hub := hubID(name)
	if hub {
		if mt, err := j.Catalog.Resolve(name); err == nil {
			p.Model = plan.Of(mt.Model, plan.Origin{Kind: plan.FromCatalog, Note: mt.Model.ID + " (" + name + " is " + mt.How + ")"})
			return nil
		}
		if path := hubCacheConfig(name, env); path != "" {
			return fromModelConfig(p, j, ref, path, "the Hugging Face hub cache")
		}
		if path := modelScopeConfig(name, env); path != "" {
			return fromModelConfig(p, j, ref, path, "the ModelScope cache")
		}
	} else if base := filepath.Base(namingFolder(name)); folder == "" && base != "." && base != "" {
		// A launcher's path on the training machine (/data/models/Qwen2.5-7B-Instruct): the folder is named
		// after the checkpoint it holds far more often than not.
		if mt, err := j.Catalog.Resolve(base); err == nil {
			note := mt.Model.ID + " (named by the folder of " + name + ", which is not on this machine)"
			p.Model = plan.Of(mt.Model, plan.Origin{Kind: plan.FromCatalog, Note: note})
			p.Assume("model path %q is not on this machine; its folder name %q was taken for the catalog's %s", name, base, mt.Model.ID)
			assumeStepFolders(p, name)
			return nil
		}
		if joined, m, ok := parentNamed(j.Catalog, namingFolder(name)); ok {
			note := m.ID + " (named by the last two folders of " + name + ", " + joined + ", which is not on this machine)"
			p.Model = plan.Of(m, plan.Origin{Kind: plan.FromCatalog, Note: note})
			p.Assume("model path %q is not on this machine; its last two folders %q were taken for the catalog's %s", name, joined, m.ID)
			assumeStepFolders(p, name)
			return nil
		}
	}
	if hub {
		p.Assume("looked for %s in the Hugging Face cache (%s) and the ModelScope cache (%s)", name, orNone(hubCacheDir(env)), orNone(modelScopeDir(env)))
	}
	base := filepath.Base(strings.TrimRight(name, `/\`))
	if !hub {
		base = filepath.Base(namingFolder(name))
	}
	g, why, ok := j.Catalog.GuessFamilySize(base)
	if ok && folder == "" {
		what := "model path"
		if hub {
			what = "hub id"
		}
		note := fmt.Sprintf("%s (guessed from the family %q and the size %q in %s)", g.Model.ID, g.Family, g.Size, name)
		p.Model = plan.Of(g.Model, plan.Origin{Kind: plan.FromCatalog, Note: note})
		p.ModelGuess = fmt.Sprintf("the model is a guess: %s %q names no catalog model, and its words %q and %q were taken for the catalog's %s; declare `model: ORG/NAME` in .trainlint.yaml or pass --model", what, name, g.Family, g.Size, g.Model.ID)
		p.Assume("%s %q names no catalog model; its family %q and size %q were taken for the catalog's %s", what, name, g.Family, g.Size, g.Model.ID)
		assumeStepFolders(p, name)
		return nil
	}
	gap := unknownModelGap(name, hub, folder, j)
	if why != "" {
		gap.Detail += "; no guess from its name: " + why
	}
	p.Gap(gap)
	return nil
}

// checkpointFolder is a folder a trainer names after its step, not after the model it holds: Hugging Face
// Trainer's checkpoint-N (transformers trainer_utils.py PREFIX_CHECKPOINT_DIR, Trainer._save_checkpoint),
// verl's global_step_N with the actor's shards in actor/ and its Hugging Face copy in actor/huggingface/
// (verl trainer/ppo/ray_trainer.py RayPPOTrainer._save_checkpoint, utils/checkpoint/fsdp_checkpoint_manager.py
// save_checkpoint), DeepSpeed's global_stepN tag (runtime/engine.py save_checkpoint), and step_N, iter_N,
// epoch_N of other loops.
var checkpointFolder = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?i:(checkpoint|global_step|step|iter|iteration|epoch)[-_]?[0-9]+|actor|huggingface)$`)
})

// namingFolder is a model path without the trailing folders a trainer
// names after a step (checkpointFolder): the folder left names the run,
// and the run is named after its model far more often than not
// (/models/qwen3-32b-sft/global_step_208/actor/huggingface is
// /models/qwen3-32b-sft). A path that is nothing but such folders is
// returned as it is.
func namingFolder(name string) string {
	p := strings.TrimRight(filepath.ToSlash(name), "/")
	for {
		dir, leaf := path.Split(p)
		dir = strings.TrimRight(dir, "/")
		if dir == "" || dir == "." || !checkpointFolder().MatchString(leaf) {
			return p
		}
		p = dir
	}
}

// assumeStepFolders says so when a model path's name was read above the
// folders a trainer names after its step.
func assumeStepFolders(p *plan.Plan, name string) {
	if f := namingFolder(name); f != strings.TrimRight(filepath.ToSlash(name), "/") {
		p.Assume("model path %q ends in folders a trainer names after its step; the folder %q above them was taken for the model's name", name, path.Base(f))
	}
}

// parentNamed finds the catalog model a path names by its last two
// folders when the last alone names none: a model zoo that files
// checkpoints as family/size (model_zoo/LLM/vicuna/7B-V1.5 is vicuna-7b-v1.5,
// ../hf_llama2_models/7B is llama2-7b) or a download tool that keeps the hub's ORG/NAME (LitGPT's
// checkpoints/meta-llama/Meta-Llama-3.1-8B). Only an id or alias matches
// exactly: a guess from two folder names takes no variant rule.
func parentNamed(c *catalog.Catalog, name string) (joined string, m catalog.Model, ok bool) {
	dir, base := filepath.Split(strings.TrimRight(filepath.ToSlash(name), "/"))
	parent := filepath.Base(strings.TrimRight(dir, "/"))
	// huggingface_hub (utils/_validators.py, REPO_ID_REGEX) caps a repository
	// name at 96 characters, and no catalog organisation comes near it: a
	// longer folder names no model, and skipping it spares the catalog's
	// suggestion search.
	if base == "" || parent == "" || parent == "." || parent == ".." || parent == "/" || len(base) > 96 || len(parent) > 96 {
		return "", m, false
	}
	cands := []string{parent + "/" + base, parent + "-" + base}
	if bareSize().MatchString(base) {
		// A folder per size under one named after the family, with other words around it
		// (open-instruct's ../hf_llama2_models/7B): each word of the parent with the size.
		for _, w := range strings.FieldsFunc(parent, func(r rune) bool { return r == '_' || r == '-' }) {
			cands = append(cands, w+"-"+base)
		}
	}
	for _, cand := range cands {
		if m, err := c.Model(cand); err == nil {
			return cand, m, true
		}
	}
	return "", m, false
}

// bareSize is a folder named by a model size alone ("7B", "70b", "1.5B").
var bareSize = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[bBmM]$`) })

// adapterBase returns the base_model_name_or_path of a PEFT adapter folder
// (one with adapter_config.json), or "".
func adapterBase(folder string) string {
	if folder == "" {
		return ""
	}
	path := filepath.Join(folder, "adapter_config.json")
	if !modelConfigFile(path) {
		return ""
	}
	data, err := document.ReadFile(path)
	if err != nil {
		return ""
	}
	var cfg struct {
		Base string `json:"base_model_name_or_path"`
	}
	if json.Unmarshal(data, &cfg) != nil {
		return ""
	}
	return strings.TrimSpace(cfg.Base)
}

// declaredModelConfig applies --model-config, or the project's model_config:
// when --model does not override it. done is true when one was given.
func declaredModelConfig(p *plan.Plan, j *Job, ov Overrides) (done bool, err error) {
	var path string
	var from plan.Origin
	var fail func(error) error
	switch {
	case ov.ModelConfig != "":
		path, from = ov.ModelConfig, plan.Flag("model-config")
		fail = func(err error) error { return fmt.Errorf("--model-config: %w", err) }
	case ov.Model == "" && j.Project != nil && j.Project.ModelConfig.Set:
		pf := j.Project
		path, from = pf.ModelConfig.V, plan.Declared(pf.Path, "model_config")
		if !filepath.IsAbs(path) {
			path = filepath.Join(pf.Dir(), path)
		}
		fail = func(err error) error {
			return document.Errorf(pf.Path, document.NodePos(pf.ModelConfig.Node), "model_config: %v", err)
		}
	default:
		return false, nil
	}
	m, readErr, parseErr := loadModelConfig(path)
	switch {
	case readErr != nil:
		return true, fail(readErr)
	case parseErr != nil:
		p.Gap(configGap(path, parseErr))
	default:
		from.Note = "read from " + m.Source + " (" + from.Key + ")"
		p.Model = plan.Of(m, from)
	}
	return true, nil
}

// fromModelConfig reads the model of ref from a config.json found at path
// (where says how it was found). A file the job or the user names by its
// path that cannot be read or is not JSON is an input error at the key
// naming it; one found in a cache is a gap, and so is a config whose
// architecture trainlint cannot read.
func fromModelConfig(p *plan.Plan, j *Job, ref plan.Value[string], path, where string) error {
	m, readErr, parseErr := loadModelConfig(path)
	switch {
	case readErr != nil && where == localModelWhere:
		return refError(ref, j, readErr)
	case readErr != nil:
		p.Gap(configGap(path, readErr))
		return nil
	case parseErr != nil:
		p.Gap(configGap(path, parseErr))
		return nil
	}
	if where != localModelWhere {
		// A cached snapshot's folder is a commit hash; the hub id names it.
		m.ID = strings.TrimSpace(ref.V)
	}
	p.Model = plan.Of(m, plan.Derived("read from "+m.Source+" ("+where+")"))
	return nil
}

// CheckModelConfig reports a model config that cannot be read at all
// (missing, not a regular file, not JSON). One whose architecture trainlint
// does not know is no error here: each job records it as a memory gap.
func CheckModelConfig(path string) error {
	_, readErr, _ := loadModelConfig(path)
	return readErr
}

// loadModelConfig reads a config.json, or the one in a folder. readErr is
// set when the file cannot be read or is not JSON, parseErr when its
// model_type or keys cannot be read (an architecture trainlint does not
// know).
func loadModelConfig(path string) (m catalog.Model, readErr, parseErr error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "config.json")
	}
	st, err := os.Stat(path)
	switch {
	case err != nil:
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return m, fmt.Errorf("cannot read %s: %w", path, err), nil
	case !st.Mode().IsRegular():
		return m, fmt.Errorf("%s is not a regular file", path), nil
	case st.Size() > document.MaxFileSize:
		return m, fmt.Errorf("%s is %d bytes, over the %d MiB limit for a config file", path, st.Size(), document.MaxFileSize>>20), nil
	}
	data, err := document.ReadFile(path)
	if err != nil {
		return m, fmt.Errorf("cannot read %s: %w", path, err), nil
	}
	if !json.Valid(data) {
		return m, fmt.Errorf("%s is not valid JSON", path), nil
	}
	m, err = catalog.ParseHFConfig(data, path)
	return m, nil, err
}

// hubID reports whether a name has the shape of a hub id, "NAME" or
// "ORG/NAME", rather than a file path.
func hubID(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~") || filepath.IsAbs(name) || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) {
		return false
	}
	return strings.Count(name, "/") <= 1 && !strings.HasSuffix(name, "/") && !strings.HasSuffix(name, ".json")
}

// localModel finds a local config.json or a folder holding one, the way a
// launcher resolves a path the job names: next to the file naming it, then
// in each folder above up to the repository root, then in the working
// directory (for a project declaration: its folder, then the working
// directory). folder is an existing folder without config.json, for the
// error of an explicit reference.
func localModel(ref plan.Value[string], j *Job, env func(string) string) (path, folder string) {
	v := expandHome(strings.TrimSpace(ref.V), env)
	var cands []string
	switch {
	case filepath.IsAbs(v):
		cands = []string{v}
	case ref.From.Kind == plan.FromProject && j.Project != nil:
		cands = []string{filepath.Join(j.Project.Dir(), v), v}
	case ref.From.File != "":
		cands = append(upwards(filepath.Dir(ref.From.File), v), v)
	default:
		cands = []string{v}
	}
	for _, c := range cands {
		if modelConfigFile(c) {
			return c, ""
		}
		if st, err := os.Stat(c); err == nil && st.IsDir() && folder == "" {
			folder = c
		}
	}
	return "", folder
}

// upwards lists dir/ref and the same under each folder above dir, up to the
// repository root (a folder holding .git).
func upwards(dir, ref string) []string {
	var out []string
	for i := 0; i < 32; i++ {
		out = append(out, filepath.Join(dir, ref))
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir || (dir == "." && parent == ".") {
			break
		}
		dir = parent
	}
	return out
}

// expandHome replaces a leading "~/" with the home folder, as
// os.path.expanduser does for the cache variables.
func expandHome(p string, env func(string) string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home := homeDir(env)
	if home == "" {
		return p
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~"))
}

func homeDir(env func(string) string) string {
	if h := env("HOME"); h != "" {
		return h
	}
	return env("USERPROFILE")
}

// hubCacheDir is the Hugging Face hub cache, as huggingface_hub v0.26+
// (src/huggingface_hub/constants.py) computes it: HF_HUB_CACHE, else the
// legacy HUGGINGFACE_HUB_CACHE, else HF_HOME/hub, where HF_HOME defaults to
// $XDG_CACHE_HOME/huggingface and XDG_CACHE_HOME to ~/.cache.
func hubCacheDir(env func(string) string) string {
	for _, k := range []string{"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"} {
		if v := env(k); v != "" {
			return expandHome(v, env)
		}
	}
	hfHome := env("HF_HOME")
	if hfHome == "" {
		xdg := env("XDG_CACHE_HOME")
		if xdg == "" {
			home := homeDir(env)
			if home == "" {
				return ""
			}
			xdg = filepath.Join(home, ".cache")
		}
		hfHome = filepath.Join(xdg, "huggingface")
	}
	return filepath.Join(expandHome(hfHome, env), "hub")
}

// hubCacheConfig finds a hub id's config.json in the hub cache without the
// network. huggingface_hub (file_download.py, repo_folder_name and
// hf_hub_download) stores a model under models--ORG--NAME, with each
// revision's files under snapshots/<commit> and the commit of the main
// branch in refs/main; when refs/main is missing (a snapshot copied in by
// hand) the newest snapshot holding a config.json is used.
func hubCacheConfig(id string, env func(string) string) string {
	dir := hubCacheDir(env)
	if dir == "" {
		return ""
	}
	repo := filepath.Join(dir, "models--"+strings.ReplaceAll(id, "/", "--"))
	if b, err := os.ReadFile(filepath.Join(repo, "refs", "main")); err == nil {
		if c := filepath.Join(repo, "snapshots", strings.TrimSpace(string(b)), "config.json"); modelConfigFile(c) {
			return c
		}
	}
	entries, err := os.ReadDir(filepath.Join(repo, "snapshots"))
	if err != nil {
		return ""
	}
	type snap struct {
		path string
		mod  int64
	}
	var snaps []snap
	for _, e := range entries {
		c := filepath.Join(repo, "snapshots", e.Name(), "config.json")
		if st, err := os.Stat(c); err == nil && modelConfigFile(c) {
			snaps = append(snaps, snap{c, st.ModTime().UnixNano()})
		}
	}
	if len(snaps) == 0 {
		return ""
	}
	sort.Slice(snaps, func(a, b int) bool { return snaps[a].mod > snaps[b].mod })
	return snaps[0].path
}

// modelScopeDir is ModelScope's cache: MODELSCOPE_CACHE, else
// ~/.cache/modelscope/hub (modelscope/hub/utils/utils.py, get_cache_dir).
func modelScopeDir(env func(string) string) string {
	if v := env("MODELSCOPE_CACHE"); v != "" {
		return expandHome(v, env)
	}
	home := homeDir(env)
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".cache", "modelscope", "hub")
}

// modelScopeConfig finds ORG/NAME's config.json in the ModelScope cache:
// models/ORG/NAME by default in current releases, ORG/NAME under an
// explicit cache_dir and in older releases (modelscope/hub/snapshot_download.py,
// _snapshot_download), with the dots of the name stored as "___"
// (modelscope/hub/utils/utils.py, get_model_masked_directory).
func modelScopeConfig(id string, env func(string) string) string {
	dir := modelScopeDir(env)
	org, name, ok := strings.Cut(id, "/")
	if dir == "" || !ok || org == "" || name == "" {
		return ""
	}
	for _, base := range []string{filepath.Join(dir, "models"), dir} {
		for _, n := range []string{name, strings.ReplaceAll(name, ".", "___")} {
			if c := filepath.Join(base, org, n, "config.json"); modelConfigFile(c) {
				return c
			}
		}
	}
	return ""
}

// noModelGap says why no model is named: a launch argument whose value the
// script does not set, or no key at all.
func noModelGap(j *Job) plan.MemoryGap {
	if j.Args != nil {
		for i := 0; i+1 < len(j.Args.Content); i += 2 {
			k, v := j.Args.Content[i], j.Args.Content[i+1]
			for _, key := range modelKeys {
				if k.Value == key && v.Tag == "!!unknown" {
					return plan.MemoryGap{Kind: gapNoModel, What: fmt.Sprintf("the model is named by `%s`", v.Value),
						Detail: fmt.Sprintf("--%s has a value the script does not set", key), Fix: fixModel,
						At: plan.At(j.Script.Path, v.Line, v.Column, "--"+key)}
				}
			}
		}
	}
	if j.Primary.Format == DeepSpeed && j.Trainer == nil && j.Script == nil && j.Accelerate == nil {
		return plan.MemoryGap{Kind: gapNoModel, What: "no model named",
			Detail: "a DeepSpeed config does not name the model; the job that uses it does", Fix: fixModel}
	}
	return plan.MemoryGap{Kind: gapNoModel, What: "no model named",
		Detail: "no file of the job sets " + strings.Join(modelKeys[:4], ", ") + " or model", Fix: fixModel}
}

// unknownModelGap lists where a model name was looked for, or says why a
// model trainlint knows of is not modelled (catalog/unmodelled.yaml).
func unknownModelGap(name string, hub bool, folder string, j *Job) plan.MemoryGap {
	if u, ok := catalog.NotModelled(name); ok {
		return plan.MemoryGap{Kind: gapUnknownModel, What: fmt.Sprintf("model `%s` not modelled", name),
			Detail: fmt.Sprintf("%s is known to trainlint but not modelled: %s", u.ID, u.Why), Fix: fixModel}
	}
	var where []string
	_, err := j.Catalog.Model(name)
	var nf *catalog.NotFoundError
	if errors.As(err, &nf) && len(nf.Suggestions) > 0 {
		where = append(where, fmt.Sprintf("not in the catalog (did you mean %s?)", strings.Join(nf.Suggestions, ", ")))
	} else {
		where = append(where, "not in the catalog")
	}
	if folder != "" {
		where = append(where, fmt.Sprintf("%s has no config.json", folder))
	} else {
		where = append(where, "not a local folder or config.json")
	}
	if hub {
		where = append(where, "not in the Hugging Face or ModelScope cache")
	}
	return plan.MemoryGap{Kind: gapUnknownModel, What: fmt.Sprintf("model `%s` unknown", name), Detail: strings.Join(where, ", "), Fix: fixModel}
}

func orNone(dir string) string {
	if dir == "" {
		return "no home folder"
	}
	return dir
}

// configGap is a model config.json found but not readable.
func configGap(path string, err error) plan.MemoryGap {
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		path = filepath.Join(path, "config.json")
	}
	return plan.MemoryGap{Kind: gapModelConfig, What: fmt.Sprintf("model config `%s` unreadable", path), Detail: strings.TrimPrefix(err.Error(), path+": "),
		Fix: "add `model: ORG/NAME` for a catalog model with the same architecture (see `trainlint models`) to .trainlint.yaml, or pass --model"}
}

// hardwareGap records a job with no GPU to estimate against.
func hardwareGap(p *plan.Plan) {
	if !p.Hardware.GPU.Set {
		p.Gap(plan.MemoryGap{Kind: gapNoGPU, What: "no GPU declared", Detail: "neither --gpu nor hardware.gpu in .trainlint.yaml names the GPU", Fix: fixGPU})
	}
}

// deepSpeedAloneGap records a DeepSpeed config linted without a job that
// uses it when the micro batch or the sequence length would be invented:
// an out-of-memory verdict on trainlint's own defaults would be noise.
func deepSpeedAloneGap(p *plan.Plan, j *Job, seqInvented bool) {
	if j.Primary.Format != DeepSpeed || j.Trainer != nil || j.Script != nil || j.Accelerate != nil {
		return
	}
	if p.MicroBatch.From.Kind != plan.FromDefault && !seqInvented {
		return
	}
	p.Gap(plan.MemoryGap{Kind: GapDeepSpeedAlone, What: "a DeepSpeed config linted alone",
		Detail: "the micro batch and sequence length come from the job that uses it",
		Fix:    "lint the launch script or Trainer config that uses it, or add `training: {micro_batch: 1, seq_len: 4096}` (your values) to .trainlint.yaml"})
}

// modelConfigFile reports whether path is a config.json, or a folder
// holding one, that can be read: a regular file within the size limit (a
// device such as /dev/zero would never end).
func modelConfigFile(path string) bool {
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		st, err = os.Stat(filepath.Join(path, "config.json"))
	}
	return err == nil && st.Mode().IsRegular() && st.Size() <= document.MaxFileSize
}

// refError puts the place a model reference was written in front of err.
func refError(ref plan.Value[string], j *Job, err error) error {
	switch {
	case ref.From.Kind == plan.FromFile:
		return document.Errorf(ref.From.File, document.Pos{Line: ref.From.Line, Column: ref.From.Column}, "%s: %v", ref.From.Key, err)
	case ref.From.Kind == plan.FromProject && j.Project != nil:
		return document.Errorf(j.Project.Path, document.NodePos(j.Project.Model.Node), "model: %v", err)
	case ref.From.Kind == plan.FromFlag:
		return fmt.Errorf("--model: %w", err)
	}
	return err
}
