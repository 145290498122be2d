package read

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/project"
	"github.com/trainlint/trainlint/shell"
)

// Overrides are the command-line flags that declare context.
type Overrides struct {
	GPU         string
	GPUsPerNode int
	Nodes       int
	Model       string
	ModelConfig string // a config.json for the job's model, whatever the configs name
	SeqLen      int
}

// Options configure a Load.
type Options struct {
	Catalog *catalog.Catalog // nil: the built-in catalog
	// Project is an explicit project file (--config); nil: each input's
	// nearest .trainlint.yaml is used.
	Project   *project.File
	Overrides Overrides
	// Env reads environment variables (the model caches' locations); nil:
	// the process environment.
	Env func(string) string
	// AllowOutsideRoot lets configs name files outside the repository
	// root (see Root); otherwise such a reference is an input error and
	// the file is not read.
	AllowOutsideRoot bool
	// Stdin is the config the input path "-" stands for.
	Stdin *Stdin
	// Ignore, when set, tells folder walks to leave out a file or folder
	// (the .gitignore files and --exclude globs); files named explicitly
	// are always read.
	Ignore func(path string, dir bool) bool
	// Listed, when set, is told the entries of each folder a walk lists,
	// before Ignore is asked about them.
	Listed func(dir string, entries []fs.DirEntry)
}

// Result is what Load found.
type Result struct {
	Jobs    []*Job
	Skipped []*File // files named on the command line that are not linted, with the reason in Skip
	Errors  []error // input errors: unreadable, unparseable, missing references
}

type loader struct {
	opts     Options
	files    map[string]*File // by absolute path
	projects map[string]*project.File
	res      *Result
}

// Load reads the named files and folders into jobs. Folders are walked for
// config files (skipping .git, node_modules, vendored and hidden folders).
// A named file is linted within the jobs it belongs to: the configs and
// launch scripts of its repository that name it are read too (see
// related), and a named project file brings in every config it governs.
// Every job's plan is built; jobs come out in a deterministic order.
func Load(paths []string, opts Options) *Result {
	if opts.Catalog == nil {
		opts.Catalog = catalog.Builtin()
	}
	if opts.Env == nil {
		opts.Env = os.Getenv
	}
	l := &loader{opts: opts, files: map[string]*File{}, projects: map[string]*project.File{}, res: &Result{}}
	var inputs []*File
	explicit := map[*File]bool{}
	for _, p := range paths {
		if p == StdinPath {
			f, err := l.stdinFile()
			if err != nil {
				l.res.Errors = append(l.res.Errors, err)
				continue
			}
			explicit[f] = true
			inputs = append(inputs, f)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			l.res.Errors = append(l.res.Errors, inputError(p, err))
			continue
		}
		if st.IsDir() {
			for _, fp := range walk(p, opts.Ignore, opts.Listed, &l.res.Errors) {
				if f, err := l.file(fp); err == nil && (f.Format != Unknown && (f.Skip == "" || f.UnreadLaunch.Line > 0 || f.Format == Verl) || passedOver(f)) {
					inputs = append(inputs, f)
				} else if err != nil && looksLikeConfigName(fp) {
					l.res.Errors = append(l.res.Errors, err)
				}
			}
			continue
		}
		if err := l.checkRoot(p, p); err != nil {
			l.res.Errors = append(l.res.Errors, &document.Error{Path: p, Msg: "this file " + err.Error()})
			continue
		}
		f, err := l.file(p)
		if err != nil {
			l.res.Errors = append(l.res.Errors, err)
			continue
		}
		explicit[f] = true
		inputs = append(inputs, f)
	}
	var named []*File
	for f := range explicit {
		named = append(named, f)
	}
	sort.Slice(named, func(a, b int) bool { return named[a].Path < named[b].Path })
	inputs = append(inputs, l.related(named)...)
	referenced := map[*File]bool{}
	var jobs []*Job
	seen := map[*File]bool{}
	for _, f := range inputs {
		if seen[f] {
			continue
		}
		seen[f] = true
		if f.Skip != "" || f.Format == Unknown || f.Format == Project {
			// A script with a launch it could not read is reported
			// whether named or found in a folder: it is a job that was
			// not checked, not a file that is none of trainlint's.
			if (explicit[f] || f.UnreadLaunch.Line > 0) && f.Format != Project {
				l.res.Skipped = append(l.res.Skipped, f)
			}
			continue
		}
		if f.Format == DeepSpeed {
			continue
		}
		built, err := l.jobsFor(f)
		if err != nil {
			l.res.Errors = append(l.res.Errors, err)
			continue
		}
		for _, j := range built {
			if j.DeepSpeed != nil && j.DeepSpeed != j.Primary {
				referenced[j.DeepSpeed] = true
			}
			if j.Trainer != nil && j.Trainer != j.Primary {
				referenced[j.Trainer] = true
			}
			if j.Accelerate != nil && j.Accelerate != j.Primary {
				referenced[j.Accelerate] = true
			}
		}
		jobs = append(jobs, built...)
	}
	// A file that another input's job already covers in context is not
	// linted again on its own; a DeepSpeed file nothing references is.
	var out []*Job
	for _, j := range jobs {
		if referenced[j.Primary] && j.Script == nil {
			continue
		}
		out = append(out, j)
	}
	for _, f := range inputs {
		if f.Format == DeepSpeed && f.Skip == "" && !referenced[f] {
			j := &Job{Primary: f, DeepSpeed: f, DeepSpeedRoot: f.Root}
			out = append(out, j)
		}
	}
	l.unattachedVerl(inputs, out, explicit)
	l.noLaunch(inputs, out, explicit)
	for _, j := range out {
		if err := l.finish(j); err != nil {
			l.res.Errors = append(l.res.Errors, err)
			continue
		}
		l.res.Jobs = append(l.res.Jobs, j)
	}
	sort.SliceStable(l.res.Jobs, func(a, b int) bool { return jobKey(l.res.Jobs[a]) < jobKey(l.res.Jobs[b]) })
	return l.res
}

// noLaunch reports the files found in a folder that look like part of a
// training setup, a script that runs programs or a YAML file named like a
// training config (see passedOver), yet are read into no job of the run:
// what was not checked is said, not passed over. Files named on the
// command line are reported already.
func (l *loader) noLaunch(inputs []*File, jobs []*Job, explicit map[*File]bool) {
	used := map[*File]bool{}
	for _, j := range jobs {
		for _, f := range j.Files() {
			used[f] = true
		}
	}
	for _, f := range inputs {
		if passedOver(f) && !used[f] && !explicit[f] {
			l.res.Skipped = append(l.res.Skipped, f)
		}
	}
}

// passedOver reports whether a file trainlint does not lint still looks
// like part of a training setup: a script with no launch it reads that
// runs programs other than chores, or a YAML or JSON file of no format it
// reads that is named like a training config.
func passedOver(f *File) bool {
	switch {
	case f.Skip == "" || f.Template != "" || f.UnreadLaunch.Line > 0:
		return false
	case f.Script != nil:
		return len(f.Script.Commands) == 0 && len(f.Script.Programs) > 0
	}
	return f.Format == Unknown && looksLikeConfigName(f.Path)
}

// unattachedVerl reports the verl and EasyR1 base configs found in a folder
// that no job of the run starts from (a launch naming it through a variable
// the script does not set, or none in the paths linted): said, not passed
// over, as a config named on the command line is.
func (l *loader) unattachedVerl(inputs []*File, jobs []*Job, explicit map[*File]bool) {
	used := map[*File]bool{}
	for _, j := range jobs {
		for _, f := range j.Files() {
			used[f] = true
		}
	}
	for _, f := range inputs {
		if f.Format == Verl && !used[f] && !explicit[f] {
			g := *f
			g.Skip = "a verl or EasyR1 config that no launch in the linted paths starts from: its values are read with the " +
				"launch that names it (python -m verl.trainer.main config=FILE, or --config-path/--config-name), " +
				"so lint that launch script, or name the file with a path the script sets"
			l.res.Skipped = append(l.res.Skipped, &g)
		}
	}
}

func jobKey(j *Job) string {
	k := j.Primary.Path
	if j.Command != nil {
		k += fmt.Sprintf(":%08d", j.Command.Pos.Line)
	}
	return k
}

func inputError(path string, err error) error {
	var de *document.Error
	if errors.As(err, &de) {
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &document.Error{Path: path, Msg: "cannot read: " + err.Error()}
}

// looksLikeConfigName is used for files met while walking a folder: only
// errors in files named like training configs are worth reporting there.
func looksLikeConfigName(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	for _, w := range []string{"ds_", "deepspeed", "zero", "accelerate", "train", "finetune", "sft", "dpo", "lora"} {
		if strings.Contains(base, w) {
			return true
		}
	}
	return false
}

// skipDirs are folders never walked into.
var skipDirs = map[string]bool{"node_modules": true, "vendor": true, "third_party": true, "__pycache__": true, "site-packages": true, "venv": true}

// walk lists candidate config files under root in lexical order, as
// filepath.WalkDir visits them. It lists each folder before it asks
// ignore about the folder's entries and tells listed (when set) what the
// listing holds, so that the .gitignore rules need not look for a
// folder's .gitignore and .git again.
func walk(root string, ignore func(string, bool) bool, listed func(string, []fs.DirEntry), errs *[]error) []string {
	var out []string
	walkBatches(root, ignore, listed, errs, func(batch []string) { out = append(out, batch...) })
	return out
}

// walkBatches is walk handing the files over in batches, in walk's order,
// as it finds them: a folder's files up to its next subfolder make one
// batch, so that a reader can start on them while the walk goes on.
func walkBatches(root string, ignore func(string, bool) bool, listed func(string, []fs.DirEntry), errs *[]error, emit func([]string)) {
	info, err := os.Lstat(root)
	if err != nil {
		*errs = append(*errs, inputError(root, err))
		return
	}
	if !info.IsDir() {
		// WalkDir does not follow a link named as its root either.
		if candidate(info.Name(), info.Mode().Type()) && (ignore == nil || !ignore(root, false)) {
			emit([]string{root})
		}
		return
	}
	var visit func(dir string)
	visit = func(dir string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			*errs = append(*errs, inputError(dir, err))
			return
		}
		if listed != nil {
			listed(dir, entries)
		}
		var batch []string
		for _, d := range entries {
			name := d.Name()
			p := filepath.Join(dir, name)
			if d.IsDir() {
				if !strings.HasPrefix(name, ".") && !skipDirs[name] && (ignore == nil || !ignore(p, true)) {
					if len(batch) > 0 {
						emit(batch)
						batch = nil
					}
					visit(p)
				}
				continue
			}
			if candidate(name, d.Type()) && (ignore == nil || !ignore(p, false)) {
				batch = append(batch, p)
			}
		}
		if len(batch) > 0 {
			emit(batch)
		}
	}
	visit(root)
}

// candidate reports whether a file met in a walk may be a config: a
// regular file, not hidden (but dstack's .dstack.yml), with a config's
// extension. The extension is
// looked at before the ignore rules: most files of a repository have
// none of these, and asking the rules costs more.
func candidate(name string, mode fs.FileMode) bool {
	if !mode.IsRegular() || strings.HasPrefix(name, ".") && name != dstackFile {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".yaml", ".yml", ".sh", ".conf", ".bash", ".slurm", ".sbatch":
		return true
	}
	return false
}

// file reads, parses and recognizes one file, once per absolute path.
func (l *loader) file(path string) (*File, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, inputError(path, err)
	}
	if f, ok := l.files[abs]; ok {
		return f, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, inputError(path, err)
	}
	if st.IsDir() {
		return nil, &document.Error{Path: path, Msg: "is a folder, expected a file"}
	}
	if !st.Mode().IsRegular() {
		// A FIFO or device would block or never end.
		return nil, &document.Error{Path: path, Msg: "is not a regular file"}
	}
	if st.Size() > document.MaxFileSize {
		return nil, &document.Error{Path: path, Msg: fmt.Sprintf("file is %d bytes, over the %d MiB limit for a config file", st.Size(), document.MaxFileSize>>20)}
	}
	src, err := document.ReadFile(path)
	if err != nil {
		return nil, inputError(path, err)
	}
	f, err := Parse(relPath(path), src)
	if err != nil {
		return nil, err
	}
	l.files[abs] = f
	return f, nil
}

// relPath shows paths relative to the working directory when they lie below it.
func relPath(path string) string {
	if !filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

// scriptOpener reads the files a script sources or runs by name (source
// ./${training_script}, bash $script). A name is looked up as bash would
// find it from the script's own folder, which is where most repositories'
// scripts expect to be started (OpenRLHF's examples/scripts/
// train_llama_slurm.sh sources ./train_dpo_llama.sh beside it), then from
// each folder above it up to the repository root, where others are started
// (princeton-nlp/LESS's less/scripts/train/lora_train.sh sources
// less/scripts/train/base_training_args.sh). Outside a git repository the
// script's folder is the boundary. Nothing outside the boundary is read,
// whether named or reached through a link.
func scriptOpener(script string) shell.Opener {
	// The boundary is worked out when the script first names a file:
	// most scripts name none, and Parse runs for every script a folder
	// holds.
	where := sync.OnceValues(func() (dirs, error) {
		dir, err := filepath.Abs(filepath.Dir(script))
		if err != nil {
			return dirs{}, err
		}
		bound := dir
		if root, ok := gitRoot(script); ok {
			bound = root
		}
		real, err := filepath.EvalSymlinks(bound)
		return dirs{dir: dir, bound: bound, realBound: real}, err
	})
	return func(name string) ([]byte, error) {
		w, err := where()
		switch {
		case err != nil:
			return nil, err
		case filepath.IsAbs(name):
			return nil, fmt.Errorf("%s is outside the repository of %s", name, script)
		}
		for d := w.dir; ; d = filepath.Dir(d) {
			p := filepath.Join(d, name)
			if !within(w.bound, p) {
				return nil, fmt.Errorf("%s is outside the repository of %s", name, script)
			}
			src, err := readScriptFile(p, w.realBound)
			if err == nil || d == w.bound || filepath.Dir(d) == d {
				return src, err
			}
		}
	}
}

// dirs are a script's folder and the boundary of what it may source, both
// absolute, and the boundary with its links resolved.
type dirs struct{ dir, bound, realBound string }

// readScriptFile reads a sourced script of at most shell.MaxFileSize bytes
// if its real path (links followed) lies in bound.
func readScriptFile(p, bound string) ([]byte, error) {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil, err
	}
	if !within(bound, real) {
		return nil, fmt.Errorf("%s leads outside %s", p, bound)
	}
	src, err := readSmall(real, shell.MaxFileSize, nil)
	if err == nil && src == nil {
		err = fmt.Errorf("%s is larger than %d bytes", p, shell.MaxFileSize)
	}
	return src, err
}

// Parse recognizes one file's content. A template (placeholders where values
// belong) and a file that is no training config come back with Skip set.
func Parse(path string, src []byte) (*File, error) {
	if isScript(path, src) {
		s, err := shell.ParseWith(path, src, scriptOpener(path))
		if err != nil {
			return nil, err
		}
		f := &File{Path: path, Format: Script, Script: s}
		if len(s.Commands) == 0 {
			f.Skip = "a shell script with no training launch command"
			if len(s.Programs) > 0 {
				f.Skip = fmt.Sprintf("a shell script with no training launch command trainlint reads, so memory was not checked: it runs %s, "+
					"none of them a launch trainlint reads; lint the script that starts training, or declare the job in .trainlint.yaml",
					quoteList(s.Programs))
			}
			if pos, text, ok := unreadLaunch(src); ok {
				f.UnreadLaunch = pos
				f.Skip = fmt.Sprintf("memory not checked: line %d looks like a training launch (%s) that trainlint could not read "+
					"(a wrapper script, a command built in a way it does not follow, or a string run by bash -c with escapes); "+
					"lint the command it runs, or declare the job in .trainlint.yaml", pos.Line, text)
			}
		}
		return f, nil
	}
	doc, err := document.Parse(path, src)
	if err != nil {
		if name, ok := templatePlaceholder(src, err); ok {
			return &File{Path: path, Format: DeepSpeed, Template: name, Skip: fmt.Sprintf("a config template: %s is filled in before use", name)}, nil
		}
		return nil, err
	}
	format, why := Detect(doc)
	if filepath.Base(path) == project.FileName {
		// The project file is known by its name; its content may hold
		// only a model or severities, which Detect cannot place.
		format = Project
	}
	if format == JobSpec {
		if spec, ok := readJobSpec(doc); ok {
			return jobSpecFile(path, doc, spec)
		}
	}
	f := &File{Path: path, Format: format, Doc: doc, Root: doc.Root}
	if format == Unknown {
		f.Skip = "not a training config: " + why
	}
	if format == Verl {
		f.Skip = "a verl base config: its values are the defaults of the verl commands that run from this repository, and are read with their launch scripts"
	}
	if format == Trainer {
		if _, v := document.Get(doc.Root, "training_args"); v != nil && v.Kind == yaml.MappingNode {
			f.Root = v
		}
	}
	return f, nil
}

func isScript(path string, src []byte) bool {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".sh", ".bash", ".slurm", ".sbatch": // the last two: Slurm batch scripts
		return true
	}
	if !bytes.HasPrefix(src, []byte("#!")) {
		return false
	}
	first := firstLine(src) // not converted to a string: that copies the whole file
	return bytes.Contains(first, []byte("sh")) || bytes.Contains(first, []byte("bash"))
}

func firstLine(src []byte) []byte {
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		return src[:i]
	}
	return src
}

// templatePlaceholder reports whether a JSON parse error sits on a
// placeholder (${zero_stage}, CONFIG_MBSIZE, {{ var }}) rather than on a
// real syntax mistake.
func templatePlaceholder(src []byte, err error) (string, bool) {
	var de *document.Error
	if !errors.As(err, &de) || !document.LooksLikeJSON(src) {
		return "", false
	}
	d := &document.Document{Src: src}
	off := d.Offset(de.Pos)
	rest := string(src[off:])
	switch {
	case strings.HasPrefix(rest, "${"):
		if i := strings.IndexByte(rest, '}'); i > 0 {
			return rest[:i+1], true
		}
	case strings.HasPrefix(rest, "{{"):
		if i := strings.Index(rest, "}}"); i > 0 {
			return rest[:i+2], true
		}
	}
	n := 0
	for n < len(rest) && (rest[n] == '_' || (rest[n] >= 'A' && rest[n] <= 'Z') || (rest[n] >= 'a' && rest[n] <= 'z') || (n > 0 && rest[n] >= '0' && rest[n] <= '9')) {
		n++
	}
	word := rest[:n]
	if n > 1 && word != "true" && word != "false" && word != "null" {
		return word, true
	}
	return "", false
}

// resolveRef finds a referenced file: relative to the referring file's
// folder, then to each folder above it up to the repository root (launch
// scripts and configs name files relative to the root they run from), then
// to the working directory.
func resolveRef(from, ref string) (string, bool) {
	if filepath.IsAbs(ref) {
		_, err := os.Stat(ref)
		return ref, err == nil
	}
	first := filepath.Join(filepath.Dir(from), ref)
	dir := filepath.Dir(from)
	for i := 0; i < 32; i++ {
		cand := filepath.Join(dir, ref)
		if st, err := os.Stat(cand); err == nil && st.Mode().IsRegular() {
			return cand, true
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir || (dir == "." && parent == ".") {
			break
		}
		dir = parent
	}
	if st, err := os.Stat(ref); err == nil && st.Mode().IsRegular() {
		return ref, true
	}
	return first, false
}

// ref loads a file another file names at node n, expecting one of formats.
func (l *loader) ref(from *File, n *yaml.Node, key string, want ...Format) (*File, error) {
	path, ok := resolveRef(from.Path, n.Value)
	pos := document.NodePos(n)
	if !ok {
		return nil, document.Errorf(from.Path, pos, "%s: file %q not found (looked next to %s and in the working directory)", key, n.Value, from.Path)
	}
	if err := l.checkRoot(from.Path, path); err != nil {
		return nil, document.Errorf(from.Path, pos, "%s: %q %v", key, n.Value, err)
	}
	// A reference must name a regular file: a device or a named pipe
	// would block or never end.
	if st, err := os.Stat(path); err == nil && !st.IsDir() && !st.Mode().IsRegular() {
		return nil, document.Errorf(from.Path, pos, "%s: %q is not a regular file", key, n.Value)
	}
	f, err := l.file(path)
	if err != nil {
		return nil, document.Errorf(from.Path, pos, "%s: %v", key, err)
	}
	if f.Template != "" {
		return f, nil
	}
	for _, w := range want {
		if f.Format == w {
			return f, nil
		}
	}
	what := string(f.Format)
	if f.Format == Unknown {
		what = "not a recognized config"
	}
	return nil, document.Errorf(from.Path, pos, "%s: %q is not a %s config (it is %s)", key, n.Value, want[0], what)
}
