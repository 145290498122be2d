package read

import (
	"regexp"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// ovisScript is Ovis's training script whose arguments the reader assumes:
// ModelArguments and TrainingArguments in ovis/train/arguments.py and
// load_model in ovis/train/train.py at AIDC-AI/Ovis@4de4946.
const ovisScript = "Ovis ovis/train/train.py at AIDC-AI/Ovis@4de4946"

// RecipeOvis is Ovis's ovis/train/train.py.
const RecipeOvis = "ovis"

// ovisProgram matches Ovis's training entry point.
var ovisProgram = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|/)ovis/train/train\.py$`)
})

// ownsOvis: the launch command runs ovis/train/train.py.
func ownsOvis(j *Job, s settings) bool {
	return j.Command != nil && s.file == j.Script && ovisProgram().MatchString(j.Command.Program.Text)
}

// applyOvis reads train.py's arguments: load_model loads the whole Ovis
// model from --ovis_pretrained_path (Ovis.from_pretrained, the only way it
// builds one), and its datasets truncate multimodal samples to
// --multimodal_max_length and text-only ones to --text_max_length (both
// 4096 by default), the longer of which caps a sample.
func applyOvis(p *plan.Plan, s settings) {
	def := func(what string) plan.Origin { return plan.Default(ovisScript + " " + what) }
	p.Recipe = plan.Of(RecipeOvis, plan.Derived("the launch runs "+ovisScript))
	set(&p.ModelRef, first(s.str("ovis_pretrained_path")))
	mm := plan.Of(4096, def("multimodal_max_length"))
	set(&mm, first(s.integer("multimodal_max_length")))
	text := plan.Of(4096, def("text_max_length"))
	set(&text, first(s.integer("text_max_length")))
	p.SeqLen = mm
	if text.V > mm.V {
		p.SeqLen = text
	}
}

// ovisSpells: Ovis's TrainingArguments extend the Trainer's, but a sample's
// length is two keys of its own, which one fix cannot lower together.
var ovisSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{RecipeOvis: refusing(map[string]Spelling{}, seqLenKeys...)}
})
