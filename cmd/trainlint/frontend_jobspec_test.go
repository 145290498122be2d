package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFrontendJobSpec compares `trainlint estimate --plan` and `trainlint
// lint` on each case of testdata/frontends/jobspec (Kubernetes, Kubeflow,
// SageMaker HyperPod and SkyPilot job specs from public repositories, see
// its MANIFEST.tsv) with its estimate.golden: the launch the spec's command
// runs, the files it names inside the container found in the repository,
// and the GPUs the spec asks for taken as the job's hardware, or the reason
// its command is not read.
func TestFrontendJobSpec(t *testing.T) { checkFolderGoldens(t, "jobspec") }

// TestFrontendSpecForge does the same for testdata/frontends/specforge:
// SpecForge's run configs beside the draft configs they name, read and
// named as not checked, with the reason.
func TestFrontendSpecForge(t *testing.T) { checkFolderGoldens(t, "specforge") }

// TestFrontendMegatron does the same for testdata/frontends/megatron:
// Megatron-LM launches, named as not read, with the sizes they give.
func TestFrontendMegatron(t *testing.T) { checkFolderGoldens(t, "megatron") }

// checkFolderGoldens runs `trainlint estimate --plan` and `trainlint lint`
// on each case folder of testdata/frontends/FAMILY and compares them with
// the folder's estimate.golden (-update rewrites it).
func checkFolderGoldens(t *testing.T, family string) {
	t.Setenv("HF_HUB_CACHE", "/nonexistent/hf")
	t.Setenv("MODELSCOPE_CACHE", "/nonexistent/ms")
	dirs, _ := filepath.Glob(filepath.Join("../../testdata/frontends", family, "*"))
	var cases []string
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			cases = append(cases, d)
		}
	}
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			_, plan, planErr := runCLI("estimate", "--plan", dir)
			_, lint, lintErr := runCLI("lint", dir)
			got := strings.ReplaceAll("$ trainlint estimate --plan\n"+plan+"stderr:\n"+planErr+"\n$ trainlint lint\n"+lint+"stderr:\n"+lintErr,
				filepath.ToSlash(dir)+"/", "")
			golden := filepath.Join(dir, "estimate.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden (run with -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("output mismatch\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}
