package rules

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/shell"
)

// ScriptReferencedFileMissing reports a file a launch script names that
// trainlint could not read, so the job was checked without it.
var ScriptReferencedFileMissing = &lint.Rule{
	ID:       "script-referenced-file-missing",
	Severity: lint.Warning,
	Summary:  "a file the launch script names cannot be read, so the job is checked without it",
	Doc: lint.Doc{
		What: "Reports each file a launch command names that trainlint could not read: the `--deepspeed` (or `--deepspeed_config`) JSON, Accelerate's `--config_file`, " +
			"or the config a program takes as its argument (`llamafactory-cli train x.yaml`, `axolotl train x.yml`, a Trainer YAML); " +
			"the DeepSpeed file a config names when its path is a placeholder to fill in (`/path/to/zero3.json`, a folder named `xxxx`), which is not an input error; " +
			"and the draft model's config.json a SpecForge config names in `model.draft_model_config` by a local path (one starting with `.`, `/` or `~`, or ending in `.json`), which SpecForge fails on with FileNotFoundError when it is not there. " +
			"Paths are looked up next to the script, in each folder above it up to the repository root, and in the working directory.",
		Why: "A missing file is either a typo or a path that only exists at run time (written by the script, relative to another working directory, on a cluster mount). " +
			"In the first case the launch dies at start; in every case the DeepSpeed, Accelerate or Trainer checks and the memory estimate ran without the settings in that file, " +
			"so a clean result says less than it seems.",
		Example:    "deepspeed train.py --deepspeed configs/ds_z3.json   # configs/ds_z3.json is not in the repository",
		UseInstead: "deepspeed train.py --deepspeed ds_config/zero3.json   # a path that exists relative to the script or the repository root",
		References: []string{"https://huggingface.co/docs/transformers/deepspeed#deepspeed-configuration", "https://huggingface.co/docs/accelerate/basic_tutorials/launch#using-accelerate-launch"},
	},
	Example: lint.Example{Files: map[string]string{
		"train.sh": "#!/bin/bash\ndeepspeed --num_gpus 8 train.py --deepspeed configs/ds_z3.json --output_dir out --per_device_train_batch_size 4\n",
	}},
	Check: func(p *lint.Pass) {
		j := p.Job
		if j.Command != nil && j.Command.Unreachable {
			return
		}
		for _, ref := range j.Unresolved {
			if ref.Key == "config argument" && j.Command != nil && flagValue(j.Command, ref) {
				// The value of a --flag inside an expanded variable
				// ($ARGS holding "--vocab-file v.json"), not a config.
				continue
			}
			file := ref.File
			if file == "" && j.Script != nil {
				file = j.Script.Path
			}
			if file == "" {
				continue
			}
			written := 0
			if j.Script != nil && file == j.Script.Path {
				written = writtenBy(j.Script.Script, ref.Path)
			}
			f := lint.Finding{File: file, Line: ref.Pos.Line, Column: ref.Pos.Column}
			switch {
			case ref.Missing && written > 0:
				f.Message = fmt.Sprintf("%q names %q, which the script writes at run time (line %d); the job is checked without it", ref.Key, ref.Path, written)
			case ref.Placeholder:
				f.Message = fmt.Sprintf("%q names %q, a placeholder path to replace with your own file; the job is checked without it", ref.Key, ref.Path)
			case ref.Missing:
				namer := "the script"
				if j.Script == nil || file != j.Script.Path {
					namer = "the config"
				}
				f.Message = fmt.Sprintf("%q names %q, which does not exist next to %s, in the folders above it up to the repository root, or in the working directory; the job is checked without it", ref.Key, ref.Path, namer)
			default:
				f.Message = fmt.Sprintf("%q names %q, which cannot be used: %s; the job is checked without it", ref.Key, ref.Path, refCause(file, ref))
			}
			p.Report(f)
		}
	},
}

// refCause says why a named file that exists could not be used: a reading
// error inside it (with its position), or what kind of file it is.
func refCause(script string, ref read.Ref) string {
	var de *document.Error
	if !errors.As(ref.Err, &de) {
		return ref.Err.Error()
	}
	if de.Path != script {
		return de.Error()
	}
	return strings.TrimPrefix(de.Msg, ref.Key+": ")
}

// flagValue reports whether the word a reference was read from is the
// value of one of the command's --flags. Words of one expanded variable
// share its position, so the text tells them apart.
func flagValue(c *shell.Command, ref read.Ref) bool {
	for _, p := range c.ArgPairs() {
		if p.Value.Pos == ref.Pos && p.Value.Text == ref.Path && p.Key.Text != ref.Path {
			return true
		}
	}
	return false
}

// writtenBy returns the line on which the script redirects output into
// path, by name or through a variable holding it (cat <<EOT > $DS_CONFIG),
// or 0 when it does not.
func writtenBy(sc *shell.Script, path string) int {
	if sc == nil || path == "" {
		return 0
	}
	alts := []string{regexp.QuoteMeta(path)}
	for _, name := range sortedKeys(sc.Vars) {
		if w := sc.Vars[name]; w.Known && w.Text == path {
			alts = append(alts, `\$\{?`+regexp.QuoteMeta(name)+`\}?`)
		}
	}
	re, err := regexp.Compile(`>>?\s*["']?(?:` + strings.Join(alts, "|") + `)["']?(?:\s|;|$)`)
	if err != nil {
		return 0
	}
	for i, line := range strings.Split(string(sc.Src), "\n") {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}
