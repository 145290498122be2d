package catalog

import (
	"fmt"
	"testing"
)

// imageCase is one image size and what a model makes of it. The expected values come from a direct Python
// transcription of each model's processor (MiniCPM-V slice_image/get_sliced_grid/find_best_resize/
// get_refine_size, InternVL dynamic_preprocess, Qwen2-VL smart_resize), Python's float and round() included.
type imageCase struct {
	width, height              int
	slices, vision, llm        int
	overviewW, overviewH       int // MiniCPM-V only: the source image's size
	sliceW, sliceH, cols, rows int // MiniCPM-V only: one slice's size and the grid (0 when not cut)
}

func TestMiniCPMVSlicing(t *testing.T) {
	tests := []imageCase{
		// Fits one slice: no grid, no extra overview; upscaled to about 448² keeping the aspect ratio.
		{width: 448, height: 448, slices: 1, vision: 1024, llm: 96, overviewW: 448, overviewH: 448},
		{width: 100, height: 100, slices: 1, vision: 1024, llm: 96, overviewW: 448, overviewH: 448},
		{width: 300, height: 200, slices: 1, vision: 1014, llm: 96, overviewW: 546, overviewH: 364},
		{width: 28, height: 2000, slices: 1, vision: 1080, llm: 96, overviewW: 56, overviewH: 3780},
		// 207×300 upscales to 371×539 px, 26.5×38.5 patches: Python's round() goes to even (364×532 px);
		// rounding half up would give 378×546.
		{width: 207, height: 300, slices: 1, vision: 988, llm: 96, overviewW: 364, overviewH: 532},
		// One pixel more than 448² area already cuts it in two.
		{width: 449, height: 448, slices: 3, vision: 3094, llm: 288, overviewW: 448, overviewH: 448, sliceW: 322, sliceH: 630, cols: 2, rows: 1},
		{width: 500, height: 500, slices: 3, vision: 3094, llm: 288, overviewW: 448, overviewH: 448, sliceW: 630, sliceH: 322, cols: 1, rows: 2},
		{width: 640, height: 480, slices: 3, vision: 3064, llm: 288, overviewW: 518, overviewH: 392, sliceW: 364, sliceH: 546, cols: 2, rows: 1},
		{width: 896, height: 448, slices: 3, vision: 3083, llm: 288, overviewW: 630, overviewH: 322, sliceW: 448, sliceH: 448, cols: 2, rows: 1},
		{width: 1000, height: 700, slices: 5, vision: 5130, llm: 480, overviewW: 532, overviewH: 378, sliceW: 532, sliceH: 378, cols: 2, rows: 2},
		{width: 813, height: 1217, slices: 7, vision: 7158, llm: 672, overviewW: 364, overviewH: 546, sliceW: 448, sliceH: 448, cols: 2, rows: 3},
		{width: 3000, height: 400, slices: 8, vision: 8205, llm: 768, overviewW: 1218, overviewH: 168, sliceW: 462, sliceH: 434, cols: 7, rows: 1},
		{width: 1920, height: 1080, slices: 9, vision: 9192, llm: 864, overviewW: 602, overviewH: 336, sliceW: 420, sliceH: 476, cols: 4, rows: 2},
		{width: 1080, height: 1920, slices: 9, vision: 9192, llm: 864, overviewW: 336, overviewH: 602, sliceW: 476, sliceH: 420, cols: 2, rows: 4},
		// 1344² is exactly 9 slices' area: a 3×3 grid of 448² slices plus the overview, the model's maximum.
		{width: 1344, height: 1344, slices: 10, vision: 10240, llm: 960, overviewW: 448, overviewH: 448, sliceW: 448, sliceH: 448, cols: 3, rows: 3},
		{width: 4000, height: 3000, slices: 10, vision: 10360, llm: 960, overviewW: 518, overviewH: 392, sliceW: 518, sliceH: 392, cols: 3, rows: 3},
	}
	v25, err := Builtin().Model("openbmb/MiniCPM-Llama3-V-2_5")
	if err != nil {
		t.Fatal(err)
	}
	v26, err := Builtin().Model("openbmb/MiniCPM-V-2_6")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(sizeName(tt.width, tt.height), func(t *testing.T) {
			cols, rows, split := minicpmGrid(tt.width, tt.height, 9, 448)
			if split != (tt.cols > 0) || cols != tt.cols || rows != tt.rows {
				t.Errorf("grid = %d×%d (split %t), want %d×%d", cols, rows, split, tt.cols, tt.rows)
			}
			sizes := v25.minicpmSlices(tt.width, tt.height)
			if sizes[0] != [2]int{tt.overviewW, tt.overviewH} {
				t.Errorf("overview = %v, want %d×%d", sizes[0], tt.overviewW, tt.overviewH)
			}
			if split && sizes[1] != [2]int{tt.sliceW, tt.sliceH} {
				t.Errorf("slice = %v, want %d×%d", sizes[1], tt.sliceW, tt.sliceH)
			}
			checkImage(t, v25, tt)
			// 2.6 cuts images the same way; only its resampler has 64 queries instead of 96.
			tt.llm = tt.llm / 96 * 64
			checkImage(t, v26, tt)
		})
	}
}

func TestInternVLTiles(t *testing.T) {
	tests := []imageCase{
		{width: 448, height: 448, slices: 1, vision: 1025, llm: 256}, // one tile, no thumbnail
		{width: 500, height: 500, slices: 1, vision: 1025, llm: 256},
		{width: 896, height: 448, slices: 3, vision: 3075, llm: 768}, // 2×1 tiles + thumbnail
		{width: 300, height: 200, slices: 7, vision: 7175, llm: 1792},
		{width: 1920, height: 1080, slices: 9, vision: 9225, llm: 2304},
		{width: 640, height: 480, slices: 13, vision: 13325, llm: 3328}, // 4:3 matches 4×3 tiles exactly
		{width: 1344, height: 1344, slices: 10, vision: 10250, llm: 2560},
		{width: 3000, height: 400, slices: 9, vision: 9225, llm: 2304},
		{width: 28, height: 2000, slices: 13, vision: 13325, llm: 3328},
	}
	m, err := Builtin().Model("OpenGVLab/InternVL2-8B")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(sizeName(tt.width, tt.height), func(t *testing.T) { checkImage(t, m, tt) })
	}
}

func TestQwen2VLNativeResolution(t *testing.T) {
	tests := []imageCase{
		{width: 448, height: 448, slices: 1, vision: 1024, llm: 256},
		{width: 500, height: 500, slices: 1, vision: 1296, llm: 324}, // rounded to 504² (a multiple of 28)
		{width: 100, height: 100, slices: 1, vision: 64, llm: 16},
		{width: 640, height: 480, slices: 1, vision: 1564, llm: 391},
		{width: 1920, height: 1080, slices: 1, vision: 10764, llm: 2691},
		{width: 4000, height: 3000, slices: 1, vision: 61204, llm: 15301}, // scaled down into max_pixels
		{width: 28, height: 2000, slices: 1, vision: 284, llm: 71},
		{width: 10, height: 10, slices: 1, vision: 16, llm: 4}, // under 28 px counts as 28 px, then min_pixels
		{width: 98, height: 70, slices: 1, vision: 32, llm: 8}, // 3.5 and 2.5 merged patches round to even: 112×56
	}
	m, err := Builtin().Model("Qwen/Qwen2-VL-7B-Instruct")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(sizeName(tt.width, tt.height), func(t *testing.T) { checkImage(t, m, tt) })
	}
}

// CLIP-336/14 runs over 576 patches plus the class token; LLaVA's "default" feature strategy drops the class
// token before the projector. The processor resizes every image to 336², so the image size does not matter.
func TestFixedSizeTower(t *testing.T) {
	m, err := Builtin().Model("llava-hf/llava-1.5-7b-hf")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{336, 336}, {1920, 1080}, {10, 10}} {
		checkImage(t, m, imageCase{width: size[0], height: size[1], slices: 1, vision: 577, llm: 576})
	}
	m.Projector.KeepClassToken = true // vision_feature_select_strategy: full
	if got := m.LLMImageTokens(336, 336); got != 577 {
		t.Errorf("with the class token kept: LLMImageTokens = %d, want 577", got)
	}
}

func TestNoImageTokens(t *testing.T) {
	text, _ := Builtin().Model("meta-llama/Meta-Llama-3-8B")
	vlm, _ := Builtin().Model("openbmb/MiniCPM-V-2_6")
	for _, tt := range []struct {
		name string
		m    Model
		w, h int
	}{
		{"text-only model", text, 448, 448},
		{"zero width", vlm, 0, 448},
		{"negative height", vlm, 448, -1},
		{"absurd size", vlm, 1 << 20, 448},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if s, v, l := tt.m.Slices(tt.w, tt.h), tt.m.VisionTokensPerImage(tt.w, tt.h), tt.m.LLMImageTokens(tt.w, tt.h); s != 0 || v != 0 || l != 0 {
				t.Errorf("slices, vision, llm = %d, %d, %d; want 0, 0, 0", s, v, l)
			}
		})
	}
}

func checkImage(t *testing.T, m Model, tt imageCase) {
	t.Helper()
	if got := m.Slices(tt.width, tt.height); got != tt.slices {
		t.Errorf("%s %s: Slices = %d, want %d", m.ID, sizeName(tt.width, tt.height), got, tt.slices)
	}
	if got := m.VisionTokensPerImage(tt.width, tt.height); got != tt.vision {
		t.Errorf("%s %s: VisionTokensPerImage = %d, want %d", m.ID, sizeName(tt.width, tt.height), got, tt.vision)
	}
	if got := m.LLMImageTokens(tt.width, tt.height); got != tt.llm {
		t.Errorf("%s %s: LLMImageTokens = %d, want %d", m.ID, sizeName(tt.width, tt.height), got, tt.llm)
	}
}

func sizeName(w, h int) string { return fmt.Sprintf("%dx%d", w, h) }

// Aria pads every image to its max_image_size square and its projector's queries take the tower's patches: 4900
// patches and 256 LLM tokens at 980 px whatever the input, and 1225 patches and 128 tokens when the tower is set
// to 490 px (AriaConfig's projector_patch_to_query_dict). The projector's count follows AriaProjector's modules.
func TestAriaQueryAttention(t *testing.T) {
	m, err := Builtin().Model("rhymes-ai/Aria")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{448, 448}, {1920, 1080}, {100, 3000}} {
		if v, l := m.VisionTokensPerImage(size[0], size[1]), m.LLMImageTokens(size[0], size[1]); v != 4900 || l != 256 {
			t.Errorf("%dx%d at 980 px: %d vision and %d LLM tokens, want 4900 and 256", size[0], size[1], v, l)
		}
	}
	small := m.clone()
	small.Vision.ImageSize = 490
	if v, l := small.VisionTokensPerImage(640, 480), small.LLMImageTokens(640, 480); v != 1225 || l != 128 {
		t.Errorf("at 490 px: %d vision and %d LLM tokens, want 1225 and 128", v, l)
	}
	// 256 queries × 1152; q, k, v; in_proj and out_proj; linear; three LayerNorms; linear_in and linear_out.
	const e, th = 1152, 2560
	want := int64(256*e + 3*e*e + 3*e*e + 3*e + e*e + e + e*e + e + 3*2*e + e*th + th*th)
	if got := m.Params().Projector; got != want {
		t.Errorf("projector %d parameters, want %d", got, want)
	}
}

// Phi-3-vision's tower encodes num_crops + 1 = 17 crops of 577 tokens for any image (the processor pads the crops),
// while the LLM gets the HD grid's tokens: the expected counts are calc_num_image_tokens_from_image_size of
// image_processing_phi3_v.py (num_crops 16) run on the same sizes in Python.
func TestPhi3VisionHDTokens(t *testing.T) {
	m, err := Builtin().Model("microsoft/Phi-3-vision-128k-instruct")
	if err != nil {
		t.Fatal(err)
	}
	for size, llm := range map[[2]int]int{
		{336, 336}: 2509, {100, 100}: 2509, {1920, 1080}: 2353, {1080, 1920}: 2377,
		{28, 2000}: 2653, {640, 480}: 1921, {4000, 3000}: 1921,
	} {
		if v := m.VisionTokensPerImage(size[0], size[1]); v != 17*577 {
			t.Errorf("%dx%d: %d vision tokens, want 17 crops × 577", size[0], size[1], v)
		}
		if got := m.LLMImageTokens(size[0], size[1]); got != llm {
			t.Errorf("%dx%d: %d LLM tokens, want %d", size[0], size[1], got, llm)
		}
	}
	// Phi-3.5-vision's processor has num_crops 4: 5 crops through the tower, a grid of at most 4 for the LLM
	// (calc_num_image_tokens_from_image_size with num_crops 4: 1920×1080 → a 2×2 grid of 672×672, (4+1)·144 + 1 + 3·12).
	m35, err := Builtin().Model("microsoft/Phi-3.5-vision-instruct")
	if err != nil {
		t.Fatal(err)
	}
	if v, l := m35.VisionTokensPerImage(1920, 1080), m35.LLMImageTokens(1920, 1080); v != 5*577 || l != 757 {
		t.Errorf("Phi-3.5-vision 1920x1080: %d vision and %d LLM tokens, want 5 × 577 and 757", v, l)
	}
	// glb_GN and sub_GN, then img_projection's two biased Linears over 4 × 1024 channels.
	const merged, th = 4 * 1024, 3072
	if got, want := m.Params().Projector, int64(2*merged+merged*th+th+th*th+th); got != want {
		t.Errorf("projector %d parameters, want %d", got, want)
	}
}
