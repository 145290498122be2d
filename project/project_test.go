package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/catalog"
)

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown key", "hardware:\n  gpu: v100-16gb\n  gpu_count: 8\n", ".trainlint.yaml:3:3: hardware.gpu_count: unknown key \"gpu_count\""},
		{"bad type", "hardware:\n  gpus_per_node: eight\n", ".trainlint.yaml:2:3: hardware.gpus_per_node: expected an integer, found string \"eight\""},
		{"zero", "hardware:\n  nodes: 0\n", ".trainlint.yaml:2:3: hardware.nodes: must be at least 1, found 0"},
		{"empty model_config", "model_config: \"\"\n", ".trainlint.yaml:1:1: model_config: length must be >= 1"},
		{"bad enum", "training:\n  load_dtype: int4\n", ".trainlint.yaml:2:3: training.load_dtype: expected one of \"fp32\", \"bf16\", \"fp16\", found string \"int4\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(".trainlint.yaml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	src := `hardware:
  gpu: {name: my-card, memory_gib: 24, compute_capability: "7.5"}
  gpus_per_node: 4
model: ./config.json
model_config: models/x/config.json
training:
  seq_len: 4096
  seq_len_max: 1850
  peft: {method: lora, r: 16, target_modules: [q_proj, v_proj]}
  images: {width: 500, height: 500}
rules:
  ds-unknown-top-level-key: off
  gpu-memory-headroom-low: {severity: error}
ignore:
  - path: legacy/**
    rules: [ds-deprecated-key]
`
	f, err := Parse(".trainlint.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if f.GPU.V != "my-card" || len(f.GPUs) != 1 || f.GPUs[0].MemoryMiB != 24*1024 || f.GPUs[0].BF16 {
		t.Errorf("custom GPU = %+v (%q)", f.GPUs, f.GPU.V)
	}
	if f.GPUsPerNode.V != 4 || f.SeqLen.V != 4096 || f.SeqLenMax.V != 1850 || f.PEFT.R.V != 16 || len(f.PEFT.TargetModules.V) != 2 || f.Images.Width.V != 500 {
		t.Errorf("training values not read: %+v", f)
	}
	if f.ModelConfig.V != "models/x/config.json" || f.ModelConfig.Node == nil {
		t.Errorf("model_config = %+v", f.ModelConfig)
	}
	if f.Severity["ds-unknown-top-level-key"] != "off" || f.Severity["gpu-memory-headroom-low"] != "error" {
		t.Errorf("severity overrides = %v", f.Severity)
	}
	if !f.Ignored("legacy/a/ds.json", "ds-deprecated-key") || f.Ignored("legacy/a/ds.json", "other") || f.Ignored("new/ds.json", "ds-deprecated-key") {
		t.Error("ignore globs misapplied")
	}
}

func TestFindStopsAtRepositoryRoot(t *testing.T) {
	root := t.TempDir()
	outer := filepath.Join(root, FileName)
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "a", "b")
	for _, d := range []string{filepath.Join(repo, ".git"), deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(outer, []byte("hardware: {gpu: v100-16gb}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, ok := Find(deep); ok {
		t.Fatalf("found %s above the repository root", p)
	}
	inner := filepath.Join(repo, "a", FileName)
	if err := os.WriteFile(inner, []byte("hardware: {gpu: v100-16gb}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, ok := Find(deep); !ok || p != inner {
		t.Fatalf("Find = %s, %v; want %s", p, ok, inner)
	}
}

func TestCatalogModels(t *testing.T) {
	dir := t.TempDir()
	cfg, err := os.ReadFile("../testdata/models/qwen2-0.5b.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	src := "models:\n  - id: my-org/tiny-qwen\n    config: config.json\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := f.Catalog(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	m, err := cat.Model("my-org/tiny-qwen")
	if err != nil || m.Params().Total != 494032768 {
		t.Fatalf("model from the project file: %v, %d params", err, m.Params().Total)
	}
	bad := "models:\n  - id: x\n    config: missing.json\n"
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err = Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Catalog(catalog.Builtin()); err == nil || !strings.Contains(err.Error(), ":3:13: models:") {
		t.Errorf("missing config: %v", err)
	}
}
