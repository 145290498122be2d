package lint

import (
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
)

// Options configure a lint run. The zero value reads with the built-in
// catalog and runs no rules.
type Options struct {
	Rules   []*Rule
	Read    read.Options
	Workers int // parallel jobs; 0 means one per CPU
	// Suppressions turns on the suppression checks (unknown-rule-id,
	// unused-suppression); Rules must then hold every rule, or ids of the
	// rules left out read as unknown.
	Suppressions bool
}

// JobResult is one job with its estimate.
type JobResult struct {
	Job         *read.Job
	Estimate    *estimate.Result // nil when memory was not estimated: the plan's MemoryGaps say why
	EstimateErr error
}

// MemoryChecked reports whether the job's memory was estimated.
func (jr *JobResult) MemoryChecked() bool { return jr.Estimate != nil }

// Report is the outcome of a run: findings sorted by file, line, column and
// rule (a file that could not be read is an input-error finding); the jobs
// with their estimates; and the errors that name no file (a bad --model),
// which are usage errors.
type Report struct {
	Findings []Finding
	Jobs     []*JobResult
	Errors   []error
}

// Max returns the highest severity among the findings, and whether there
// are any.
func (r *Report) Max() (Severity, bool) {
	if len(r.Findings) == 0 {
		return Info, false
	}
	m := Info
	for _, f := range r.Findings {
		m = max(m, f.Severity)
	}
	return m, true
}

// Run lints the named files and folders.
func Run(paths []string, opts Options) *Report {
	res := read.Load(paths, opts.Read)
	rep := &Report{}
	for _, err := range res.Errors {
		if f, ok := InputFinding(err); ok {
			rep.Findings = append(rep.Findings, f)
		} else {
			rep.Errors = append(rep.Errors, err)
		}
	}
	for _, f := range res.Skipped {
		rule, line, col := NotConfig, 1, 1
		switch {
		case f.Template != "":
			rule = ConfigTemplate
		case f.UnreadLaunch.Line > 0:
			rule, line, col = LaunchNotRead, f.UnreadLaunch.Line, f.UnreadLaunch.Column
		}
		rep.Findings = append(rep.Findings, Finding{File: f.Path, Line: line, Column: col, Rule: rule.ID, Severity: rule.Severity, Message: f.Skip})
	}
	rep.Jobs = make([]*JobResult, len(res.Jobs))
	perJob := make([][]Finding, len(res.Jobs))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// A worker more than there are jobs only costs a fresh process a
	// goroutine and the thread that wakes to run it.
	workers = min(workers, len(res.Jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rep.Jobs[i], perJob[i] = check(res.Jobs[i], opts.Rules)
			}
		}()
	}
	for i := range res.Jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	sup := newSuppressions()
	for i, fs := range perJob {
		for _, f := range fs {
			if !sup.suppress(res.Jobs[i], f) {
				rep.Findings = append(rep.Findings, f)
			}
		}
	}
	if opts.Suppressions {
		known := map[string]bool{}
		for _, r := range append(DriverRules(), opts.Rules...) {
			known[r.ID] = true
		}
		rep.Findings = append(rep.Findings, sup.hygiene(res.Jobs, known)...)
	}
	rep.Findings = dedup(rep.Findings)
	return rep
}

// check estimates one job and runs every rule over it, applying the
// project file's severity overrides and ignores; Run applies the inline
// suppressions.
func check(job *read.Job, rules []*Rule) (*JobResult, []Finding) {
	jr := &JobResult{Job: job}
	p := job.Plan
	if len(p.MemoryGaps) == 0 && p.Model.Set && p.Hardware.GPU.Set {
		jr.Estimate, jr.EstimateErr = estimate.Estimate(p)
		if jr.EstimateErr != nil {
			p.Gap(plan.MemoryGap{Kind: "estimate failed", What: "the estimate failed", Detail: jr.EstimateErr.Error(),
				Fix: "declare the model's architecture with `model_config: path/to/config.json` in .trainlint.yaml"})
		}
	}
	var out []Finding
	for _, r := range rules {
		if r.Check == nil {
			continue
		}
		sev, on := severityFor(job, r)
		if !on {
			continue
		}
		pass := NewPass(job, jr.Estimate, r, func(f Finding) {
			if f.Rule == r.ID && sev != r.Severity {
				f.Severity = sev
			}
			if job.Project.Ignored(f.File, f.Rule) {
				return
			}
			out = append(out, f)
		})
		r.Check(pass)
	}
	return jr, out
}

// severityFor applies the project file's override for a rule; "off"
// disables it.
func severityFor(job *read.Job, r *Rule) (Severity, bool) {
	if job.Project == nil {
		return r.Severity, true
	}
	s, ok := job.Project.Severity[r.ID]
	if !ok {
		return r.Severity, true
	}
	if s == "off" {
		return r.Severity, false
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return r.Severity, true
	}
	return sev, true
}

// dedup sorts findings by position and drops exact repeats (a file shared
// by two jobs yields the same finding twice).
func dedup(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	out := fs[:0]
	for i, f := range fs {
		if i > 0 && fmt.Sprint(f) == fmt.Sprint(fs[i-1]) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// NotConfig, LaunchNotRead and ConfigTemplate are reported by the driver itself for files
// it does not lint; they are listed with the rules so outputs can name them.
var (
	NotConfig = &Rule{
		ID:       "not-a-training-config",
		Severity: Info,
		Summary:  "a file named on the command line is not a training config, or a file in a folder that looks like part of a training setup is read into no job",
		Doc: Doc{
			What: "Reports a file given to trainlint that is none of the formats it reads (DeepSpeed JSON, Trainer arguments, Accelerate, LLaMA-Factory, axolotl, launch scripts), with the reason; " +
				"a verl or EasyR1 config found in a linted folder that no launch of the run starts from (its values are read only with the launch that names it); " +
				"and, found in a linted folder and read into no job, a shell script that runs programs other than shell builtins and setup chores " +
				"but no launch trainlint reads (the message names those programs: memory was not checked), or a YAML or JSON file of no format " +
				"trainlint reads that is named like a training config.",
			Why: "trainlint recognizes formats from content, not names, and never guesses: a file it cannot place is said to be skipped rather than silently passed.",
		},
	}
	LaunchNotRead = &Rule{
		ID:       "launch-not-read",
		Severity: Warning,
		Summary:  "a script line looks like a training launch that trainlint could not read",
		Doc: Doc{
			What: "Reports a launch script in which trainlint found no launch command it could read, at the first line that looks like one, " +
				"so memory was not checked: a training launcher with its training subcommand (`torchrun`, `deepspeed`, `accelerate launch`, " +
				"`llamafactory-cli`/`lmf train`, `axolotl train`, `trl sft|dpo|grpo|…`, `swift sft|pt|rlhf`, `tune run`, `xtuner train`, " +
				"`litgpt finetune…`), a wrapper script named `torchrun.sh` or `deepspeed.sh`, or Python or `uv run` running a program or module " +
				"whose name says it trains (train, finetune, sft, dpo, ppo, grpo, pretrain). A script with at least one launch it reads is " +
				"linted for that launch; other lines it could not follow are not reported.",
			Why: "A gate that passes a training script it did not understand is silent about the job it was asked to check. The usual " +
				"causes are a wrapper script that is not in the repository, a command assembled in a way the shell reader does not follow, " +
				"or a string run by `bash -c` with escaped variables; lint the command the script runs, or declare the job in `.trainlint.yaml`.",
			Example: "srun --gres=gpu:8 bash torchrun.sh --nproc_per_node=8 tasks/train_pt.py config_7b_stage2.py",
		},
	}
	ConfigTemplate = &Rule{
		ID:       "config-template",
		Severity: Info,
		Summary:  "a config template with placeholders is not linted",
		Doc: Doc{
			What: "Reports a config file with placeholders where values belong (`${zero_stage}`, `CONFIG_MBSIZE`), which a script fills in before use.",
			Why:  "A template is not broken JSON; linting it would report false syntax errors. Lint the generated config instead.",
		},
	}
)
