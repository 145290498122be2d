package shell

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// WorldSize derives how many processes the launch starts, and says how;
// ok is false when that cannot be known statically, and how says why.
//
//   - deepspeed: --num_gpus N [× --num_nodes M], or the GPUs listed by
//     --include (h1:0,1@h2:0,1), or else CUDA_VISIBLE_DEVICES, which the
//     launcher turns into --include; a --hostfile leaves it unknown.
//   - torchrun, torch.distributed.run/launch: --nproc_per_node N (default 1;
//     auto/gpu are unknown) × --nnodes M (default 1; an elastic range is
//     unknown).
//   - accelerate launch: --num_processes, which already counts all machines.
//   - srun running python: --ntasks, or --nodes × --ntasks-per-node.
//   - python alone: 1; as the entrypoint of `ray job submit`, unknown: the
//     entrypoint itself reserves no GPU (--entrypoint-num-gpus, default 0;
//     ray.io Ray Jobs CLI API Reference, ray job submit) and the program
//     places its GPU workers through Ray by its own arguments, which a
//     frontend that knows the program reads (verl's trainer.nnodes ×
//     n_gpus_per_node, OpenRLHF's --actor_num_nodes ×
//     --actor_num_gpus_per_node).
//   - swift and megatron (ms-swift): NPROC_PER_NODE × NNODES from the
//     environment, each 1 when unset; neither set runs one process.
//
// Launcher options that are an unknown expansion ($ARGS the script never
// sets) may hold any of these, so a missing option is then unknown too.
func (c *Command) WorldSize() (n int, how string, ok bool) {
	switch c.Launcher {
	case Python:
		for _, w := range c.Wrappers {
			if w.Name == RayJobSubmit {
				return 0, "ray job submit runs " + c.Program.Text + " on a Ray cluster, where it places its own GPU workers", false
			}
		}
		return 1, "python runs one process", true
	case Deepspeed:
		return c.deepspeedWorld()
	case Torchrun, TorchRun, TorchLaunch:
		return c.torchrunWorld()
	case Tune:
		// tune run hands the recipe to torchrun only when torchrun options
		// come before it (torchtune/_cli/run.py Run._is_distributed_args);
		// otherwise it runs the recipe in its own process.
		if len(c.LauncherArgs) == 0 {
			return 1, "tune run without torchrun options runs one process", true
		}
		return c.torchrunWorld()
	case Accelerate:
		return c.accelerateWorld()
	case Srun:
		return c.srunWorld()
	case Swift, Megatron:
		return c.swiftWorld()
	case LitGPT:
		return 0, "litgpt's --devices and --num_nodes, or its config's, set the process count", false
	case LightEval:
		return 0, "lighteval's evaluation backend (accelerate, vllm, nanotron, an endpoint) sets the process count", false
	}
	return 0, c.Launcher + " starts one process per visible GPU, known only at run time", false
}

// opaqueOptions returns the first launcher option that is wholly unknown
// (an unquoted $ARGS the script never sets): it may hold the very options a
// world size comes from, so their absence proves nothing.
func (c *Command) opaqueOptions() (Word, bool) {
	for _, w := range c.LauncherArgs {
		if !w.Known && !isOption(w.Text) && (strings.HasPrefix(w.Raw, "$") || strings.HasPrefix(w.Raw, "`")) {
			return w, true
		}
	}
	return Word{}, false
}

// absent is the reason a world size is unknown when the options that set it
// are missing.
func (c *Command) absent(reason string) (int, string, bool) {
	if w, ok := c.opaqueOptions(); ok {
		return 0, fmt.Sprintf("the launcher options include %q, which depends on %s and may set the process count", w.Text, strings.Join(w.Unknown, ", ")), false
	}
	return 0, reason, false
}

// count reads a launcher option holding a positive count. found is false
// when the option is absent; a present option that is not a known count
// gives the reason in why.
func (c *Command) count(name string) (n int, shown string, found bool, why string) {
	key, val, ok := c.LauncherFlag(name)
	if !ok {
		return 0, "", false, ""
	}
	n, why = positive(key, val, val.Text)
	return n, key.Text + " " + val.Text, true, why
}

// positive reads text, the value of key or a part of it, as a count.
func positive(key, val Word, text string) (int, string) {
	if !val.Known {
		return 0, fmt.Sprintf("%s is %q, which depends on %s", key.Text, val.Text, strings.Join(val.Unknown, ", "))
	}
	v, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || v <= 0 {
		return 0, fmt.Sprintf("%s is %q, not a count", key.Text, val.Text)
	}
	return v, ""
}

func product(a, b int) (int, bool) {
	if b != 0 && a > math.MaxInt32/b {
		return 0, false
	}
	return a * b, true
}

func (c *Command) deepspeedWorld() (int, string, bool) {
	gpus, gpusShown, hasGPUs, why := c.count("num_gpus")
	if why != "" {
		return 0, why, false
	}
	nodes, nodesShown, hasNodes, why := c.count("num_nodes")
	if why != "" {
		return 0, why, false
	}
	_, inc, hasInclude := c.LauncherFlag("include")
	if _, _, hasExclude := c.LauncherFlag("exclude"); hasExclude {
		return 0, "--exclude removes GPUs from a host list known only at run time", false
	}
	switch {
	case hasInclude && (hasGPUs || hasNodes):
		return 0, "deepspeed rejects --include together with --num_gpus or --num_nodes", false
	case hasInclude:
		return include(inc)
	case hasGPUs && hasNodes:
		n, ok := product(gpus, nodes)
		if !ok {
			return 0, gpusShown + " × " + nodesShown + " overflows", false
		}
		return n, gpusShown + " × " + nodesShown, true
	case hasGPUs:
		if _, _, ok := c.LauncherFlag("hostfile"); ok {
			return 0, gpusShown + " on every host of the --hostfile, whose hosts are known only at run time", false
		}
		return gpus, gpusShown + " on one node", true
	case hasNodes:
		return c.absent(nodesShown + " without --num_gpus uses every GPU of each node")
	}
	if _, _, ok := c.LauncherFlag("hostfile"); !ok {
		if v, ok := c.env("CUDA_VISIBLE_DEVICES"); ok && v.Text != "" {
			return visibleDevices(v)
		}
	}
	return c.absent("deepspeed without --num_gpus or --include uses every GPU of the machine (or of each host in a hostfile)")
}

// env returns the value the command sees for an environment variable the
// script sets: a VAR=value prefix wins over an earlier export.
func (c *Command) env(name string) (Word, bool) {
	var val Word
	found := false
	for _, a := range c.Env {
		if a.Name == name {
			val, found = a.Value, true
		}
	}
	return val, found
}

// visibleDevices counts the GPUs of CUDA_VISIBLE_DEVICES, which the
// deepspeed launcher turns into --include localhost:… when no option
// chooses GPUs.
func visibleDevices(v Word) (int, string, bool) {
	if !v.Known {
		return 0, fmt.Sprintf("CUDA_VISIBLE_DEVICES is %q, which depends on %s", v.Text, strings.Join(v.Unknown, ", ")), false
	}
	n := len(strings.Split(v.Text, ","))
	return n, fmt.Sprintf("CUDA_VISIBLE_DEVICES=%s lists %s (deepspeed uses them as --include localhost:%s)", v.Text, gpus(n), v.Text), true
}

func gpus(n int) string {
	if n == 1 {
		return "1 GPU"
	}
	return strconv.Itoa(n) + " GPUs"
}

// include counts the GPU slots of a deepspeed --include filter,
// host:slot,slot@host:slot.
func include(val Word) (int, string, bool) {
	if !val.Known {
		return 0, fmt.Sprintf("--include is %q, which depends on %s", val.Text, strings.Join(val.Unknown, ", ")), false
	}
	n := 0
	for _, host := range strings.Split(val.Text, "@") {
		name, slots, ok := strings.Cut(host, ":")
		if !ok {
			return 0, fmt.Sprintf("--include %q takes every GPU of host %q", val.Text, name), false
		}
		for _, s := range strings.Split(slots, ",") {
			if _, err := strconv.Atoi(strings.TrimSpace(s)); err != nil {
				return 0, fmt.Sprintf("--include %q has a GPU slot %q that is not a number", val.Text, s), false
			}
			n++
		}
	}
	return n, fmt.Sprintf("--include %s lists %s", val.Text, gpus(n)), true
}

func (c *Command) torchrunWorld() (int, string, bool) {
	procs, procsShown, hasProcs, why := c.torchrunCount("nproc_per_node")
	if why != "" {
		return 0, why, false
	}
	if !hasProcs {
		if _, ok := c.opaqueOptions(); ok {
			return c.absent("")
		}
		procs, procsShown = 1, "--nproc_per_node 1 (the default)"
	}
	nodes, nodesShown := 1, "1 node (no --nnodes)"
	if key, val, ok := c.torchrunOption("nnodes"); ok {
		text := val.Text
		if lo, hi, elastic := strings.Cut(text, ":"); elastic && val.Known {
			if lo != hi {
				return 0, fmt.Sprintf("%s %s is an elastic range: the node count is known only at run time", key.Text, val.Text), false
			}
			text = lo
		}
		var why string
		if nodes, why = positive(key, val, text); why != "" {
			return 0, why, false
		}
		nodesShown = key.Text + " " + val.Text
	}
	n, ok := product(procs, nodes)
	if !ok {
		return 0, procsShown + " × " + nodesShown + " overflows", false
	}
	return n, procsShown + " × " + nodesShown, true
}

// torchrunCount reads torchrun's --nproc_per_node (or its PET_ variable)
// as count does a launcher option; "auto" and the device names start one
// process per device, known only at run time.
func (c *Command) torchrunCount(name string) (n int, shown string, found bool, why string) {
	key, val, ok := c.torchrunOption(name)
	if !ok {
		return 0, "", false, ""
	}
	if val.Known {
		switch strings.ToLower(val.Text) {
		case "auto", "gpu", "cuda", "cpu", "xpu":
			shown := "--" + name // the option as torchrun documents it, however it was spelled
			if !strings.HasPrefix(key.Text, "-") {
				shown = key.Text
			}
			return 0, "", true, fmt.Sprintf("%s %s starts one process per device, known only at run time", shown, val.Text)
		}
	}
	n, why = positive(key, val, val.Text)
	return n, key.Text + " " + val.Text, true, why
}

// torchrunOption is a torchrun option, or else the PET_ environment
// variable torchrun takes its default from (PET_NPROC_PER_NODE,
// PET_NNODES: torch/distributed/argparse_util.py env, the action of
// torch/distributed/run.py's options, PyTorch 2.x), which the Kubeflow
// training operator sets in a PyTorchJob's pods.
func (c *Command) torchrunOption(name string) (key, val Word, ok bool) {
	if key, val, ok = c.LauncherFlag(name); ok {
		return key, val, ok
	}
	env := "PET_" + strings.ToUpper(name)
	if val, ok = c.env(env); ok {
		return Word{Text: env, Pos: val.Pos}, val, true
	}
	return Word{}, Word{}, false
}

// PerNodeWorld is the process count of one node of a torchrun launch whose
// --nnodes alone is unknown (--nnodes=${NNODES} with NNODES set outside the
// script): --nproc_per_node, known, and the --nnodes word. ok is false for
// any other launch or when more than the node count is unknown.
func (c *Command) PerNodeWorld() (perNode int, nodes Word, ok bool) {
	switch c.Launcher {
	case Torchrun, TorchRun, TorchLaunch:
	default:
		return 0, Word{}, false
	}
	_, val, found := c.LauncherFlag("nnodes")
	if !found || val.Known {
		return 0, Word{}, false
	}
	procs, _, hasProcs, why := c.torchrunCount("nproc_per_node")
	if !hasProcs || why != "" {
		return 0, Word{}, false
	}
	return procs, val, true
}

func (c *Command) accelerateWorld() (int, string, bool) {
	n, shown, found, why := c.count("num_processes")
	switch {
	case why != "":
		return 0, why, false
	case found:
		return n, shown + " (accelerate counts processes over all machines)", true
	}
	reason := "accelerate launch without --num_processes takes it from the accelerate config"
	if _, cfg, ok := c.LauncherFlag("config_file"); ok {
		reason += " " + strconv.Quote(cfg.Text)
	}
	return c.absent(reason)
}

func (c *Command) srunWorld() (int, string, bool) {
	n, shown, found, why := c.count("ntasks")
	switch {
	case why != "":
		return 0, why, false
	case found:
		return n, "srun " + shown, true
	}
	nodes, nodesShown, hasNodes, why := c.count("nodes")
	if why != "" {
		return 0, why, false
	}
	per, perShown, hasPer, why := c.count("ntasks_per_node")
	switch {
	case why != "":
		return 0, why, false
	case hasPer && hasNodes:
		n, ok := product(nodes, per)
		if !ok {
			return 0, nodesShown + " × " + perShown + " overflows", false
		}
		return n, "srun " + nodesShown + " × " + perShown, true
	}
	return c.absent("srun without --ntasks (or --nodes and --ntasks-per-node) takes the task count from the allocation")
}

// Subcommand is the first argument of a CLI launcher (swift sft, megatron
// sft, trl dpo), or "".
func (c *Command) Subcommand() string {
	if len(c.Args) == 0 {
		return ""
	}
	return c.Args[0].Text
}

// EnvVar returns the value the command sees for an environment variable the
// script sets (a VAR=value prefix, or an earlier export).
func (c *Command) EnvVar(name string) (Word, bool) { return c.env(name) }

// swiftWorld follows ms-swift's cli_main (swift/cli/main.py, v4.5.2): with
// NPROC_PER_NODE or NNODES in the environment it runs torchrun with
// --nproc_per_node/--nnodes taken from them; with neither, one python
// process. Variables the script does not set may come from the caller.
func (c *Command) swiftWorld() (int, string, bool) {
	if sub := c.Subcommand(); c.Launcher == Swift && sub != "pt" && sub != "sft" && sub != "rlhf" && sub != "infer" {
		return 1, "swift " + sub + " runs one process", true
	}
	procs, nodes := 1, 1
	var shown []string
	for _, v := range []struct {
		name string
		dst  *int
	}{{"NPROC_PER_NODE", &procs}, {"NNODES", &nodes}} {
		w, ok := c.env(v.name)
		if !ok {
			continue
		}
		key := Word{Text: v.name}
		n, why := positive(key, w, w.Text)
		if why != "" {
			return 0, why, false
		}
		*v.dst = n
		shown = append(shown, v.name+"="+w.Text)
	}
	if len(shown) == 0 {
		return 1, c.Launcher + " without NPROC_PER_NODE or NNODES runs one process", true
	}
	n, ok := product(procs, nodes)
	if !ok {
		return 0, strings.Join(shown, " × ") + " overflows", false
	}
	if len(shown) == 1 {
		return n, shown[0] + " (ms-swift passes it to torchrun)", true
	}
	return n, strings.Join(shown, " × ") + " (ms-swift passes them to torchrun)", true
}

// PerGPU reports whether the launch starts one process per GPU the machine
// shows, and nothing else leaves its count open: WorldSize's default for a
// launcher that counts the visible GPUs (trl, llamafactory-cli, …), and
// deepspeed with no option or CUDA_VISIBLE_DEVICES choosing GPUs. Whoever
// knows how many GPUs the machine has (a cluster job spec) knows the count.
func (c *Command) PerGPU() bool {
	if _, _, ok := c.WorldSize(); ok {
		return false
	}
	if _, ok := c.opaqueOptions(); ok {
		return false
	}
	switch c.Launcher {
	case Deepspeed:
		for _, name := range []string{"num_gpus", "include", "exclude", "hostfile", "num_nodes"} {
			if _, _, ok := c.LauncherFlag(name); ok {
				return false
			}
		}
		_, ok := c.env("CUDA_VISIBLE_DEVICES")
		return !ok
	case Python, Torchrun, TorchRun, TorchLaunch, Tune, Accelerate, Srun, Swift, Megatron, LitGPT, LightEval:
		return false
	}
	return true
}
