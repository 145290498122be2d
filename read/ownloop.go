package read

import (
	"bytes"
	"path"
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// markOwnLoop sets p.OwnLoop when the job's launch command runs a Python
// file of the repository that trains in a loop of its own: it calls
// backward itself (accelerator.backward, loss.backward) and names none of
// the classes that would make it a Trainer job. Such a program reads its
// own arguments (EasyContext's train.py: argparse --batch-size, an
// accelerate loop with DummyOptim), so the checks the Hugging Face
// Trainer's DeepSpeed integration makes (HfTrainerDeepSpeedConfig.trainer_config_finalize in
// transformers v5.x src/transformers/integrations/deepspeed.py, called
// only from the Trainer) never run. The file is looked
// up as a sourced script is: from the script's folder (and the folder the
// script cd's to) up to the repository root, never outside it.
func markOwnLoop(p *plan.Plan, j *Job) {
	if p.NotTraining.Set {
		return
	}
	src, _, ok := launchedProgram(j)
	if !ok || !ownLoop(src) {
		return
	}
	c := j.Command
	p.OwnLoop = plan.Of(path.Base(c.Program.Text)+" runs its own training loop (it calls backward itself and builds no Trainer)",
		plan.At(j.Script.Path, c.Program.Pos.Line, c.Program.Pos.Column, c.Program.Text))
	p.Assume("%s runs its own training loop, not the Hugging Face Trainer: the Trainer's checks of DeepSpeed values against its arguments do not apply", path.Base(c.Program.Text))
}

// launchedProgram reads the Python program a job's launch runs by path (not
// a module), looked up as a sourced script is, with its path relative to
// the script's folder.
func launchedProgram(j *Job) (src []byte, rel string, ok bool) {
	c := j.Command
	if c == nil || c.Module || j.Script == nil || !strings.HasSuffix(c.Program.Text, ".py") {
		return nil, "", false
	}
	rel = path.Join(c.Dir, c.Program.Text)
	src, err := scriptOpener(j.Script.Path)(rel)
	return src, rel, err == nil
}

// loopMarkers show a program that steps the optimizer itself; trainerMarkers
// one that hands training to a Trainer (transformers', TRL's, or a subclass
// named *Trainer) or parses TrainingArguments.
var (
	loopMarkers    = [][]byte{[]byte("accelerator.backward("), []byte("loss.backward(")}
	trainerMarkers = [][]byte{[]byte("Trainer("), []byte("TrainingArguments"), []byte("HfArgumentParser"), []byte("TrlParser"), []byte("trainer.train(")}
)

// ownLoop reports whether a Python program's source shows a loop of its
// own and no Trainer.
func ownLoop(src []byte) bool {
	for _, m := range trainerMarkers {
		if bytes.Contains(src, m) {
			return false
		}
	}
	for _, m := range loopMarkers {
		if bytes.Contains(src, m) {
			return true
		}
	}
	return false
}
