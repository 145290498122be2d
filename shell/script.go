package shell

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/document"
)

// Limits bound the work done on one script, so hostile or broken input cannot
// exhaust memory, time or the stack.
const (
	// MaxFileSize is the largest script read, in bytes.
	MaxFileSize = 16 << 20

	maxNest        = 32       // ${…} nested inside ${…} deeper than this is read as unknown
	maxEvalDepth   = 4        // eval inside eval inside …
	maxArithDepth  = 64       // parentheses, signs and variable references in one $((…))
	maxValueLen    = 1 << 20  // longest variable value kept; longer ones become unknown
	maxSegs        = 256      // pieces kept apart in one value; more are joined
	maxBlocks      = 1000     // open if/for/case/{…}/(…) tracked; deeper ones are read flat
	maxCommands    = 10000    // launch commands recorded
	maxWords       = 10000    // words of one simple command; later ones are dropped
	maxEnv         = 64       // exported variables listed in a Command's Env
	maxExpandTotal = 64 << 20 // expansion output for a whole script
)

// The launchers a Command can have.
const (
	Deepspeed       = "deepspeed"
	Torchrun        = "torchrun"
	TorchRun        = "torch.distributed.run"    // python -m torch.distributed.run
	TorchLaunch     = "torch.distributed.launch" // python -m torch.distributed.launch
	Accelerate      = "accelerate"               // accelerate launch, python -m accelerate.commands.launch
	Python          = "python"                   // python train.py, python -m module
	Srun            = "srun"                     // srun … python train.py
	LlamaFactoryCLI = "llamafactory-cli"
	Axolotl         = "axolotl"
	TRL             = "trl"
	RayJobSubmit    = "ray job submit" // a wrapper: the command after its -- runs on a Ray cluster
	Swift           = "swift"          // ms-swift's CLI: swift sft|pt|rlhf|infer|…
	Megatron        = "megatron"       // ms-swift's Megatron CLI: megatron sft|pt|rlhf|export
	VLLM            = "vllm"           // vllm serve: serving, recognized so it is not taken for training
	LMEval          = "lm_eval"        // lm-evaluation-harness: evaluation
	Tune            = "tune"           // torchtune's tune run [torchrun options] RECIPE --config CONFIG key=value…
	LitGPT          = "litgpt"         // litgpt finetune_lora|finetune_full|finetune_adapter|… [CHECKPOINT] --key value…
	XTuner          = "xtuner"         // xtuner train CONFIG.py: a Python config, declined by the reader
	// LightEval is Hugging Face's lighteval CLI: every command evaluates a
	// model or lists tasks (accelerate, vllm, nanotron, endpoint, baseline,
	// tasks; src/lighteval/__main__.py at huggingface/lighteval@00f3962).
	LightEval = "lighteval"
)

// Word is one argument of a command, after expansion and field splitting.
// One word as written can give several (an unquoted "$ARGS" holding many
// flags); they all share the written word's Raw and Pos.
type Word struct {
	Text string // after quote removal and variable expansion; unknown parts keep their spelling ($1, $(cmd))
	Raw  string // the word as written
	// Pos is where the word starts in the script. A word from text given to
	// eval starts where its first character is written.
	Pos document.Pos
	// Origin is where Text's first character is written when it came from
	// elsewhere, e.g. inside ARGS="--lr 1e-5" for a word of $ARGS; zero when
	// Text was computed ($((…))).
	Origin document.Pos
	// Known is false when Text depends on something not knowable statically
	// ($1, $(cmd), a variable the script never sets, $RANDOM, …).
	Known bool
	// Unknown names what made the word unknown, for assumption messages:
	// "$1", "$NPROC_PER_NODE", "$(nvidia-smi -L | wc -l)".
	Unknown []string
	// Defaulted names the variables read as ${X:-default} that the script
	// never sets ("$X", or "$1" for a script argument): the default was used,
	// assuming the environment or the caller leaves them unset.
	Defaulted []string
	segs      []seg // the expanded pieces of Text, so flags can be cut out of it
	// spread is set when the word as written gave several words (an
	// unquoted $ARGS, "${ARGS[@]}"), so Text was written inside a value.
	spread bool
}

// At is where a message about the word points: where its text is written
// when it is one of several words that one written word gave (each flag of
// args="--lr 1e-5 --bf16" expanded as ${args} points inside args's value,
// where the user wrote it), else Pos. Text computed by the shell ($((…)))
// is written nowhere, and text from a file that source reads is written in
// another file: both point at Pos too.
func (w Word) At() document.Pos {
	if w.spread && w.Origin.Line > 0 {
		return w.Origin
	}
	return w.Pos
}

// Assignment is a variable set for a command.
type Assignment struct {
	Name   string
	Pos    document.Pos // where NAME=value is written
	Value  Word
	Prefix bool // written before the command (CUDA_VISIBLE_DEVICES=0,1 torchrun …), not exported earlier
}

// Wrapper is a command in front of the launcher that starts it: nohup, env,
// numactl, srun running torchrun, …
type Wrapper struct {
	Name string
	Pos  document.Pos
	Args []Word
}

// Command is one launch of a training program.
type Command struct {
	Launcher string       // one of the launcher constants
	Pos      document.Pos // where the command starts (its first word, env prefix included)
	// Env holds the variables the script exports before this command (the
	// first 64 exported), with their values at that point, followed by its
	// VAR=value prefixes.
	Env      []Assignment
	Wrappers []Wrapper
	// Interpreter is the python word and its own options when a Python
	// interpreter runs the launcher module or the program (python3 -u …).
	Interpreter  []Word
	LauncherArgs []Word // options of the launcher before the program
	// Program is the training entry: train.py, the module after -m
	// (Module is then true), the recipe of tune run, or the CLI itself for
	// llamafactory-cli, axolotl, trl, litgpt and xtuner, whose subcommand
	// is then the first of Args.
	Program Word
	Module  bool
	Args    []Word // the program's arguments
	// Unreachable is set for a command in an if branch whose condition is
	// statically false.
	Unreachable bool
	// Dir is the folder the script changed to (cd src/r1-v) before this
	// command, relative to the folder it was started in; empty when it did
	// not change folder or changed to one it does not know as a relative
	// path (cd /abs, cd "$(dirname "$0")").
	Dir string
}

// Note is something about the script a reader should hear of, such as a
// comment that silently ends a continued command.
type Note struct {
	Pos document.Pos
	Msg string
}

// Script is a parsed launch script.
type Script struct {
	Path     string
	Src      []byte
	Commands []*Command
	// Vars holds the value each variable has at the end of the script, read
	// top to bottom ignoring control flow (see the package doc); Pos is
	// where the value is written.
	Vars  map[string]Word
	Notes []Note
	// Programs names the programs the script and the files it reads run
	// in commands that are not launches, in order of first use, leaving
	// out shell builtins and file and environment chores (see chore): what
	// a script with no launch does instead, for the finding that says so.
	Programs []string
}

// Parse reads a shell script statically. Constructs it does not understand
// are skipped, not reported: the only errors are for input that is not a
// script at all (binary data, or over MaxFileSize).
func Parse(path string, src []byte) (*Script, error) { return ParseWith(path, src, nil) }

// Opener returns the text of a file a script sources (source FILE, . FILE)
// or runs (bash FILE, sh FILE), named as the script names it, or an error
// when it does not read it.
type Opener func(name string) ([]byte, error)

// ParseWith is Parse that also reads, through open, the files the script
// sources or runs by a name it knows: a sourced file's assignments and
// launches count as the script's own (its arguments are $1, $2, …), a file
// run by bash or sh sees the exported variables and adds its launches. What
// such a file holds is not written in the script, so its words point at the
// source or bash command and are marked as not written there.
func ParseWith(path string, src []byte, open Opener) (*Script, error) {
	if len(src) > MaxFileSize {
		return nil, &document.Error{Path: path, Msg: fmt.Sprintf("script is %d bytes, over the %d MiB limit for a launch script", len(src), MaxFileSize>>20)}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, &document.Error{Path: path, Msg: "file holds binary data (a NUL byte), not a shell script"}
	}
	p := &parser{env: newEnv(), open: open, chain: [][]byte{src}}
	seedSlurmNodes(p.env, src)
	p.read(newScanner(src), reach{}, 0)
	sc := &Script{Path: path, Src: src, Commands: p.cmds, Notes: p.notes, Vars: map[string]Word{}, Programs: p.progs}
	for name, v := range p.env.vars {
		if v.set {
			sc.Vars[name] = makeWord(joined(v.elements(), false), v.raw, v.pos)
		}
	}
	return sc, nil
}

// seedSlurmNodes gives a batch script the node count Slurm puts in the
// environment of its job: SLURM_JOB_NUM_NODES, and SLURM_NNODES for
// backwards compatibility (Slurm's sbatch manual, output environment
// variables), from a literal #SBATCH -N/--nodes in its header. A range
// (--nodes=2-4) is settled only at run time and sets nothing.
func seedSlurmNodes(e *env, src []byte) {
	w, ok := (&Script{Src: src}).Sbatch("nodes")
	if !ok || !w.Known || w.Text == "" || strings.Trim(w.Text, "0123456789") != "" {
		return
	}
	for _, name := range []string{"SLURM_JOB_NUM_NODES", "SLURM_NNODES"} {
		e.vars[name] = &variable{val: []seg{{text: w.Text, origin: w.Pos, span: len(w.Text)}}, set: true, pos: w.Pos, raw: w.Text}
	}
}
