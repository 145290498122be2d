package read

import (
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// A job that runs on TPUs through PyTorch/XLA is not checked for GPU memory:
// its devices are TPU cores, whose memory and sharding (torch_xla's FSDP)
// trainlint does not model.

// GapTPUJob is the kind of the memory gap of a job that runs on TPUs.
const GapTPUJob = "TPU job"

// tpuEnv are the environment variables that point PyTorch/XLA at TPUs:
// PJRT_DEVICE=TPU selects the PJRT TPU runtime (pytorch/xla 2.x
// torch_xla/runtime.py device_type(), which reads it), and XRT_TPU_CONFIG
// configured the XRT runtime that PJRT replaced (1.x).
var tpuEnv = map[string]func(string) bool{
	"PJRT_DEVICE":    func(v string) bool { return strings.EqualFold(v, "TPU") },
	"XRT_TPU_CONFIG": func(v string) bool { return v != "" },
}

// tpuModules are launcher modules that start one process per TPU core
// (torch_xla/distributed/xla_spawn.py, xla_dist.py).
var tpuModules = []string{"torch_xla.distributed.xla_spawn", "torch_xla.distributed.xla_dist"}

// markTPU recognizes a launch on TPUs and replaces the job's memory gaps
// with that one reason, so no GPU memory verdict is given.
func markTPU(p *plan.Plan, j *Job) {
	c := j.Command
	if c == nil || p.NotTraining.Set {
		return
	}
	why, line, col := "", c.Pos.Line, c.Pos.Column
	for _, a := range c.Env {
		if is := tpuEnv[a.Name]; is != nil && a.Value.Known && is(a.Value.Text) {
			why, line, col = "`"+a.Name+"="+a.Value.Text+"`", a.Pos.Line, a.Pos.Column
		}
	}
	for _, w := range c.LauncherArgs {
		// accelerate launch --tpu (accelerate/commands/launch.py, the
		// "TPU Arguments" group).
		if w.Text == "--tpu" && c.Launcher == "accelerate" {
			why, line, col = "`accelerate launch --tpu`", w.Pos.Line, w.Pos.Column
		}
	}
	for _, m := range tpuModules {
		if c.Module && c.Program.Text == m {
			why, line, col = "`python -m "+m+"`", c.Program.Pos.Line, c.Program.Pos.Column
		}
	}
	if why == "" {
		return
	}
	// PyTorch/XLA starts one process per TPU chip itself
	// (torch_xla.distributed.xla_multiprocessing.spawn), so the launch's
	// process count is not the job's world.
	p.Processes = plan.Value[int]{}
	at := plan.At(j.Script.Path, line, col, c.Launcher)
	p.MemoryGaps = []plan.MemoryGap{{Kind: GapTPUJob, What: "a TPU job (" + why + ")",
		Detail: "PyTorch/XLA runs it on TPU cores, whose memory trainlint does not model; GPU memory is not checked", At: at}}
}
