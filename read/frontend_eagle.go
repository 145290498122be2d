package read

import (
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// eagleRepo is the EAGLE release whose training programs eagleFrontend
// reads: eagle/train/main.py (EAGLE-1 and EAGLE-2 heads, launched with
// `accelerate launch -m eagle.train.main`) and eagle/traineagle3/main.py
// (EAGLE-3, `deepspeed main.py --deepspeed_config ds_config.json` in its
// folder).
const eagleRepo = "SafeAILab/EAGLE@cb7e084"

// EAGLE's two training programs.
const (
	eagleHead  = "eagle/train/main.py"
	eagleHead3 = "eagle/traineagle3/main.py"
)

// eagleProgram says which of EAGLE's training programs a launch runs, by
// its path or module, or by main.py run in a folder named traineagle3 (the
// README's `deepspeed main.py`); "" for any other program.
func eagleProgram(c *shell.Command, script string) string {
	if c == nil || !c.Program.Known {
		return ""
	}
	p := strings.TrimPrefix(c.Program.Text, "./")
	if c.Module {
		p = strings.ReplaceAll(p, ".", "/") + ".py"
	}
	switch {
	case p == eagleHead || strings.HasSuffix(p, "/"+eagleHead) || p == "train/main.py" && path.Base(c.Dir) == "eagle":
		return eagleHead
	case p == eagleHead3 || strings.HasSuffix(p, "/"+eagleHead3):
		return eagleHead3
	case p == "main.py" && (path.Base(c.Dir) == "traineagle3" || c.Dir == "" && path.Base(path.Dir(strings.ReplaceAll(script, "\\", "/"))) == "traineagle3"):
		return eagleHead3
	}
	return ""
}

// eagleFrontend declines EAGLE's draft-head training by name: both
// programs train a one-layer draft model beside the frozen base model.
var eagleFrontend = frontend{
	name:  "EAGLE (declined)",
	reads: "launches of EAGLE's eagle/train/main.py (--basepath, --configpath, --bs) and eagle/traineagle3/main.py (--basepath, the DeepSpeed config), with the draft model's config.json they read: memory named as not checked, with the reason",
	owns: func(j *Job, s settings) bool {
		return j.Command != nil && s.file == j.Script && eagleProgram(j.Command, j.Script.Path) != ""
	},
	apply: applyEagle,
}

// applyEagle records why the job's memory is not estimated, with what the
// launch says.
func applyEagle(p *plan.Plan, s settings) {
	prog := eagleProgram(s.command, s.file.Path)
	target := "--basepath (not given: its default is a path on the authors' machine)"
	if v, _ := s.str("basepath"); v.Set {
		target = v.V
	}
	at := plan.At(s.file.Path, s.command.Pos.Line, s.command.Pos.Column, "")
	if _, o := s.node("basepath"); o.Positioned() {
		at = o
	}
	var why string
	if prog == eagleHead {
		// main.py's argparse: --configpath defaults to config.json, --bs
		// to 4, --gradient-accumulation-steps to 1; the base model's
		// hidden states are read from --tmpdir, generated beforehand by
		// eagle/ge_data, and only its lm_head and embeddings are loaded.
		bs, _ := s.integer("bs")
		if !bs.Set {
			bs = plan.Of(4, plan.Default(eagleRepo+" "+eagleHead+" --bs"))
		}
		p.MicroBatch = bs
		why = fmt.Sprintf("%s's %s trains a draft head built from --configpath (%s) on the hidden states of the base model %s, captured beforehand into --tmpdir, "+
			"with its embeddings and lm_head frozen; the draft head's training is not modelled. Read: --bs %d",
			eagleRepo, eagleHead, eagleConfigPath(prog, s), target, bs.V)
	} else {
		// main.py's train_config: the batch is the DeepSpeed config's
		// train_micro_batch_size_per_gpu, max_len 2048, the draft config
		// config.json in the working directory; cnets.Model loads the base
		// model in float16, sets requires_grad False on it and runs it
		// under torch.no_grad.
		why = fmt.Sprintf("%s's %s trains a draft model built from config.json in the working directory beside the base model %s, loaded in float16, "+
			"frozen and run without gradients; draft-model training beside a frozen target is not modelled. Read: max_len 2048 (main.py's train_config)",
			eagleRepo, eagleHead3, target)
	}
	recipeGap(p, "EAGLE draft training against the frozen target "+target+": not read", why, at)
}

// eagleConfigPath is the draft config a launch of EAGLE's program reads:
// --configpath (default config.json) for eagle/train/main.py, config.json
// for eagle/traineagle3/main.py.
func eagleConfigPath(prog string, s settings) string {
	if prog == eagleHead {
		if v, _ := s.str("configpath"); v.Set {
			return v.V
		}
	}
	return "config.json"
}

// attachEagleDraft reads the draft config an EAGLE launch names as the
// job's input, looked up as the launch's other files are.
func (l *loader) attachEagleDraft(j *Job, f *File, c *shell.Command) {
	prog := eagleProgram(c, f.Path)
	if prog == "" {
		return
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: "config.json", Line: c.Pos.Line, Column: c.Pos.Column}
	key := "config.json"
	if prog == eagleHead {
		key = "--configpath"
		if _, w, ok := c.Flag("configpath"); ok {
			if !w.Known {
				return
			}
			n = &yaml.Node{Kind: yaml.ScalarNode, Value: w.Text, Line: w.Pos.Line, Column: w.Pos.Column}
		}
	}
	if c.Dir != "" && !strings.HasPrefix(n.Value, "/") {
		if _, ok := resolveRef(f.Path, path.Join(c.Dir, n.Value)); ok {
			m := *n
			m.Value = path.Join(c.Dir, n.Value)
			n = &m
		}
	}
	p, ok := resolveRef(f.Path, n.Value)
	if !ok {
		j.unresolved(f, n, key, fmt.Errorf("%s: file %q not found", key, n.Value))
		return
	}
	if l.checkRoot(f.Path, p) != nil {
		return
	}
	if dc, err := l.file(p); err == nil && dc.Doc != nil && dc.Root != nil && dc.Root.Kind == yaml.MappingNode {
		j.Draft = dc
	}
}
