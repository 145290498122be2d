package shell

import (
	"path"
	"strings"
)

// cli describes how a launcher reads its own options, so the program word
// can be told apart from option values: an option takes the next word as its
// value unless it is known to take none.
type cli struct {
	bools  map[string]bool   // options that take no value
	module map[string]bool   // options that make the program a module name
	short  map[string]string // one-letter options and the long names they stand for
}

func set(names string) map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(names) {
		m[n] = true
	}
	return m
}

var torchrunCLI = cli{
	bools:  set("standalone no_python run_path use_env virtual_local_rank"),
	module: set("module"),
	short:  map[string]string{"m": "module", "r": "redirects", "t": "tee"},
}

// clis holds the option syntax of each launcher, from their --help.
var clis = map[string]cli{
	Deepspeed: {
		bools:  set("force_multi no_python no_local_rank no_ssh_check save_pid elastic_training bind_cores_to_rank no_ssh"),
		module: set("module"),
		short:  map[string]string{"H": "hostfile", "i": "include", "e": "exclude"},
	},
	Torchrun:    torchrunCLI,
	Tune:        torchrunCLI, // tune run takes every torchrun option before the recipe
	TorchRun:    torchrunCLI,
	TorchLaunch: torchrunCLI,
	Accelerate: {
		bools: set("cpu multi_gpu tpu ipex mps use_xpu use_deepspeed use_fsdp use_megatron_lm no_python debug quiet " +
			"same_network tpu_use_cluster tpu_use_sudo downcast_bf16 dynamo_use_fullgraph dynamo_use_dynamic enable_cpu_affinity"),
		module: set("module"),
		short:  map[string]string{"m": "module", "q": "quiet"},
	},
	Srun: {
		bools: set("exclusive kill_on_bad_exit overlap pty unbuffered label verbose quiet oversubscribe exact no_kill " +
			"disable_status spread_job test_only contiguous hold overcommit x11 propagate no_allocate preserve_env"),
		short: map[string]string{"n": "ntasks", "N": "nodes", "c": "cpus_per_task", "p": "partition", "J": "job_name",
			"t": "time", "w": "nodelist", "G": "gpus", "K": "kill_on_bad_exit", "l": "label", "u": "unbuffered", "v": "verbose",
			"Q": "quiet", "s": "oversubscribe", "k": "no_kill", "O": "overcommit", "H": "hold", "Z": "no_allocate",
			"X": "disable_status", "E": "preserve_env"},
	},
}

// option reads an option word: its canonical long name, and where an
// attached value starts (--name=value, -N2), or -1.
func (c cli) option(t string) (string, int) {
	if strings.HasPrefix(t, "--") {
		body := t[2:]
		if eq := strings.IndexByte(body, '='); eq >= 0 {
			return normalize(body[:eq]), eq + 3
		}
		return normalize(body), -1
	}
	letter := t[1:2]
	name := letter
	if long, ok := c.short[letter]; ok {
		name = long
	}
	if len(t) > 2 {
		return name, 2
	}
	return name, -1
}

// split reads a launcher's options up to its program. isProgram tells a word
// that certainly starts the program (a .py file, or a launcher srun runs).
// An unknown expansion ($ARGS the script never sets) right before such a
// word is taken as more options.
func (c cli) split(ws []Word, isProgram func(Word) bool) (opts, rest []Word, module bool) {
	i := 0
	for i < len(ws) {
		w := ws[i]
		t := w.Text
		if t == "--" {
			return append(opts, w), ws[i+1:], module
		}
		if isProgram(w) {
			break
		}
		if !isOption(t) {
			if !w.Known && strings.HasPrefix(w.Raw, "$") && i+1 < len(ws) && isProgram(ws[i+1]) {
				opts, i = append(opts, w), i+1
				continue
			}
			break
		}
		opts, i = append(opts, w), i+1
		name, attached := c.option(t)
		switch {
		case attached >= 0:
		case c.module[name]:
			module = true
		case c.bools[name]:
		case i < len(ws) && isValue(ws[i]) && !isProgram(ws[i]):
			opts, i = append(opts, ws[i]), i+1
		}
	}
	return opts, ws[i:], module
}

func isOption(t string) bool { return len(t) > 1 && t[0] == '-' }

func pyFile(w Word) bool { return strings.HasSuffix(w.Text, ".py") }

// wrappers start the command that follows them, possibly after options of
// their own: the launch begins at the first word naming a launcher.
var wrappers = set("nohup exec command time env nice numactl taskset stdbuf srun uv")

// trlCommands are the trl CLI subcommands that train.
var trlCommands = set("sft dpo grpo kto reward rloo orpo ppo")

// litgptCommands are the litgpt CLI subcommands that fine-tune
// (litgpt/__main__.py; finetune is finetune_lora).
var litgptCommands = set("finetune finetune_lora finetune_full finetune_adapter finetune_adapter_v2")

// llamaFactoryCommands are the llamafactory-cli subcommands read: train,
// and those that load a model without training it (chat, eval, export, api,
// webui, webchat), so they are recognized as such.
var llamaFactoryCommands = set("train chat eval export api webui webchat")

// isPython matches python, python3, python3.11 and paths to them.
func isPython(name string) bool {
	v := strings.TrimPrefix(name, "python")
	return v != name && strings.Trim(v, "0123456789.") == ""
}

// programName is the name of the program a command word runs: its base
// name, also when only a leading variable is unknown and the literal rest
// names the program ("${CONDA_BIN_PATH}python", "$VENV/bin/python3", a
// folder from the environment in front of the interpreter). ok is false
// when the name itself is unknown ($PYTHON).
func programName(w Word) (string, bool) {
	if w.Known {
		return path.Base(w.Text), true
	}
	t := w.Text
	switch {
	case strings.HasPrefix(t, "${"):
		end := strings.IndexByte(t, '}')
		if end < 0 {
			return "", false
		}
		t = t[end+1:]
	case strings.HasPrefix(t, "$"):
		t = strings.TrimLeft(t[1:], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
	default:
		return "", false
	}
	if t == "" || strings.ContainsAny(t, "$`") || len(w.Unknown) != 1 {
		return "", false
	}
	return path.Base(t), true
}

func startsLaunch(w Word) bool {
	name, ok := programName(w)
	switch {
	case !ok:
		return false
	case !w.Known:
		// Only a launcher under an unknown folder, not a wrapper.
		return isPython(name) || launcherNames[name]
	case isPython(name), wrappers[name]:
		return true
	}
	return launcherNames[name]
}

// launcherNames are the commands that start a launch.
var launcherNames = set("deepspeed torchrun accelerate llamafactory-cli lmf axolotl trl swift megatron vllm lm_eval lm-eval tune litgpt xtuner")

// recognize finds the launch in a command's words, or returns nil when the
// command starts no training program.
func recognize(ws []Word) *Command {
	var wraps []Wrapper
	var prefix []Assignment
	if len(ws) > 3 && ws[0].Known && path.Base(ws[0].Text) == "ray" && ws[1].Text == "job" && ws[2].Text == "submit" {
		// ray job submit [options] -- entrypoint: the entrypoint runs on the
		// cluster through a shell (ray 06a58f8 python/ray/dashboard/modules/
		// job/job_supervisor.py JobSupervisor._exec_entrypoint:
		// subprocess.Popen(entrypoint, shell=True)), so it may start with
		// NAME=value prefixes, as verl-tool's train_mnode.sh does.
		for j := 3; j < len(ws); j++ {
			if ws[j].Text == "--" {
				wraps = append(wraps, Wrapper{Name: RayJobSubmit, Pos: ws[0].Pos, Args: ws[3:j]})
				ws = ws[j+1:]
				break
			}
		}
		for len(ws) > 0 {
			a := envArgs(ws[:1])
			if len(a) != 1 {
				break
			}
			prefix = append(prefix, a...)
			ws = ws[1:]
		}
	}
	outer, ws := unwrap(ws, startsLaunch)
	c := launch(ws)
	if n := len(outer); c == nil && n > 0 && outer[n-1].Name == "uv" {
		c = uvRun(ws)
	}
	if c == nil {
		return nil
	}
	c.wrap(append(wraps, outer...))
	c.Env = append(c.Env, prefix...)
	return c
}

// unwrap splits off the wrappers in front of a command: each runs up to the
// next word that starts says begins a command. It returns no words when a
// wrapper runs nothing starts accepts.
func unwrap(ws []Word, starts func(Word) bool) ([]Wrapper, []Word) {
	var wraps []Wrapper
	for len(ws) > 0 && ws[0].Known && wrappers[path.Base(ws[0].Text)] {
		j := 1
		if path.Base(ws[0].Text) == "uv" && len(ws) > 1 && ws[1].Text == "run" {
			// uv run's options take values (--with deepspeed) that are not
			// the command it runs, which comes right after them.
			j = uvRunEnd(ws)
		} else {
			for j < len(ws) && !starts(ws[j]) {
				j++
			}
		}
		wraps = append(wraps, Wrapper{Name: path.Base(ws[0].Text), Pos: ws[0].Pos, Args: ws[1:j]})
		ws = ws[j:]
	}
	return wraps, ws
}

// wrap puts wrappers in front of a launch's own: python run by srun is an
// srun launch, and env's NAME=value arguments are prefixes of the command.
func (c *Command) wrap(wraps []Wrapper) {
	if n := len(wraps); c.Launcher == Python && len(c.Wrappers) == 0 && n > 0 && wraps[n-1].Name == "srun" {
		c.Launcher, c.LauncherArgs = Srun, wraps[n-1].Args
		wraps = wraps[:n-1]
	}
	for _, w := range wraps {
		if w.Name == "env" {
			c.Env = append(c.Env, envArgs(w.Args)...)
		}
	}
	c.Wrappers = append(wraps[:len(wraps):len(wraps)], c.Wrappers...)
}

// isShell matches bash and sh, and paths to them.
func isShell(w Word) bool {
	return w.Known && (path.Base(w.Text) == "bash" || path.Base(w.Text) == "sh")
}

// isShellC reports whether words start bash -c or sh -c with a command
// string, which is read as script text.
func isShellC(ws []Word) bool {
	return len(ws) > 2 && isShell(ws[0]) && ws[1].Text == "-c"
}

// envArgs reads the NAME=value arguments of env.
func envArgs(ws []Word) []Assignment {
	var out []Assignment
	for _, w := range ws {
		if eq := strings.IndexByte(w.Text, '='); eq > 0 && isName(w.Text[:eq]) {
			k, v := splitWord(w, eq, eq+1)
			out = append(out, Assignment{Name: k.Text, Pos: w.Pos, Value: v, Prefix: true})
		}
	}
	return out
}

func launch(ws []Word) *Command {
	if len(ws) == 0 {
		return nil
	}
	name, ok := programName(ws[0])
	if !ok {
		return nil
	}
	sub := ""
	if len(ws) > 1 {
		sub = ws[1].Text
	}
	switch {
	case name == "deepspeed" || name == "torchrun":
		return withLauncher(name, ws[1:])
	case name == "hyperpodrun":
		// SageMaker HyperPod's elastic agent, an extension of PyTorch's
		// that takes every torchrun argument, and a few of its own with
		// values (--pre-train-script, --post-train-args; the
		// hyperpod-elastic-agent package's description on PyPI, 1.1.0):
		// read as torchrun.
		return withLauncher(Torchrun, ws[1:])
	case name == "accelerate" && sub == "launch":
		return withLauncher(Accelerate, ws[2:])
	case name == "tune" && sub == "run":
		return withLauncher(Tune, ws[2:])
	case name == "litgpt" && litgptCommands[sub], name == "xtuner" && sub == "train":
		return &Command{Launcher: name, Program: ws[0], Args: ws[1:]}
	case isPython(name):
		return python(ws)
	case (name == "llamafactory-cli" || name == "lmf") && llamaFactoryCommands[sub],
		name == "axolotl" && sub == "train",
		name == "trl" && trlCommands[sub]:
		l := name
		if l == "lmf" {
			l = LlamaFactoryCLI
		}
		return &Command{Launcher: l, Program: ws[0], Args: ws[1:]}
	case (name == "swift" || name == "megatron") && sub != "" && !isOption(sub):
		// Every subcommand is a launch, so that infer, eval and export are
		// recognized as not training rather than missed.
		return &Command{Launcher: name, Program: ws[0], Args: ws[1:]}
	case name == "vllm" && sub == "serve":
		return &Command{Launcher: VLLM, Program: ws[0], Args: ws[1:]}
	case name == "lm_eval" || name == "lm-eval":
		return &Command{Launcher: LMEval, Program: ws[0], Args: ws[1:]}
	case name == "lighteval" && sub != "" && !isOption(sub):
		return &Command{Launcher: LightEval, Program: ws[0], Args: ws[1:]}
	}
	return nil
}

// uvBools are the `uv run` options that take no value (uv 0.8 `uv run
// --help`); every other option takes the next word as its value.
var uvBools = set("isolated no_sync locked frozen all_extras no_dev no_project no_default_groups all_groups active no_editable " +
	"exact no_build no_cache offline quiet verbose no_config native_tls no_progress no_env_file script gui_script only_dev all_packages")

// uvRunEnd is the index of the first word after the options of `uv run`
// in ws (uv's words, from "uv"): the program, or -m before a module.
func uvRunEnd(ws []Word) int {
	i := 2
	for i < len(ws) {
		t := ws[i].Text
		switch {
		case t == "-m" || t == "--module" || !isOption(t):
			return i
		case t == "--":
			return i + 1
		case strings.Contains(t, "=") || uvBools[normalize(t)] || (len(t) == 2 && strings.ContainsAny(t[1:], "qv")):
			i++
		default:
			i += 2 // the option and its value
		}
	}
	return len(ws)
}

// uvRun reads the Python program `uv run` starts when it is not a launcher
// word: -m MODULE (or --module MODULE) or a .py file, run with the
// project's Python.
func uvRun(ws []Word) *Command {
	switch {
	case len(ws) > 1 && (ws[0].Text == "-m" || ws[0].Text == "--module"):
		return &Command{Launcher: Python, Program: ws[1], Module: true, Args: ws[2:]}
	case len(ws) > 0 && pyFile(ws[0]):
		return &Command{Launcher: Python, Program: ws[0], Args: ws[1:]}
	}
	return nil
}

// withLauncher reads a launcher's options and the program after them.
func withLauncher(name string, ws []Word) *Command {
	opts, rest, module := clis[name].split(ws, pyFile)
	if len(rest) == 0 {
		return nil
	}
	return &Command{Launcher: name, LauncherArgs: opts, Program: rest[0], Module: module, Args: rest[1:]}
}

// launcherModules are the Python modules that are launchers themselves.
var launcherModules = map[string]string{
	"torch.distributed.run":      TorchRun,
	"torch.distributed.launch":   TorchLaunch,
	"deepspeed.launcher.runner":  Deepspeed,
	"accelerate.commands.launch": Accelerate,
}

// toolModules are modules python -m runs that are tools, not training.
var toolModules = set("pip ensurepip venv pytest unittest http.server json.tool openrlhf.cli.serve_rm")

// python reads python [options] (script | -m module) args. -c and reading
// the program from stdin start nothing this reader can follow.
func python(ws []Word) *Command {
	i := 1
	module := false
scan:
	for i < len(ws) && isOption(ws[i].Text) {
		t := ws[i].Text
		i++
		if t == "--" {
			break
		}
		if strings.HasPrefix(t, "--") {
			continue
		}
		for j := 1; j < len(t); j++ {
			switch t[j] {
			case 'c':
				return nil
			case 'm':
				if j+1 < len(t) {
					return nil
				}
				module = true
				break scan
			case 'W', 'X':
				if j+1 == len(t) && i < len(ws) {
					i++
				}
				j = len(t)
			}
		}
	}
	if i >= len(ws) || ws[i].Text == "-" {
		return nil
	}
	interp, prog := ws[:i], ws[i]
	if l, ok := launcherModules[prog.Text]; module && ok {
		c := withLauncher(l, ws[i+1:])
		if c != nil {
			c.Interpreter = interp
		}
		return c
	}
	if module && (toolModules[prog.Text] || strings.HasPrefix(prog.Text, "openrlhf.models.remote_rm.")) {
		// OpenRLHF's remote reward servers serve verifiers; they do not train.
		return nil
	}
	return &Command{Launcher: Python, Interpreter: interp, Program: prog, Module: module, Args: ws[i+1:]}
}
