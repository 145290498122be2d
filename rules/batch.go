package rules

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

// dsBatch is the batch triple of a DeepSpeed config as written.
type dsBatch struct {
	train, micro, accum int64
	hasTrain, hasMicro  bool
	hasAccum, auto      bool
	trainKey, microKey  *yaml.Node
	accumKey            *yaml.Node
	world               int64 // the data-parallel world size; 0 when not known
	worldFrom           string
}

// readBatch reads the batch keys of the job's DeepSpeed config. ok is false
// when there is no DeepSpeed config or a value is not a plain number.
func readBatch(p *lint.Pass) (dsBatch, conf, bool) {
	ds := dsConf(p.Job)
	var b dsBatch
	if !ds.ok() {
		return b, ds, false
	}
	for _, x := range []struct {
		key string
		v   *int64
		has *bool
		k   **yaml.Node
	}{
		{"train_batch_size", &b.train, &b.hasTrain, &b.trainKey},
		{"train_micro_batch_size_per_gpu", &b.micro, &b.hasMicro, &b.microKey},
		{"gradient_accumulation_steps", &b.accum, &b.hasAccum, &b.accumKey},
	} {
		k, v := ds.get(x.key)
		if v == nil || document.IsNull(v) {
			continue
		}
		if document.IsAuto(v) {
			b.auto = true
			continue
		}
		n, ok := intOf(v)
		if !ok || n <= 0 {
			return b, ds, false
		}
		*x.v, *x.has, *x.k = n, true, k
	}
	b.world, b.worldFrom = dataParallelWorld(p, ds)
	return b, ds, true
}

// dataParallelWorld is DeepSpeed's world_size: the GPUs divided by the
// sequence-parallel size. It is 0 when the GPU count is not known, or when
// model parallelism (Megatron's tensor or pipeline parallel flags) divides
// it by an amount trainlint does not track.
func dataParallelWorld(p *lint.Pass, ds conf) (int64, string) {
	if p.Plan == nil || !p.Plan.Hardware.GPUsPerNode.Set {
		return 0, ""
	}
	for _, c := range trainerConfs(p.Job) {
		for _, pair := range document.Pairs(c.root) {
			name := strings.ToLower(pair.Key.Value)
			if !strings.Contains(name, "parallel") && name != "tp" && name != "pp" {
				continue
			}
			if n, ok := intOf(pair.Value); (ok && n > 1) || pair.Value.Tag == "!!unknown" {
				return 0, ""
			}
		}
	}
	world := int64(p.Plan.World())
	from := "world size " + itoa(world)
	if _, v := ds.get("sequence_parallel_size"); v != nil {
		if sp, ok := intOf(v); ok && sp > 1 {
			world /= sp
			from = "data-parallel size " + itoa(world) + " (" + itoa(int64(p.Plan.World())) + " GPUs / sequence_parallel_size " + itoa(sp) + ")"
		}
	}
	if world < 1 {
		return 0, ""
	}
	return world, from
}
