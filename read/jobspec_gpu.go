package read

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/plan"
)

// schedulerCards are the schedulers' names for cards whose memory the name
// alone leaves open in the catalog: SkyPilot's A100 is the 40 GB card and
// A100-80GB the 80 GB one, H100-MEGA the 80 GB H100 (`sky show-gpus`,
// skypilot-org/skypilot sky/catalog, v0.9); GKE's nvidia-tesla-a100 is the
// 40 GB A100, nvidia-a100-80gb the 80 GB one (GKE "About GPUs", the
// cloud.google.com/gke-accelerator values).
var schedulerCards = map[string]string{
	"a100":                  "a100-40gb",
	"a100-80gb":             "a100-80gb",
	"h100-mega":             "h100-80gb",
	"nvidia-tesla-a100":     "a100-40gb",
	"nvidia-a100-80gb":      "a100-80gb",
	"nvidia-h100-80gb":      "h100-80gb",
	"nvidia-h100-mega-80gb": "h100-80gb",
	"nvidia-h200-141gb":     "h200-141gb",
}

// specCard finds the card a job spec asks for in the catalog: by the
// scheduler's own name, by the name with GKE's nvidia-/nvidia-tesla-
// prefix or the feature-discovery label's dashes taken off
// (NVIDIA-A100-SXM4-80GB), or, for dstack, by its name and least memory
// (A100 with 80GB). A dstack A100 with no memory is left unknown: it may be
// either card.
func specCard(c *catalog.Catalog, s *jobSpec) (catalog.GPU, bool) {
	name := strings.ToLower(strings.TrimSpace(s.hw.card.v))
	var tries []string
	if s.kind == "dstack task" {
		if s.hw.memoryGB > 0 {
			tries = append(tries, fmt.Sprintf("%s-%dgb", name, s.hw.memoryGB))
		}
		if name != "a100" && name != "a800" {
			tries = append(tries, name)
		}
	} else {
		if to, ok := schedulerCards[name]; ok {
			tries = append(tries, to)
		}
		tries = append(tries, name, strings.TrimPrefix(strings.TrimPrefix(name, "nvidia-"), "tesla-"),
			strings.Replace(name, "-", " ", 1), strings.ReplaceAll(name, "-", " "))
	}
	for _, t := range tries {
		if t == "" {
			continue
		}
		if g, err := c.GPU(t); err == nil {
			return g, true
		}
	}
	return catalog.GPU{}, false
}

// jobSpecHardware takes the GPUs the job spec asks for as the job's, where
// the project file and the flags declare none. Its GPUs per node are the
// job's unless the launch starts another number of processes on each node
// (torchrun --nproc_per_node 4 on an 8-GPU pod uses 4): the launch's count is
// costed then, and an assumption says so. Its card is the job's GPU when
// declared is false, and an assumption says so; a card the catalog does not
// know leaves the job without a GPU, with a note naming it.
func jobSpecHardware(p *plan.Plan, j *Job, declared bool) {
	s := j.spec()
	if s == nil {
		return
	}
	if v := s.hw.perNode; v.set && !p.Hardware.GPUsPerNode.Set {
		nodes := max(1, p.Hardware.Nodes.Or(1))
		if p.Processes.Set && p.Processes.V != v.v*nodes {
			p.Assume("the launch at %s:%d starts %d process(es) over %d node(s), where the %s gives each node %d GPU(s) (%s:%d %s): the launch's count is costed",
				j.Script.Path, j.Command.Pos.Line, p.Processes.V, nodes, s.kind, v.v, j.Script.Path, v.pos.Line, v.key)
		} else {
			p.Hardware.GPUsPerNode = plan.Of(v.v, plan.At(j.Script.Path, v.pos.Line, v.pos.Column, v.key))
		}
	}
	if declared || !s.hw.card.set {
		return
	}
	c := s.hw.card
	where := fmt.Sprintf("%s:%d %s", j.Script.Path, c.pos.Line, c.key)
	g, ok := specCard(j.Catalog, s)
	switch {
	case !ok && c.v == "":
		p.Assume("the %s asks for any GPU with at least %d GB (%s), not a named card: memory is not estimated against it "+
			"(declare hardware.gpu in .trainlint.yaml or pass --gpu)", s.kind, s.hw.memoryGB, where)
		return
	case !ok && s.kind == "dstack task" && s.hw.memoryGB == 0 && (strings.EqualFold(c.v, "A100") || strings.EqualFold(c.v, "A800")):
		p.Assume("the %s asks for GPU %q (%s) without the memory that tells its 40 GB and 80 GB models apart (%s:80GB): memory is not estimated against it "+
			"(declare hardware.gpu in .trainlint.yaml or pass --gpu)", s.kind, c.v, where, c.v)
		return
	case !ok:
		p.Assume("the %s asks for GPU %q (%s), which is not in trainlint's GPU catalog: memory is not estimated against it "+
			"(declare hardware.gpu in .trainlint.yaml or pass --gpu; `trainlint gpus` lists the cards it knows)", s.kind, c.v, where)
		return
	}
	from := plan.At(j.Script.Path, c.pos.Line, c.pos.Column, c.key)
	from.Note = fmt.Sprintf("%q, asked by the %s", c.v, s.kind)
	p.Hardware.GPU = plan.Of(g, from)
	alt := ""
	if s.hw.candidates > 1 {
		alt = fmt.Sprintf(" (the first of %d alternatives it offers)", s.hw.candidates)
	}
	p.Assume("the GPU is the one the %s asks for: %s from %q at %s%s; declare hardware.gpu in .trainlint.yaml or pass --gpu if the job runs elsewhere",
		s.kind, g.Name, c.v, where, alt)
}
