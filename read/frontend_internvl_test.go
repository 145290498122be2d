package read

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestInternVLThumbnail: with dynamic_image_size, use_thumbnail (default
// false) says whether the whole image is one more tile; without dynamic
// tiles the image is one tile and no thumbnail is recorded.
func TestInternVLThumbnail(t *testing.T) {
	const launch = "torchrun --nproc_per_node 8 internvl/train/internvl_chat_finetune.py --model_name_or_path OpenGVLab/InternVL2_5-8B --max_seq_length 4096"
	for _, c := range []struct {
		name, flags     string
		slices          int
		overviewSet, on bool
	}{
		{"dynamic, thumbnail", " --dynamic_image_size True --use_thumbnail True --max_dynamic_patch 6", 6, true, true},
		{"dynamic, default thumbnail", " --dynamic_image_size True", 12, true, false},
		{"one tile", "", 1, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "run.sh")
			if err := os.WriteFile(path, []byte(launch+c.flags+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			im := res.Jobs[0].Plan.Images
			if im.MaxSlices.V != c.slices || im.Overview.Set != c.overviewSet || im.Overview.V != c.on {
				t.Errorf("max slices %d, overview %v (set %v); want %d, %v (set %v)", im.MaxSlices.V, im.Overview.V, im.Overview.Set, c.slices, c.on, c.overviewSet)
			}
		})
	}
}

// TestInternVLForceImageSize: force_image_size is the side of every tile
// (default 448), cited where it is set.
func TestInternVLForceImageSize(t *testing.T) {
	const launch = "torchrun --nproc_per_node 8 internvl/train/internvl_chat_finetune.py --model_name_or_path OpenGVLab/InternVL2_5-8B"
	for _, c := range []struct {
		name, flags string
		side        int
		fromFile    bool
	}{
		{"forced", " --force_image_size 224", 224, true},
		{"the default", "", 448, false},
		{"written as the default", " --force_image_size 448", 448, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "run.sh")
			if err := os.WriteFile(path, []byte(launch+c.flags+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{path}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			got := res.Jobs[0].Plan.Images.SliceSize
			if !got.Set || got.V != c.side || (got.From.Kind == plan.FromFile) != c.fromFile {
				t.Errorf("slice size %d (set %v) from %v; want %d from the file %v", got.V, got.Set, got.From, c.side, c.fromFile)
			}
			if c.fromFile && got.From.Column != len(launch)+2 {
				t.Errorf("cited at column %d, want %d (the key)", got.From.Column, len(launch)+2)
			}
		})
	}
}
