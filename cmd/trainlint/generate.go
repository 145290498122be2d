package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/project"
)

func generateCommand() *cli.Command {
	return &cli.Command{
		Name:  "generate",
		Usage: "write a DeepSpeed JSON and a Trainer YAML (and an Accelerate YAML) that fit the declared hardware",
		Description: "Starting from the cheapest setup (ZeRO-2, no offload), climbs the ladder of knobs until the estimate fits\n" +
			"with the margin lint's headroom check asks for, and writes the files with the estimate report and the reasoning\n" +
			"as YAML comments. The hardware and the model come from the flags, else from the project file (.trainlint.yaml\n" +
			"nearest the output folder, or --config).",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "model", Usage: "a catalog `ID` (list: trainlint models) or a path to a config.json (default: the project file's model)"},
			&cli.StringFlag{Name: "gpu", Usage: "a catalog GPU `NAME` (list: trainlint gpus) (default: the project file's hardware.gpu)"},
			&cli.IntFlag{Name: "gpus", Value: 1, Usage: "GPUs per node (default: the project file's, else 1)"},
			&cli.IntFlag{Name: "nodes", Value: 1, Usage: "number of nodes (default: the project file's, else 1)"},
			&cli.Float64Flag{Name: "cpu-memory-gib", Usage: "host RAM per node, for offload (default: the project file's)"},
			&cli.IntFlag{Name: "global-batch", Usage: "samples per optimizer step over all GPUs (default 8 per GPU)"},
			&cli.IntFlag{Name: "seq-len", Value: 2048, Usage: "tokens per sample (default: the project file's training.seq_len, else 2048)"},
			&cli.StringFlag{Name: "method", Value: "full", Usage: "full, lora or qlora (default: the project file's peft.method, else full)"},
			&cli.BoolFlag{Name: "accelerate", Usage: "also write an Accelerate config and a launch script"},
			&cli.StringFlag{Name: "config", Usage: "project file to take the hardware and model from instead of the nearest " + project.FileName},
			&cli.StringFlag{Name: "out", Value: ".", Usage: "folder to write the files to"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite files that exist"},
		},
		Action: func(c *cli.Context) error {
			out := c.String("out")
			req, pf, err := generateRequest(c, out)
			if err != nil {
				return err
			}
			switch req.Method {
			case "full", "lora", "qlora":
			default:
				return fail(ExitUsage, "trainlint generate: --method must be full, lora or qlora, got %q", req.Method)
			}
			for name, v := range map[string]int{"gpus": req.GPUsPerNode, "nodes": req.Nodes, "seq-len": req.SeqLen} {
				if v < 1 {
					return fail(ExitUsage, "trainlint generate: --%s must be at least 1, got %d", name, v)
				}
			}
			g, err := generate.Generate(req)
			if err != nil {
				return fail(ExitUsage, "trainlint generate: %v", err)
			}
			files := g.Files
			// The project file the context came from already says what the
			// new one would: keep it (with its custom GPUs and models).
			if pf != nil && !contextFlagSet(c) && samePath(pf.Path, filepath.Join(out, generate.GeneratedProject)) {
				delete(files, generate.GeneratedProject)
			}
			names := make([]string, 0, len(files))
			for name := range files {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				path := filepath.Join(out, name)
				if _, err := os.Stat(path); err == nil && !c.Bool("force") {
					return fail(ExitUsage, "trainlint generate: %s exists (pass --force to overwrite)", path)
				}
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return fail(ExitUsage, "trainlint generate: %v", err)
			}
			for _, name := range names {
				path := filepath.Join(out, name)
				if err := os.WriteFile(path, files[name], 0o644); err != nil {
					return fail(ExitUsage, "trainlint generate: %v", err)
				}
				fmt.Fprintf(c.App.Writer, "wrote %s\n", path)
			}
			host := "not declared, so not checked (set hardware.cpu_memory_gib or pass --cpu-memory-gib)"
			if g.HostCapacityGiB > 0 {
				host = fmt.Sprintf("of %.0f GiB declared", g.HostCapacityGiB)
			}
			fmt.Fprintf(c.App.Writer, "%s: predicted peak %.2f GiB per GPU of %.2f GiB (limit %.2f GiB); host RAM needed per node %.1f GiB, %s\n",
				g.Setup, g.PeakGiB, g.CapacityGiB, g.LimitGiB, g.HostRAMGiB, host)
			return nil
		},
	}
}

// generateRequest builds the request from the flags, taking what they do
// not say from the project file (--config, or the one nearest the output
// folder), so generate describes the hardware lint will check against.
func generateRequest(c *cli.Context, out string) (generate.GenerateRequest, *project.File, error) {
	req := generate.GenerateRequest{
		Model: c.String("model"), GPU: c.String("gpu"), GPUsPerNode: c.Int("gpus"), Nodes: c.Int("nodes"),
		CPUMemoryGiB: c.Float64("cpu-memory-gib"), GlobalBatch: c.Int("global-batch"), SeqLen: c.Int("seq-len"),
		Method: c.String("method"), Accelerate: c.Bool("accelerate"),
	}
	path := c.String("config")
	if path == "" {
		found, ok := project.Find(out)
		if !ok {
			found, ok = project.Find(".")
		}
		if ok {
			path = found
		}
	}
	var pf *project.File
	if path != "" {
		var err error
		if pf, err = project.Load(path); err != nil {
			return req, nil, fail(ExitFindings, "trainlint generate: %v", err)
		}
		cat, err := pf.Catalog(catalog.Builtin())
		if err != nil {
			return req, nil, fail(ExitFindings, "trainlint generate: %v", err)
		}
		req.Catalog = cat
		if req.Model == "" && pf.Model.Set {
			req.Model = pf.Model.V
			if local := filepath.Join(pf.Dir(), pf.Model.V); !filepath.IsAbs(pf.Model.V) {
				if _, err := cat.Model(pf.Model.V); err != nil {
					if _, err := os.Stat(local); err == nil {
						req.Model = local
					}
				}
			}
		}
		if req.GPU == "" && pf.GPU.Set {
			req.GPU = pf.GPU.V
		}
		if !c.IsSet("gpus") && pf.GPUsPerNode.Set {
			req.GPUsPerNode = pf.GPUsPerNode.V
		}
		if !c.IsSet("nodes") && pf.Nodes.Set {
			req.Nodes = pf.Nodes.V
		}
		if !c.IsSet("cpu-memory-gib") && pf.CPUMemoryGiB.Set {
			req.CPUMemoryGiB = pf.CPUMemoryGiB.V
		}
		if !c.IsSet("seq-len") && pf.SeqLen.Set {
			req.SeqLen = pf.SeqLen.V
		}
		if !c.IsSet("method") && pf.PEFT.Method.Set {
			req.Method = pf.PEFT.Method.V
			if req.Method == "none" {
				req.Method = "full"
			}
		}
	}
	if req.Model == "" {
		return req, pf, fail(ExitUsage, "trainlint generate: name the model: --model, or model: in %s", project.FileName)
	}
	if req.GPU == "" {
		return req, pf, fail(ExitUsage, "trainlint generate: name the GPU: --gpu, or hardware.gpu in %s", project.FileName)
	}
	return req, pf, nil
}

// contextFlagSet reports whether a flag overrides the project file's
// hardware or model.
func contextFlagSet(c *cli.Context) bool {
	for _, name := range []string{"model", "gpu", "gpus", "nodes", "cpu-memory-gib"} {
		if c.IsSet(name) {
			return true
		}
	}
	return false
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
