package read

import (
	"os"
	"path/filepath"
	"testing"
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
