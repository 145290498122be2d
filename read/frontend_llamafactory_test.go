package read

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestLlamaFactoryImageMaxPixels: image_max_pixels caps every image, so the
// estimate takes images at the cap, as a square; without it the images stay
// unset.
func TestLlamaFactoryImageMaxPixels(t *testing.T) {
	const base = "model_name_or_path: Qwen/Qwen3-VL-4B-Instruct\nstage: sft\ndo_train: true\nfinetuning_type: full\ntemplate: qwen3_vl\ncutoff_len: 2048\n"
	for _, c := range []struct {
		name, extra string
		side        int
	}{
		{"capped", "image_max_pixels: 262144\n", 512},
		{"not square", "image_max_pixels: 100000\n", 316},
		{"unset", "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sft.yaml")
			if err := os.WriteFile(path, []byte(base+c.extra), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			im := res.Jobs[0].Plan.Images
			if im.Width.V != c.side || im.Height.V != c.side || im.Width.Set != (c.side > 0) {
				t.Errorf("images %v×%v (set %v), want %d×%d", im.Width.V, im.Height.V, im.Width.Set, c.side, c.side)
			}
		})
	}
}

// lfDeepSpeedPlan writes files (path: content) into a fresh folder, loads
// its first path and returns the one job's plan.
func lfDeepSpeedPlan(t *testing.T, files [][2]string) *plan.Plan {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f[0]))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(f[1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := Load([]string{filepath.Join(dir, filepath.FromSlash(files[0][0]))}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
	if len(res.Jobs) != 1 || len(res.Errors) != 0 {
		t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
	}
	return res.Jobs[0].Plan
}

// zeroValues are the ZeRO settings the estimate reads, without origins
// (the ZeRO-3 prefetch bucket and persistence threshold under ZeRO-3 only).
func zeroValues(z plan.ZeRO) []any {
	v := []any{z.Enabled, z.Stage.V, z.OffloadOptimizer.V, z.OffloadParam.V, z.PinMemory.V, z.OverlapComm.V, z.ContiguousGradients.V,
		z.ReduceBucketSize.V, z.AllgatherBucketSize.V, z.SubGroupSize.V, z.MaxLiveParameters.V, z.MaxReuseDistance.V, z.Gather16BitOnSave.V}
	if z.Stage.V == 3 {
		v = append(v, z.PrefetchBucketSize.V, z.ParamPersistenceThreshold.V)
	}
	return v
}

func hasAssumption(p *plan.Plan, sub string) bool {
	return slices.ContainsFunc(p.Assumptions, func(a string) bool { return strings.Contains(a, sub) })
}

// TestLlamaFactoryBundledDeepSpeed: a LLaMA-Factory config naming one of
// its bundled examples/deepspeed configs that the repository lacks is read
// as that file (the real files, copied into testdata), in a v0 config, a v1
// config and on a llamafactory-cli command line, and says so; a file of
// that name in the repository wins; a missing file LLaMA-Factory does not
// ship, or a bundled name in another framework's config, is still an error.
func TestLlamaFactoryBundledDeepSpeed(t *testing.T) {
	const base = "model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\ndo_train: true\nfinetuning_type: full\ntemplate: qwen\ncutoff_len: 4096\nper_device_train_batch_size: 2\nbf16: true\n"
	for _, name := range []string{"ds_z0_config.json", "ds_z2_config.json", "ds_z2_offload_config.json", "ds_z3_config.json", "ds_z3_offload_config.json"} {
		t.Run(name, func(t *testing.T) {
			real, err := os.ReadFile(filepath.Join("testdata", "llamafactory-deepspeed", name))
			if err != nil {
				t.Fatal(err)
			}
			ref := "examples/deepspeed/" + name
			cfg := base + "deepspeed: " + ref + "\n"
			bundled := lfDeepSpeedPlan(t, [][2]string{{"sft.yaml", cfg}})
			file := lfDeepSpeedPlan(t, [][2]string{{"sft.yaml", cfg}, {ref, string(real)}})
			if got, want := zeroValues(bundled.ZeRO), zeroValues(file.ZeRO); !reflect.DeepEqual(got, want) {
				t.Errorf("bundled %v,\nwant as read from the file %v", got, want)
			}
			if k := bundled.ZeRO.Stage.From.Kind; k != plan.FromDerived {
				t.Errorf("bundled stage origin %v, want derived from LLaMA-Factory's file", k)
			}
			if k := file.ZeRO.Stage.From.Kind; k != plan.FromFile {
				t.Errorf("stage origin with the file present %v, want the file", k)
			}
			if !hasAssumption(bundled, "LLaMA-Factory's own "+ref) || hasAssumption(file, "LLaMA-Factory's own") {
				t.Errorf("assumptions: bundled %q, with the file %q; want the bundled one said once", bundled.Assumptions, file.Assumptions)
			}
		})
	}
	t.Run("v1 dist_config", func(t *testing.T) {
		p := lfDeepSpeedPlan(t, [][2]string{{"v1.yaml", "model: Qwen/Qwen2.5-7B\nmodel_class: llm\nmicro_batch_size: 1\ncutoff_len: 2048\ndist_config:\n  name: deepspeed\n  config_file: examples/deepspeed/ds_z3_offload_config.json\n"}})
		if z := p.ZeRO; z.Stage.V != 3 || z.OffloadParam.V != plan.OffloadCPU || z.ReduceBucketSize.V != 3584*3584 {
			t.Errorf("zero %+v; want ZeRO-3 offloading the parameters, reduce bucket hidden_size²", z)
		}
	})
	t.Run("llamafactory-cli flags", func(t *testing.T) {
		p := lfDeepSpeedPlan(t, [][2]string{{"run.sh", "llamafactory-cli train --model_name_or_path Qwen/Qwen2.5-7B --stage sft --do_train --finetuning_type full --template qwen --cutoff_len 2048 --deepspeed examples/deepspeed/ds_z2_offload_config.json\n"}})
		if z := p.ZeRO; z.Stage.V != 2 || z.OffloadOptimizer.V != plan.OffloadCPU {
			t.Errorf("zero %+v; want ZeRO-2 offloading the optimizer", z)
		}
		if hasAssumption(p, "checked without a file") || !hasAssumption(p, "LLaMA-Factory's own") {
			t.Errorf("assumptions %q; want the bundled file said, no missing file", p.Assumptions)
		}
	})
	for _, c := range []struct{ name, file string }{
		{"a name LLaMA-Factory does not ship", base + "deepspeed: examples/deepspeed/ds_z9_config.json\n"},
		{"a Trainer config", "model_name_or_path: Qwen/Qwen2.5-7B\nper_device_train_batch_size: 2\ndeepspeed: examples/deepspeed/ds_z3_config.json\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sft.yaml")
			if err := os.WriteFile(path, []byte(c.file), 0o644); err != nil {
				t.Fatal(err)
			}
			if res := Load([]string{path}, Options{}); len(res.Errors) == 0 {
				t.Error("no error for a missing DeepSpeed file")
			}
		})
	}
}
