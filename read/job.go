package read

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/project"
	"github.com/trainlint/trainlint/shell"
)

// File is one input file, parsed and recognized.
type File struct {
	Path   string // as given, or relative to the working directory
	Format Format
	Doc    *document.Document // nil for launch scripts
	Script *shell.Script      // launch scripts only
	// Root is the mapping the format's settings live in: the document
	// root, or a nested mapping (ChatGLM3's training_args, an inline
	// deepspeed section).
	Root *yaml.Node
	// Skip says why the file is not linted as a training config (not a
	// config, a template with placeholders); empty for configs.
	Skip     string
	Template string // the first placeholder of a template
	// UnreadLaunch is where a script with no launch it could read has a
	// line that looks like one (see unreadLaunch); zero otherwise.
	UnreadLaunch document.Pos
	// spec is what a cluster job spec says of the job its command
	// starts (JobSpec files only).
	spec *jobSpec
}

// Line returns the text of a 1-based line of the file, without its line
// end ("" when there is no such line).
func (f *File) Line(n int) string {
	switch {
	case f.Doc != nil:
		return f.Doc.Line(n)
	case f.Script != nil:
		lines := strings.SplitN(string(f.Script.Src), "\n", n+1)
		if n >= 1 && n <= len(lines) {
			return strings.TrimSuffix(lines[n-1], "\r")
		}
	}
	return ""
}

// Job is one training job: the files that configure it, in their roles, and
// the plan normalized from them.
type Job struct {
	Primary    *File
	Trainer    *File // Trainer args (also LLaMA-Factory and axolotl YAML)
	DeepSpeed  *File // the DeepSpeed config (a file, or the Trainer file holding it inline)
	Accelerate *File
	Script     *File
	Base       *File // the framework's base config a launch command's overrides apply to (verl's ppo_trainer.yaml)
	FSDPConfig *File // the JSON file a Trainer launch names with --fsdp_config
	// Draft is the draft model's config.json a speculative-decoding job
	// builds the model it trains from (SpecForge's
	// model.draft_model_config): an input of the job, not a model to
	// fine-tune.
	Draft   *File
	Command *shell.Command // the launch command, for jobs read from a script
	// Args holds a launch command's program arguments as a mapping (keys
	// without dashes, positions in the script), read like Trainer args.
	Args *yaml.Node
	// DeepSpeedRoot is the mapping holding the DeepSpeed settings (the
	// file's root, or an inline mapping in a Trainer/Accelerate file).
	DeepSpeedRoot *yaml.Node
	// Unresolved lists files a launch script names that could not be read
	// (often written by the script itself at run time), with the word of
	// the script that names each; the job is checked without them.
	Unresolved []Ref
	Project    *project.File
	Catalog    *catalog.Catalog
	Plan       *plan.Plan
}

// Ref is a file a launch command names that could not be read.
type Ref struct {
	Key     string       // what names it: "--deepspeed", "--config_file", "config argument"
	Path    string       // as written, after the script's variables are expanded
	Pos     document.Pos // where the script names it
	Missing bool         // no such file; otherwise it exists but is not a readable config of the expected kind
	Err     error        // why it could not be read
	// File is the file that names it (the script, or a config naming a
	// DeepSpeed file).
	File string
	// Placeholder is set when the path is a placeholder to fill in
	// (/path/to/…, a folder named xxxx), not a file that went missing.
	Placeholder bool
}

// Files lists the job's files, primary first, without repeats.
func (j *Job) Files() []*File {
	var out []*File
	seen := map[*File]bool{}
	for _, f := range []*File{j.Primary, j.Script, j.Base, j.Trainer, j.Accelerate, j.DeepSpeed, j.FSDPConfig, j.Draft} {
		if f != nil && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// File returns the job's file with the given path, or nil.
func (j *Job) File(path string) *File {
	for _, f := range j.Files() {
		if f.Path == path {
			return f
		}
	}
	return nil
}
