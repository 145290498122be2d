package read

import (
	"path"
	"strings"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// Jobs that load a model without training it: evaluation, inference,
// serving, export and data preparation. They take no optimizer step, so a
// training-memory verdict on them would be wrong; the plan says what they
// are instead (plan.NotTraining) and memory is not estimated.

// llamaFactoryNotTraining are llamafactory-cli's subcommands that do not
// train (src/llamafactory/cli.py Command).
var llamaFactoryNotTraining = map[string]string{
	"chat": "interactive inference", "webchat": "interactive inference", "eval": "evaluation",
	"export": "export (merging or quantizing a model)", "api": "serving", "webui": "a web UI",
}

// notTrainingNames are the leading words of script and module names that
// evaluate, infer, serve or prepare data; a name that also says train or
// finetune is kept as training.
var notTrainingNames = []struct{ prefix, what string }{
	{"eval", "evaluation"}, {"model_vqa", "evaluation"}, {"infer", "inference"}, {"predict", "inference"},
	{"serve", "serving"}, {"convert", "data or checkpoint conversion"}, {"prepare", "data preparation"},
	{"preprocess", "data preparation"}, {"merge_lora", "merging adapters"}, {"export", "export"},
	// ChatGLM's and LLaMA-Factory's chat front ends (web_demo.py, cli_demo.py),
	// Chinese-Vicuna's generate.py, chat.py and interaction.py, LMFlow's
	// chatbot.py.
	{"web_demo", "interactive inference"}, {"cli_demo", "interactive inference"},
	{"generate", "inference"}, {"chat", "interactive inference"}, {"interaction", "interactive inference"},
}

// notTrainingModules are Python modules that serve or evaluate.
var notTrainingModules = []struct{ prefix, what string }{
	{"vllm.entrypoints", "serving"}, {"sglang.launch_server", "serving"}, {"lm_eval", "evaluation"},
	{"llamafactory.chat", "inference"},
	// lmms-eval, the multimodal fork of lm-evaluation-harness, runs as
	// `accelerate launch -m lmms_eval --model … --tasks …`
	// (EvolvingLMMs-Lab/lmms-eval v0.3.0 lmms_eval/__main__.py
	// cli_evaluate; OpenGVLab/InternVideo 3965eef InternVideo3/
	// InternVideo3_eval/scripts/eval_mvbench.sh).
	{"lmms_eval", "evaluation"},
}

// markNotTraining recognizes a job that does not train and replaces its
// memory gaps with that one reason.
func markNotTraining(p *plan.Plan, j *Job) {
	what, at, ok := notTraining(j)
	if !ok {
		return
	}
	p.NotTraining = plan.Of(what, at)
	p.MemoryGaps = []plan.MemoryGap{{Kind: "not a training job", What: "not a training job: " + what, At: at}}
}

// notTraining says what a job does when it is not training, and where that
// shows.
func notTraining(j *Job) (string, plan.Origin, bool) {
	if c := j.Command; c != nil {
		at := plan.At(j.Script.Path, c.Pos.Line, c.Pos.Column, c.Launcher)
		if what, ok := commandNotTraining(c); ok {
			return what, at, true
		}
	}
	// TrainingArguments.do_train defaults to false, but many scripts (TRL's,
	// alignment-handbook's) train without reading it; `do_eval` alone is
	// therefore read only where the program does read it: LLaMA-Factory
	// (its workflows call trainer.train() only under do_train) and the
	// command line of a script that is not TRL's, by its launch or by the
	// TRL keys on its command line (a script that reads TRL's ModelConfig,
	// such as LMFlow's contrib/long-context/sft_summarizer.py with
	// --use_peft, parses with TrlParser and trains unconditionally).
	_, isTRL := DetectTRL(j)
	if !isTRL && j.Args != nil {
		_, isTRL = trlByKeys(j.Args)
	}
	var all []settings
	if j.Trainer != nil {
		all = append(all, settings{file: j.Trainer, root: j.Trainer.Root})
	}
	if j.Args != nil {
		all = append(all, settings{file: j.Script, root: j.Args})
	}
	for _, s := range all {
		if train, _ := s.boolean("do_train"); train.Set && train.V {
			return "", plan.Origin{}, false
		}
	}
	for _, s := range all {
		// open-r1's pass-rate filtering: its script generates completions
		// with vLLM, scores them and keeps the prompts whose mean reward
		// lies between pass_rate_min and pass_rate_max, fields of its own
		// PassRateScriptArguments (huggingface/open-r1 ebd5913 as copied in
		// sunblaze-ucb/Intuitor 3f0cdd7 open-r1-intuitor/scripts/
		// pass_rate_filtering/compute_pass_rate.py); no optimizer step.
		lo, _ := s.node("pass_rate_min")
		hi, _ := s.node("pass_rate_max")
		if lo != nil && hi != nil {
			return "data preparation: open-r1's pass-rate filtering (`pass_rate_min`, `pass_rate_max`)", plan.At(s.file.Path, lo.Line, lo.Column, "pass_rate_min"), true
		}
	}
	for _, s := range all {
		if v, _ := s.boolean("do_predict"); v.Set && v.V {
			return "evaluation: `do_predict` without `do_train`", v.From, true
		}
		readsDoEval := s.file.Format == LlamaFactory || (s.root == j.Args && !isTRL)
		if v, _ := s.boolean("do_eval"); v.Set && v.V && readsDoEval {
			return "evaluation: `do_eval` without `do_train`", v.From, true
		}
	}
	return "", plan.Origin{}, false
}

// commandNotTraining reads a launch command: a CLI subcommand that does not
// train, a serving or evaluation tool, or a script or module named for
// evaluation, inference or data preparation.
func commandNotTraining(c *shell.Command) (string, bool) {
	sub := c.Subcommand()
	switch c.Launcher {
	case shell.Swift:
		if what, ok := swiftNotTraining[sub]; ok {
			return what + ": `swift " + sub + "`", true
		}
		return "", false
	case shell.Megatron:
		if sub == "export" {
			return "export or conversion: `megatron export`", true
		}
		return "", false
	case shell.LlamaFactoryCLI:
		if what, ok := llamaFactoryNotTraining[sub]; ok {
			return what + ": `llamafactory-cli " + sub + "`", true
		}
		return "", false
	case shell.VLLM:
		return "serving: `vllm serve`", true
	case shell.LMEval:
		return "evaluation: `" + c.Program.Text + "`", true
	case shell.LightEval:
		return "evaluation: `" + c.Program.Text + " " + sub + "`", true
	}
	if sub, ok := swiftScript(c); ok {
		if what, ok := swiftNotTraining[sub]; ok {
			return what + ": " + c.Program.Text, true
		}
		return "", false
	}
	prog := c.Program.Text
	if what, ok := inDataPrepFolder(prog, c.Module); ok {
		return what + ": `" + prog + "`", true
	}
	if c.Module {
		for _, m := range notTrainingModules {
			if prog == m.prefix || strings.HasPrefix(prog, m.prefix+".") {
				return m.what + ": `-m " + prog + "`", true
			}
		}
		parts := strings.Split(prog, ".")
		if what, ok := namedNotTraining(parts[len(parts)-1]); ok {
			return what + ": `-m " + prog + "`", true
		}
		if what, ok := inEvalFolder(parts); ok {
			return what + ": `-m " + prog + "`", true
		}
		return "", false
	}
	if !strings.HasSuffix(prog, ".py") {
		return "", false
	}
	if what, ok := namedNotTraining(strings.TrimSuffix(path.Base(prog), ".py")); ok {
		return what + ": " + prog, true
	}
	if what, ok := inEvalFolder(strings.Split(prog, "/")); ok {
		return what + ": " + prog, true
	}
	return "", false
}

// inEvalFolder reads the folders of a script or module (its path split
// into parts, the name last): LLaVA-style repositories keep their benchmark
// drivers and scorers in an eval/ package and their demo front ends in
// serve/ (haotian-liu/LLaVA llava/eval/ and llava/serve/cli.py;
// dvlab-research/LLaMA-VID@b3d3ae2 llamavid/eval/model_msvd_qa.py;
// baaivision/EVE@cc63ec7 eve/eval/summarize_gpt_review.py;
// xlang-ai/aguvis@178c418 src/aguvis/serve/cli.py), so the folder says what
// a script not named for it does.
func inEvalFolder(parts []string) (string, bool) {
	for _, dir := range parts[:len(parts)-1] {
		switch strings.ToLower(dir) {
		case "eval", "evaluation", "evals":
			return "evaluation", true
		case "serve", "serving":
			return "serving", true
		}
	}
	return "", false
}

// namedNotTraining reads a script or module name.
func namedNotTraining(name string) (string, bool) {
	n := strings.ToLower(name)
	if strings.Contains(n, "train") || strings.Contains(n, "finetune") || strings.Contains(n, "sft") {
		return "", false
	}
	// dart-math's pipeline/gen.py samples solutions with vLLM for its data
	// synthesis (hkust-nlp/dart-math@219b324 scripts/synth-vrt.sh).
	if n == "gen" {
		return "generation", true
	}
	for _, x := range notTrainingNames {
		if strings.HasPrefix(n, x.prefix) {
			return x.what, true
		}
	}
	// vllm_inference.py, sglang_inference.py, run_inference.py.
	if strings.Contains(n, "inference") {
		return "inference", true
	}
	// MFTCoder's offline_tokenization/concat_sst_bin_tokenization.py,
	// tokenize_dataset.py: they write token files a later training reads.
	if strings.Contains(n, "tokeniz") {
		return "data preparation (tokenization)", true
	}
	if strings.HasSuffix(n, "_dataset") {
		// SkyRL's examples/train/*/<name>_dataset.py write the parquet files
		// its trainer reads (NovaSky-AI/SkyRL a9564572).
		return "data preparation", true
	}
	if strings.HasSuffix(n, "_server") {
		// A service the trainer calls, as verl-tool's search recipes start
		// verl_tool/servers/tools/utils/retrieval_server.py beside it.
		return "serving", true
	}
	return "", false
}

// inDataPrepFolder reads the folders of a script or module: verl keeps its
// dataset builders in examples/data_preprocess/ and names each for its
// dataset (gsm8k.py, math_dataset.py), so the folder says what they do.
func inDataPrepFolder(prog string, module bool) (string, bool) {
	sep := "/"
	if module {
		sep = "."
	}
	parts := strings.Split(prog, sep)
	for _, dir := range parts[:len(parts)-1] {
		d := strings.ToLower(dir)
		if strings.HasPrefix(d, "data_preprocess") || strings.HasPrefix(d, "preprocess") || d == "data_prep" {
			return "data preparation", true
		}
	}
	return "", false
}
