package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/trainlint/trainlint/generate"
)

func generateCommand() *cli.Command {
	return &cli.Command{
		Name:  "generate",
		Usage: "write a DeepSpeed JSON and a Trainer YAML (and an Accelerate YAML) that fit the declared hardware",
		Description: "Starting from the cheapest setup (ZeRO-2, no offload), climbs the ladder of knobs until the estimate fits\n" +
			"with the margin, and writes the files with the estimate report and the reasoning as YAML comments.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "model", Required: true, Usage: "a catalog `ID` (list: trainlint models) or a path to a config.json"},
			&cli.StringFlag{Name: "gpu", Required: true, Usage: "a catalog GPU `NAME` (list: trainlint gpus)"},
			&cli.IntFlag{Name: "gpus", Value: 1, Usage: "GPUs per node"},
			&cli.IntFlag{Name: "nodes", Value: 1, Usage: "number of nodes"},
			&cli.Float64Flag{Name: "cpu-memory-gib", Usage: "host RAM per node, for offload"},
			&cli.IntFlag{Name: "global-batch", Usage: "samples per optimizer step over all GPUs (default 8 per GPU)"},
			&cli.IntFlag{Name: "seq-len", Value: 2048, Usage: "tokens per sample"},
			&cli.StringFlag{Name: "method", Value: "full", Usage: "full, lora or qlora"},
			&cli.BoolFlag{Name: "accelerate", Usage: "also write an Accelerate config and a launch script"},
			&cli.StringFlag{Name: "out", Value: ".", Usage: "folder to write the files to"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite files that exist"},
		},
		Action: func(c *cli.Context) error {
			switch c.String("method") {
			case "full", "lora", "qlora":
			default:
				return fail(ExitUsage, "trainlint generate: --method must be full, lora or qlora, got %q", c.String("method"))
			}
			for _, f := range []string{"gpus", "nodes", "seq-len"} {
				if c.Int(f) < 1 {
					return fail(ExitUsage, "trainlint generate: --%s must be at least 1, got %d", f, c.Int(f))
				}
			}
			files, err := generate.Generate(generate.GenerateRequest{
				Model: c.String("model"), GPU: c.String("gpu"), GPUsPerNode: c.Int("gpus"), Nodes: c.Int("nodes"),
				CPUMemoryGiB: c.Float64("cpu-memory-gib"), GlobalBatch: c.Int("global-batch"), SeqLen: c.Int("seq-len"),
				Method: c.String("method"), Accelerate: c.Bool("accelerate"),
			})
			if err != nil {
				return fail(ExitUsage, "trainlint generate: %v", err)
			}
			names := make([]string, 0, len(files))
			for name := range files {
				names = append(names, name)
			}
			sort.Strings(names)
			out := c.String("out")
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
			return nil
		},
	}
}
