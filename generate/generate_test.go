package generate

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/read"
)

// TestGenerate writes each request's files, reads them back like any user
// config and checks that they form one job that re-estimates to the peak
// the YAML reports, fits, needs no fix and keeps the global batch. The
// numbers follow the estimator, so properties are checked, not bytes.
func TestGenerate(t *testing.T) {
	tests := []struct {
		name    string
		req     GenerateRequest
		want    []string // substrings of train.yaml
		wantErr string
	}{
		{
			name: "llama3-8b full on 8 a100",
			req:  GenerateRequest{Model: "meta-llama/Meta-Llama-3-8B", GPU: "a100-80gb", GPUsPerNode: 8, CPUMemoryGiB: 1024, GlobalBatch: 128, SeqLen: 4096},
			want: []string{"bf16: true", "attn_implementation: flash_attention_2", "global batch 128", "Predicted peak per GPU"},
		},
		{
			name: "mistral-7b full on 8 v100-32gb with accelerate",
			req:  GenerateRequest{Model: "mistralai/Mistral-7B-v0.1", GPU: "v100-32gb", GPUsPerNode: 8, CPUMemoryGiB: 768, GlobalBatch: 64, SeqLen: 2048, Accelerate: true},
			want: []string{"fp16: true  # v100-32gb has no bf16", "attn_implementation: sdpa"},
		},
		{
			name: "llama3-8b qlora on one t4",
			req:  GenerateRequest{Model: "meta-llama/Meta-Llama-3-8B", GPU: "t4-16gb", GlobalBatch: 16, SeqLen: 1024, Method: "qlora"},
			want: []string{"load_in_4bit: true", "lora_target_modules: all-linear"},
		},
		{
			name: "two nodes",
			req:  GenerateRequest{Model: "Qwen/Qwen2.5-7B", GPU: "h100-80gb", GPUsPerNode: 8, Nodes: 2, GlobalBatch: 256, SeqLen: 8192},
			want: []string{"2 nodes of 8 × h100-80gb"},
		},
		{name: "batch not a multiple", req: GenerateRequest{Model: "Qwen/Qwen2-0.5B", GPU: "h100-80gb", GPUsPerNode: 8, GlobalBatch: 12}, wantErr: "not a multiple"},
		{name: "unknown model", req: GenerateRequest{Model: "nope/nope", GPU: "h100-80gb"}, wantErr: "nor a config.json"},
		{name: "unknown gpu", req: GenerateRequest{Model: "Qwen/Qwen2-0.5B", GPU: "v1000"}, wantErr: "v1000"},
		{name: "bad method", req: GenerateRequest{Model: "Qwen/Qwen2-0.5B", GPU: "h100-80gb", Method: "dora"}, wantErr: "not full, lora or qlora"},
		{name: "nothing fits", req: GenerateRequest{Model: "meta-llama/Llama-3.1-405B", GPU: "t4-16gb", CPUMemoryGiB: 64, SeqLen: 4096}, wantErr: "nothing fits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Generate(tt.req)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			files := g.Files
			if g.HostRAMGiB <= 0 || !strings.Contains(string(files[GeneratedTrainer]), fmt.Sprintf("# Host RAM needed per node: %.1f GiB", g.HostRAMGiB)) {
				t.Errorf("the host RAM needed (%.1f GiB) is not stated:\n%s", g.HostRAMGiB, files[GeneratedTrainer])
			}
			if acc := string(files[GeneratedAccelerate]); strings.Contains(acc, "mixed_precision") {
				t.Errorf("accelerate.yaml sets mixed_precision next to deepspeed_config_file, which accelerate rejects:\n%s", acc)
			}
			train := string(files[GeneratedTrainer])
			for _, w := range tt.want {
				if !strings.Contains(train, w) {
					t.Errorf("train.yaml lacks %q:\n%s", w, train)
				}
			}
			wantFiles := []string{GeneratedDeepSpeed, GeneratedProject, GeneratedTrainer}
			if tt.req.Accelerate {
				wantFiles = append(wantFiles, GeneratedAccelerate, GeneratedLaunch)
			}
			sort.Strings(wantFiles)
			if got := sortedPaths(files); strings.Join(got, " ") != strings.Join(wantFiles, " ") {
				t.Errorf("files = %v, want %v", got, wantFiles)
			}
			checkGenerated(t, tt.req, files)
		})
	}
}

func checkGenerated(t *testing.T, req GenerateRequest, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		if name != GeneratedLaunch {
			if _, err := document.Parse(name, b); err != nil {
				t.Fatalf("%s does not parse: %v\n%s", name, err, b)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := read.Load([]string{dir}, read.Options{})
	for _, err := range res.Errors {
		t.Fatalf("reading the generated files: %v", err)
	}
	if len(res.Jobs) != 1 {
		var names []string
		for _, j := range res.Jobs {
			names = append(names, j.Primary.Path)
		}
		t.Fatalf("the generated files read as %d jobs (%v), want one", len(res.Jobs), names)
	}
	job := res.Jobs[0]
	r, err := estimate.Estimate(job.Plan)
	if err != nil {
		t.Fatal(err)
	}
	reported := reportedPeak(t, string(files[GeneratedTrainer]))
	if math.Abs(r.Peak/estimate.GiB-reported) > 0.01 {
		t.Errorf("the files estimate %.2f GiB, train.yaml reports %.2f GiB\n%s", r.Peak/estimate.GiB, reported, job.Plan.Describe())
	}
	if r.Peak > r.Capacity*(1-DefaultMargin) {
		t.Errorf("the generated setup does not fit: %.2f of %.2f GiB", r.Peak/estimate.GiB, r.Capacity/estimate.GiB)
	}
	world := max(1, req.GPUsPerNode) * max(1, req.Nodes)
	if g := job.Plan.MicroBatch.V * job.Plan.GradAccum.V * job.Plan.World(); req.GlobalBatch > 0 && g != req.GlobalBatch {
		t.Errorf("global batch %d, want %d (world %d)", g, req.GlobalBatch, world)
	}
	fit, err := Fit(job, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !fit.Fits || len(fit.Files) > 0 {
		t.Errorf("Fit would change the generated files: %s\n%s", fit.Note, fit.Diff())
	}
}

// reportedPeak reads the peak train.yaml's header states.
func reportedPeak(t *testing.T, train string) float64 {
	t.Helper()
	const marker = "# Predicted peak per GPU: "
	i := strings.Index(train, marker)
	if i < 0 {
		t.Fatal("train.yaml states no predicted peak")
	}
	var v float64
	if _, err := fmt.Sscan(train[i+len(marker):], &v); err != nil {
		t.Fatal(err)
	}
	return v
}
