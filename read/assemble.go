package read

import (
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/project"
	"github.com/trainlint/trainlint/shell"
)

// jobsFor builds the jobs a non-DeepSpeed file starts: one for a Trainer,
// Accelerate, LLaMA-Factory or axolotl file, one per launch command for a
// script. Referenced files are loaded and attached in their roles.
func (l *loader) jobsFor(f *File) ([]*Job, error) {
	switch f.Format {
	case Script, JobSpec:
		var jobs []*Job
		for _, c := range f.Script.Commands {
			j, err := l.scriptJob(f, c)
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, j)
		}
		return jobs, nil
	case Accelerate:
		j := &Job{Primary: f, Accelerate: f}
		return []*Job{j}, l.attachAccelerate(j, f)
	case SpecForge:
		j := &Job{Primary: f, Trainer: f}
		l.attachDraft(j, f)
		return []*Job{j}, nil
	default:
		j := &Job{Primary: f, Trainer: f}
		if _, dist := document.Get(f.Root, "dist_config"); f.Format == LlamaFactory && dist != nil {
			// LLaMA-Factory v1 names the DeepSpeed file in dist_config.
			if _, name := document.Get(dist, "name"); name != nil && name.Value == "deepspeed" {
				return []*Job{j}, l.attachDeepSpeed(j, f, dist, "config_file")
			}
		}
		return []*Job{j}, l.attachDeepSpeed(j, f, f.Root, "deepspeed")
	}
}

// attachDeepSpeed follows a `deepspeed:` key: a path to a DeepSpeed JSON
// file, or an inline mapping.
func (l *loader) attachDeepSpeed(j *Job, f *File, root *yaml.Node, key string) error {
	_, v := document.Get(root, key)
	switch {
	case v == nil || document.IsNull(v):
		return nil
	case v.Kind == yaml.MappingNode:
		j.DeepSpeed, j.DeepSpeedRoot = f, v
		return nil
	case v.Kind == yaml.ScalarNode && v.Value != "":
		if isSwiftPreset(j.Command, v.Value) || swiftArgsFile(f) && swiftPresetName(v.Value) {
			// One of ms-swift's bundled configs, read by its frontend.
			return nil
		}
		if strings.HasPrefix(v.Value, "{") {
			inline, err := document.ParseJSON(f.Path, []byte(v.Value))
			if err == nil {
				j.DeepSpeed, j.DeepSpeedRoot = f, inline.Root
			}
			return nil
		}
		ds, err := l.ref(f, v, key, DeepSpeed)
		_, found := resolveRef(f.Path, v.Value)
		_, _, bundled := axolotlDeepSpeedPreset(v.Value)
		_, _, lfBundled := llamaFactoryDeepSpeedPreset(v.Value)
		switch {
		case err != nil && !found && bundled && f.Format == Axolotl:
			// One of axolotl's bundled configs, at its place in the axolotl
			// image; its frontend reads it.
		case err != nil && !found && lfBundled && f.Format == LlamaFactory:
			// One of LLaMA-Factory's bundled configs, in the checkout
			// llamafactory-cli runs in; its frontend reads it.
		case err != nil && placeholderPath(v.Value):
			j.unresolved(f, v, key, err)
		case err != nil:
			return err
		default:
			j.DeepSpeed, j.DeepSpeedRoot = ds, ds.Root
		}
	}
	return nil
}

func (l *loader) attachAccelerate(j *Job, f *File) error {
	_, dsc := document.Get(f.Root, "deepspeed_config")
	if dsc == nil || dsc.Kind != yaml.MappingNode {
		return nil
	}
	_, file := document.Get(dsc, "deepspeed_config_file")
	if file == nil || document.IsNull(file) || file.Value == "" || strings.EqualFold(file.Value, "none") {
		return nil
	}
	ds, err := l.ref(f, file, "deepspeed_config.deepspeed_config_file", DeepSpeed)
	switch {
	case err != nil && placeholderPath(file.Value):
		j.unresolved(f, file, "deepspeed_config.deepspeed_config_file", err)
	case err != nil:
		return err
	default:
		j.DeepSpeed, j.DeepSpeedRoot = ds, ds.Root
	}
	return nil
}

// configFlag attaches the config a launch's --config names (TRL's
// programs, olmocr's trainer) as the job's Trainer-like settings, read as
// format; a Trainer config also brings the DeepSpeed file it names.
func (l *loader) configFlag(j *Job, f *File, c *shell.Command, w shell.Word, format Format) error {
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: w.Text, Line: w.Pos.Line, Column: w.Pos.Column}
	tr, err := l.cmdRef(f, c, n, "--config", format)
	switch {
	case err != nil:
		j.unresolved(f, n, "--config", err)
	case tr.Skip == "":
		j.Trainer = tr
		if format == Trainer {
			return l.attachDeepSpeed(j, tr, tr.Root, "deepspeed")
		}
	}
	return nil
}

// writtenAt is where a word's text is written: its Origin when it came
// from elsewhere (a variable's value, a positional parameter), else its
// place in the command.
func writtenAt(w shell.Word) document.Pos {
	if w.Origin != (document.Pos{}) {
		return w.Origin
	}
	return w.Pos
}

// scriptJob builds the job of one launch command: its program arguments act
// as Trainer arguments, and the files it names are attached.
func (l *loader) scriptJob(f *File, c *shell.Command) (*Job, error) {
	j := &Job{Primary: f, Script: f, Command: c}
	args := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: c.Pos.Line, Column: c.Pos.Column}
	for _, p := range c.ArgPairs() {
		// At: a flag passed inside a variable's value (${args}) is cited
		// where it is written in that value, not where it is expanded.
		kp, vp := p.Key.At(), p.Value.At()
		if f.Format == JobSpec {
			// A job spec's arguments handed to its bash -c text ("$@")
			// are read where its args list writes them.
			kp, vp = writtenAt(p.Key), writtenAt(p.Value)
		}
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.ReplaceAll(strings.TrimLeft(p.Key.Text, "-"), "-", "_"), Line: kp.Line, Column: kp.Column}
		v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p.Value.Text, Line: vp.Line, Column: vp.Column}
		if !p.Value.Known {
			v.Tag = "!!unknown"
		}
		args.Content = append(args.Content, k, v)
	}
	j.Args = args
	l.attachFSDPConfig(j, f)
	l.attachEagleDraft(j, f, c)
	l.attachSpecForgeDraft(j, f, c)
	if l.verlJob(j, f, c) {
		return j, nil
	}
	if _, ok := skyRLCommand(c); ok {
		// Hydra overrides, no files to attach.
		return j, nil
	}
	if over := argsOverrideFormat(c); over != Unknown {
		return j, l.overrideJob(j, f, c, over)
	}
	if pythonConfigLaunch(c) {
		// Declined by name: what its Python config names is not followed.
		return j, nil
	}
	// A single config file argument (HfArgumentParser's parse_yaml_file,
	// llamafactory-cli train x.yaml, axolotl train x.yml).
	for _, w := range c.Args {
		ext := strings.ToLower(filepath.Ext(w.Text))
		if strings.HasPrefix(w.Text, "-") || !w.Known || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			continue
		}
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: w.Text, Line: w.Pos.Line, Column: w.Pos.Column}
		if isFlagValue(c, w) {
			continue
		}
		tr, err := l.cmdRef(f, c, n, "config argument", configArgFormats...)
		if err != nil {
			// A positional .json/.yaml may be data, a vocabulary or a file
			// the script writes first: note it and read on.
			j.unresolved(f, n, "config argument", err)
			continue
		}
		if tr.Skip == "" {
			j.Trainer = tr
			if err := l.attachDeepSpeed(j, tr, tr.Root, "deepspeed"); err != nil {
				return nil, err
			}
		}
		break
	}
	if w, ok := trlConfigFlag(c); ok && j.Trainer == nil {
		if err := l.configFlag(j, f, c, w, Trainer); err != nil {
			return nil, err
		}
	}
	if w, ok := olmOCRConfigFlag(c); ok && j.Trainer == nil {
		if err := l.configFlag(j, f, c, w, OlmOCR); err != nil {
			return nil, err
		}
	}
	for _, key := range []string{"deepspeed", "deepspeed_config"} {
		if _, w, ok := c.Flag(key); ok && w.Known && w.Text != "" && w.Text != "true" && !isSwiftPreset(c, w.Text) {
			n := &yaml.Node{Kind: yaml.ScalarNode, Value: w.Text, Line: w.Pos.Line, Column: w.Pos.Column}
			ds, err := l.cmdRef(f, c, n, "--"+key, DeepSpeed)
			if _, _, bundled := llamaFactoryDeepSpeedPreset(w.Text); err != nil && bundled && !cmdRefFound(f, c, w.Text) && LlamaFactoryCommand(j) {
				// One of LLaMA-Factory's bundled configs, in the checkout
				// llamafactory-cli runs in; its frontend reads it.
				continue
			}
			if err != nil {
				j.unresolved(f, n, "--"+key, err)
				continue
			}
			if ds.Skip == "" {
				j.DeepSpeed, j.DeepSpeedRoot = ds, ds.Root
			}
		}
	}
	if ref, w, ok := showUIDeepSpeed(c); ok && j.DeepSpeed == nil {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: ref, Line: w.Pos.Line, Column: w.Pos.Column}
		ds, err := l.cmdRef(f, c, n, "--ds_zero", DeepSpeed)
		switch {
		case err != nil:
			j.unresolved(f, n, "--ds_zero", err)
		case ds.Skip == "":
			j.DeepSpeed, j.DeepSpeedRoot = ds, ds.Root
		}
	}
	// accelerate launch --use_deepspeed --deepspeed_config_file FILE: the
	// launcher's own flag, which an Accelerate config's
	// deepspeed_config_file stands for.
	if _, w, ok := c.LauncherFlag("deepspeed_config_file"); ok && w.Known && w.Text != "" && j.DeepSpeed == nil {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: w.Text, Line: w.Pos.Line, Column: w.Pos.Column}
		ds, err := l.cmdRef(f, c, n, "--deepspeed_config_file", DeepSpeed)
		switch {
		case err != nil:
			j.unresolved(f, n, "--deepspeed_config_file", err)
		case ds.Skip == "":
			j.DeepSpeed, j.DeepSpeedRoot = ds, ds.Root
		}
	}
	if _, w, ok := c.LauncherFlag("config_file"); ok && w.Known {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: w.Text, Line: w.Pos.Line, Column: w.Pos.Column}
		acc, err := l.cmdRef(f, c, n, "--config_file", Accelerate)
		if err != nil {
			j.unresolved(f, n, "--config_file", err)
			return j, nil
		}
		j.Accelerate = acc
		if j.DeepSpeed == nil {
			if err := l.attachAccelerate(j, acc); err != nil {
				return nil, err
			}
		}
	}
	return j, nil
}

// overrideJob reads a launch whose arguments override keys of the config
// it names with --config (tune run, litgpt): the config, of the given
// format, becomes the job's Trainer file and the arguments, nested as the
// config's keys are, its Args.
func (l *loader) overrideJob(j *Job, f *File, c *shell.Command, format Format) error {
	j.Args = nestedArgs(c)
	_, w, ok := c.Flag("config")
	if !ok || !w.Known || w.Text == "" {
		return nil
	}
	ext := strings.ToLower(filepath.Ext(w.Text))
	if ext != ".yaml" && ext != ".yml" {
		// A config name the framework resolves inside its own package
		// (tune run's built-in configs); the frontend declines it by name.
		return nil
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: w.Text, Line: w.Pos.Line, Column: w.Pos.Column}
	cfg, err := l.cmdRef(f, c, n, "--config", format)
	switch {
	case err != nil:
		j.unresolved(f, n, "--config", err)
	case cfg.Skip == "":
		j.Trainer = cfg
	}
	return nil
}

// nestedArgs reads a command's key=value words (tune run's overrides) and
// --key value flags (litgpt's jsonargparse) into a mapping nested at the
// dots of the keys, as the config holds them; litgpt's positional
// checkpoint directory is checkpoint_dir.
func nestedArgs(c *shell.Command) *yaml.Node {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: c.Pos.Line, Column: c.Pos.Column}
	put := func(key, val shell.Word) {
		name := strings.ReplaceAll(strings.TrimLeft(key.Text, "-+"), "-", "_")
		parts := strings.Split(name, ".")
		m := root
		for i, part := range parts {
			if part == "" {
				return
			}
			_, v := document.Get(m, part)
			if i == len(parts)-1 {
				leaf := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: val.Text, Line: val.Pos.Line, Column: val.Pos.Column}
				if !val.Known {
					leaf.Tag = "!!unknown"
				}
				if v != nil && v.Kind == yaml.ScalarNode {
					*v = *leaf
					return
				}
				k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: part, Line: key.Pos.Line, Column: key.Pos.Column}
				m.Content = append(m.Content, k, leaf)
				return
			}
			if v == nil || v.Kind != yaml.MappingNode {
				k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: part, Line: key.Pos.Line, Column: key.Pos.Column}
				v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: key.Pos.Line, Column: key.Pos.Column}
				m.Content = append(m.Content, k, v)
			}
			m = v
		}
	}
	if c.Launcher == shell.LitGPT && len(c.Args) > 1 && !strings.HasPrefix(c.Args[1].Text, "-") {
		put(shell.Word{Text: "checkpoint_dir", Known: true, Pos: c.Args[1].Pos}, c.Args[1])
	}
	for _, p := range c.ArgPairs() {
		if n := strings.TrimLeft(p.Key.Text, "-"); n != "config" {
			put(p.Key, p.Value)
		}
	}
	for _, w := range c.Args {
		eq := strings.IndexByte(w.Text, '=')
		if eq <= 0 || strings.HasPrefix(w.Text, "-") || strings.HasPrefix(w.Text, "~") {
			continue
		}
		key := w
		key.Text = w.Text[:eq]
		val := w
		val.Text = w.Text[eq+1:]
		if strings.HasPrefix(w.Raw, w.Text[:eq+1]) {
			val.Pos.Column += eq + 1
		}
		put(key, val)
	}
	return root
}

// attachFSDPConfig follows --fsdp_config when it names a JSON file:
// TrainingArguments.fsdp_config takes a dict or the path of a JSON file,
// which transformers' src/transformers/training_args.py loads with
// json.load and strips of the fsdp_ prefix of its keys (__post_init__ in
// v4.x, _process_fsdp_args in v5). A path that cannot be read leaves the
// job as it is, with the keys the launch itself holds.
func (l *loader) attachFSDPConfig(j *Job, script *File) {
	_, v := document.Get(j.Args, "fsdp_config")
	if v == nil || v.Kind != yaml.ScalarNode || !strings.EqualFold(filepath.Ext(v.Value), ".json") {
		return
	}
	path, ok := resolveRef(script.Path, v.Value)
	if !ok || l.checkRoot(script.Path, path) != nil {
		return
	}
	if fc, err := l.file(path); err == nil && fc.Root != nil && fc.Root.Kind == yaml.MappingNode {
		j.FSDPConfig = fc
	}
}

// unresolved records a file the script names at n that could not be read.
func (j *Job) unresolved(script *File, n *yaml.Node, key string, err error) {
	_, found := resolveRef(script.Path, n.Value)
	j.Unresolved = append(j.Unresolved, Ref{Key: key, Path: n.Value, Pos: document.NodePos(n), Missing: !found, Err: err, File: script.Path, Placeholder: !found && placeholderPath(n.Value)})
}

// placeholderFolder is a path segment written where the user fills in
// their own folder: xxx, XXXX, <your-dir>.
var placeholderFolder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?i:x{3,}|<[^>]*>)$`) })

// placeholderPath reports whether a path is a placeholder a README asks
// the user to fill in (/path/to/zero3.json, ./experiments/xxxx/ds.json)
// rather than a file of the repository.
func placeholderPath(p string) bool {
	if strings.HasPrefix(p, "path/to/") || strings.Contains(p, "/path/to/") {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if placeholderFolder().MatchString(seg) {
			return true
		}
	}
	return false
}

// isFlagValue reports whether w is the value of a --flag (such as
// --deepspeed ds.json) rather than a positional argument.
func isFlagValue(c *shell.Command, w shell.Word) bool {
	for _, p := range c.ArgPairs() {
		if sameWord(p.Value, w) && !sameWord(p.Key, w) {
			return true
		}
	}
	return false
}

// sameWord tells words apart even when they come from one expansion
// ($ARGS) and so share a position.
func sameWord(a, b shell.Word) bool {
	return a.Pos == b.Pos && a.Origin == b.Origin && a.Text == b.Text
}

// finish finds the job's project file and builds its plan.
func (l *loader) finish(j *Job) error {
	j.Catalog = l.opts.Catalog
	pf := l.opts.Project
	if pf == nil {
		path, ok := project.Find(filepath.Dir(j.Primary.Path))
		if ok {
			cached, seen := l.projects[path]
			if !seen {
				if err := l.checkRoot(j.Primary.Path, path); err != nil {
					return &document.Error{Path: relPath(path), Msg: "this project file " + err.Error()}
				}
				var err error
				cached, err = project.Load(relPath(path))
				if err != nil {
					return err
				}
				l.projects[path] = cached
			}
			pf = cached
		}
	}
	j.Project = pf
	cat, err := pf.Catalog(l.opts.Catalog)
	if err != nil {
		return err
	}
	j.Catalog = cat
	p, err := buildPlan(j, l.opts.Overrides, l.opts.Env)
	if err != nil {
		return err
	}
	j.Plan = p
	return nil
}

// cmdRefFound reports whether a path a launch names is a file, where
// cmdRef looks for it.
func cmdRefFound(f *File, c *shell.Command, ref string) bool {
	if c != nil && c.Dir != "" && !filepath.IsAbs(ref) {
		if _, ok := resolveRef(f.Path, filepath.Join(filepath.FromSlash(c.Dir), ref)); ok {
			return true
		}
	}
	_, ok := resolveRef(f.Path, ref)
	return ok
}

// cmdRef is ref for a file a launch command names: looked up first in the
// folder the script changed to before the command (cd src/r1-v, as
// Video-R1's src/scripts/run_grpo_video.sh does before naming
// local_scripts/zero3.json), since the command runs there.
func (l *loader) cmdRef(f *File, c *shell.Command, n *yaml.Node, key string, want ...Format) (*File, error) {
	if f.spec != nil {
		if local, ok := f.spec.containerRef(n.Value); ok {
			m := *n
			m.Value = local
			n = &m
		}
	}
	if c != nil && c.Dir != "" && !filepath.IsAbs(n.Value) {
		in := filepath.Join(filepath.FromSlash(c.Dir), n.Value)
		if _, ok := resolveRef(f.Path, in); ok {
			m := *n
			m.Value = in
			return l.ref(f, &m, key, want...)
		}
	}
	return l.ref(f, n, key, want...)
}
