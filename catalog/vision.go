package catalog

import (
	"errors"
	"fmt"
	"math"
)

// VisionConfig is a ViT-style vision tower (CLIP, SigLIP, InternViT, Qwen2-VL's).
type VisionConfig struct {
	// Arch is one of:
	//   clip_vision_model    CLIP ViT (LLaVA): class token, bias-free patch conv, pre and post layernorm
	//   siglip_vision_model  SigLIP as transformers builds it: no class token, optional attention-pooling head
	//   siglip_navit         SigLIP without head taking any image size (MiniCPM-V's vpm, Idefics2's tower)
	//   intern_vit           InternViT (InternVL): class token, fused qkv, layer scale, no final norm
	//   qwen2_vl             Qwen2-VL's tower: 3-D patch conv, rotary positions, native resolution
	Arch         string `yaml:"arch"`
	Hidden       int    `yaml:"hidden"`
	Layers       int    `yaml:"layers"`
	Heads        int    `yaml:"heads"`
	Intermediate int    `yaml:"intermediate"`
	// ImageSize is the side the position embeddings are trained for (and the input side of fixed-size towers).
	ImageSize int `yaml:"image_size,omitempty"`
	PatchSize int `yaml:"patch_size"`
	// HasClassToken follows from Arch (CLIP and InternViT prepend one); it is set when the model is loaded.
	HasClassToken bool `yaml:"-"`
	// UseHead keeps siglip_vision_model's attention-pooling head (transformers' vision_use_head, default true).
	UseHead bool `yaml:"use_head,omitempty"`
	// QKVBias, QKNorm and RMSNorm describe intern_vit variants (InternViT-300M: qkv bias, layer norm;
	// InternViT-6B: qk norm, RMS norm). Other archs always have q/k/v biases and layer norms.
	QKVBias bool `yaml:"qkv_bias,omitempty"`
	QKNorm  bool `yaml:"qk_norm,omitempty"`
	RMSNorm bool `yaml:"rms_norm,omitempty"`
	// TemporalPatchSize, MinPixels and MaxPixels describe qwen2_vl: frames per patch (images are repeated to fill
	// it) and the pixel budget its processor resizes every image into.
	TemporalPatchSize int `yaml:"temporal_patch_size,omitempty"`
	MinPixels         int `yaml:"min_pixels,omitempty"`
	MaxPixels         int `yaml:"max_pixels,omitempty"`
}

// Qwen2-VL's image processor defaults (preprocessor_config.json): 4 to 16384 merged tokens of 28×28 pixels.
const (
	qwen2VLMinPixels = 56 * 56
	qwen2VLMaxPixels = 28 * 28 * 16384
)

const visionArchs = "clip_vision_model, intern_vit, qwen2_vl, siglip_navit, siglip_vision_model"

func (v VisionConfig) normalized() VisionConfig {
	v.HasClassToken = v.Arch == "clip_vision_model" || v.Arch == "intern_vit"
	if v.Arch == "qwen2_vl" {
		if v.TemporalPatchSize == 0 {
			v.TemporalPatchSize = 2
		}
		if v.MinPixels == 0 {
			v.MinPixels = qwen2VLMinPixels
		}
		if v.MaxPixels == 0 {
			v.MaxPixels = qwen2VLMaxPixels
		}
	}
	return v
}

func (v VisionConfig) validate() error {
	switch v.Arch {
	case "clip_vision_model", "intern_vit", "qwen2_vl", "siglip_navit", "siglip_vision_model":
	default:
		return fmt.Errorf("arch %q is not one of %s", v.Arch, visionArchs)
	}
	for _, f := range []struct {
		name     string
		v, limit int
	}{
		{"hidden", v.Hidden, maxHidden}, {"layers", v.Layers, maxLayers}, {"heads", v.Heads, maxHeads},
		{"intermediate", v.Intermediate, maxWidth}, {"patch_size", v.PatchSize, 1 << 10},
	} {
		if f.v <= 0 || f.v > f.limit {
			return fmt.Errorf("%s must be in 1..%d, got %d", f.name, f.limit, f.v)
		}
	}
	if v.Arch == "qwen2_vl" {
		if v.TemporalPatchSize <= 0 || v.TemporalPatchSize > 16 || v.MinPixels <= 0 || v.MaxPixels < v.MinPixels {
			return fmt.Errorf("qwen2_vl needs temporal_patch_size in 1..16 and 0 < min_pixels <= max_pixels")
		}
		return nil
	}
	if v.ImageSize < v.PatchSize || v.ImageSize > 1<<14 {
		return fmt.Errorf("image_size must be in %d..%d, got %d", v.PatchSize, 1<<14, v.ImageSize)
	}
	return nil
}

// positions is the number of learned position embeddings: one per patch of ImageSize, plus the class token.
func (v VisionConfig) positions() int64 {
	if v.Arch == "qwen2_vl" {
		return 0 // rotary
	}
	n := int64(v.ImageSize/v.PatchSize) * int64(v.ImageSize/v.PatchSize)
	if v.HasClassToken {
		n++
	}
	return n
}

// count counts the tower exactly, and finds the largest module ZeRO-3 gathers from it.
func (v VisionConfig) count() (total, largest int64) {
	h, in, p := int64(v.Hidden), int64(v.Intermediate), int64(v.PatchSize)
	layerNorm := 2 * h          // weight and bias
	mlp := h*in + in + in*h + h // fc1 and fc2 with biases
	attn := 4 * (h*h + h)       // q, k, v and out projections with biases
	conv := 3 * p * p * h       // RGB patch embedding
	pos := v.positions() * h
	layers := int64(v.Layers)
	largest = max(h*in+in, 3*h*h+3*h, pos)
	switch v.Arch {
	case "clip_vision_model":
		// Class embedding, bias-free conv, positions, pre_layrnorm, layers, post_layernorm. LLaVA reads
		// vision_feature_layer -2, but the last layer and post_layernorm are still in the checkpoint.
		total = h + conv + pos + layerNorm + layers*(attn+mlp+2*layerNorm) + layerNorm
	case "siglip_vision_model", "siglip_navit":
		conv += h
		total = conv + pos + layers*(attn+mlp+2*layerNorm) + layerNorm
		if v.UseHead {
			// probe, nn.MultiheadAttention (packed in_proj + out_proj), layernorm, MLP
			total += h + 3*h*h + 3*h + h*h + h + layerNorm + mlp
		}
	case "intern_vit":
		conv += h
		norm := layerNorm
		if v.RMSNorm {
			norm = h
		}
		qkv := 3 * h * h
		if v.QKVBias {
			qkv += 3 * h
		}
		layer := qkv + h*h + h + mlp + 2*norm + 2*h // + layer scales ls1, ls2
		if v.QKNorm {
			layer += 2 * h // q_norm, k_norm are RMS norms over all heads
		}
		total = h + conv + pos + layers*layer
	case "qwen2_vl":
		conv *= int64(v.TemporalPatchSize) // Conv3d, no bias
		total = conv + layers*(2*layerNorm+3*h*h+3*h+h*h+h+mlp)
	}
	return total, max(largest, conv)
}

// projectorCount counts the known projector kinds exactly, and their largest module; ok is false for a kind
// this package does not know, whose count the user states.
func projectorCount(p Projector, v VisionConfig, textHidden int) (total, largest int64, ok bool) {
	vh, th := int64(v.Hidden), int64(textHidden)
	switch p.Kind {
	case "mlp":
		// LLaVA: linear_1 (vision → text), GELU, linear_2 (text → text).
		in := vh * int64(max(p.FeatureLayers, 1))
		var b int64
		if !p.NoBias {
			b = th
		}
		return in*th + th*th + 2*b, max(in*th, th*th) + b, true
	case "resampler":
		// MiniCPM-V resampler.py: query, kv_proj (only when widths differ), nn.MultiheadAttention, ln_q, ln_kv,
		// ln_post, proj. Its 2-D sin-cos position embedding is a non-persistent buffer, not a parameter.
		e := th
		kv := int64(0)
		if vh != e {
			kv = vh * e
		}
		mha := 3*e*e + 3*e + e*e + e
		return int64(p.Queries)*e + kv + mha + 3*2*e + e*e, max(mha, kv), true
	case "pixel-shuffle-mlp":
		// InternVL mlp1: LayerNorm, Linear, GELU, Linear over Merge×Merge patches folded into channels.
		in := vh * int64(p.Merge) * int64(p.Merge)
		return 2*in + in*th + th + th*th + th, in*th + th, true
	case "merger":
		// Qwen2-VL PatchMerger: ln_q over vision width, then an MLP over Merge×Merge patches.
		in := vh * int64(p.Merge) * int64(p.Merge)
		return 2*vh + in*in + in + in*th + th, max(in*in+in, in*th+th), true
	}
	return 0, 0, false
}

func (m Model) largestProjectorModule() int64 {
	if m.Vision == nil {
		return m.Projector.Params
	}
	_, largest, ok := projectorCount(*m.Projector, *m.Vision, m.Text.Hidden)
	if !ok {
		return m.Projector.Params
	}
	return largest
}

func (p Projector) validate() error {
	switch p.Kind {
	case "mlp":
		if p.FeatureLayers < 0 || p.FeatureLayers > maxLayers {
			return fmt.Errorf("feature_layers must be in 0..%d, got %d", maxLayers, p.FeatureLayers)
		}
	case "resampler":
		if p.Queries <= 0 || p.Queries > maxWidth {
			return fmt.Errorf("resampler needs queries in 1..%d, got %d", maxWidth, p.Queries)
		}
	case "pixel-shuffle-mlp", "merger":
		if p.Merge <= 0 || p.Merge > 16 {
			return fmt.Errorf("%s needs merge in 1..16, got %d", p.Kind, p.Merge)
		}
	case "":
		return errors.New("kind is empty")
	default:
		if p.Params <= 0 {
			return fmt.Errorf("kind %q is not one of mlp, resampler, pixel-shuffle-mlp, merger, so params must be stated", p.Kind)
		}
	}
	return nil
}

func (s Slicing) validate() error {
	switch s.Mode {
	case "":
		if s != (Slicing{}) {
			return errors.New("slice_size, max_slices and overview need a mode (minicpm or internvl)")
		}
		return nil
	case "minicpm", "internvl":
	default:
		return fmt.Errorf("mode %q is not one of minicpm, internvl", s.Mode)
	}
	if s.SliceSize <= 0 || s.SliceSize > 1<<14 || s.MaxSlices <= 0 || s.MaxSlices > 1<<10 {
		return fmt.Errorf("slice_size (%d) and max_slices (%d) must be positive", s.SliceSize, s.MaxSlices)
	}
	return nil
}

// imageSide bounds the image sizes the token functions accept, so float and int math stay exact.
const imageSide = 1 << 16

func validImage(width, height int) bool {
	return width > 0 && height > 0 && width <= imageSide && height <= imageSide
}

// Slices is how many images the vision tower encodes for one width×height image: the slices plus the overview
// when the model cuts it, 1 when it does not, 0 for a text-only model or a size outside 1..65536.
func (m Model) Slices(width, height int) int {
	m = m.normalized()
	if m.Vision == nil || !validImage(width, height) {
		return 0
	}
	switch m.Slicing.Mode {
	case "minicpm":
		return len(m.minicpmSlices(width, height))
	case "internvl":
		cols, rows := internvlGrid(width, height, m.Slicing.MaxSlices, m.Slicing.SliceSize)
		if n := cols * rows; n > 1 {
			if m.Slicing.Overview {
				n++
			}
			return n
		}
		return 1
	}
	return 1
}

// VisionTokensPerImage is the sequence length the vision tower runs over for one image, summed over slices and
// the overview, class tokens included: the activation size of the tower scales with it.
func (m Model) VisionTokensPerImage(width, height int) int {
	m = m.normalized()
	n := m.Slices(width, height)
	if n == 0 {
		return 0
	}
	v := m.Vision
	switch {
	case m.Slicing.Mode == "minicpm":
		total := 0
		for _, s := range m.minicpmSlices(width, height) {
			total += (s[0] / v.PatchSize) * (s[1] / v.PatchSize)
		}
		return total
	case m.Slicing.Mode == "internvl":
		return n * v.tokensAt(m.Slicing.SliceSize)
	case v.Arch == "qwen2_vl":
		factor := v.PatchSize * max(m.Projector.Merge, 1)
		h, w := smartResize(height, width, factor, v.MinPixels, v.MaxPixels)
		return (h / v.PatchSize) * (w / v.PatchSize)
	}
	return v.tokensAt(v.ImageSize)
}

// tokensAt is the tower's sequence length for one square input of the given side.
func (v VisionConfig) tokensAt(side int) int {
	n := (side / v.PatchSize) * (side / v.PatchSize)
	if v.HasClassToken {
		n++
	}
	return n
}

// LLMImageTokens is how many positions one image takes in the LLM's sequence: queries per slice for a
// resampler, merged patches for pixel shuffle and the Qwen2-VL merger, patches for an MLP projector.
func (m Model) LLMImageTokens(width, height int) int {
	m = m.normalized()
	n := m.Slices(width, height)
	if n == 0 {
		return 0
	}
	v, p := m.Vision, m.Projector
	merge := max(p.Merge, 1)
	side := v.ImageSize
	if m.Slicing.SliceSize > 0 {
		side = m.Slicing.SliceSize
	}
	patches := (side / v.PatchSize) * (side / v.PatchSize)
	switch p.Kind {
	case "resampler":
		return n * p.Queries
	case "pixel-shuffle-mlp":
		return n * patches / (merge * merge)
	case "merger":
		return m.VisionTokensPerImage(width, height) / (merge * merge)
	case "mlp":
		if p.KeepClassToken && v.HasClassToken {
			patches++
		}
		return n * patches
	}
	return m.VisionTokensPerImage(width, height)
}

// minicpmSlices lists the width×height of every image MiniCPM-V's slice_image feeds the tower: the source image
// (upscaled to about SliceSize² pixels when the image is not cut, downscaled otherwise), then the grid slices,
// all equal. Sizes are multiples of the patch size, as the model's processor makes them.
func (m Model) minicpmSlices(width, height int) [][2]int {
	s, patch := m.Slicing, m.Vision.PatchSize
	cols, rows, split := minicpmGrid(width, height, s.MaxSlices, s.SliceSize)
	if !split {
		w, h := minicpmResize(float64(width), float64(height), s.SliceSize, patch, true)
		return [][2]int{{w, h}}
	}
	var out [][2]int
	if s.Overview {
		w, h := minicpmResize(float64(width), float64(height), s.SliceSize, patch, false)
		out = append(out, [2]int{w, h})
	}
	// get_refine_size: round the image to the grid, then resize one cell like an uncut image.
	cellW := float64(ensureDivide(float64(width), cols)) / float64(cols)
	cellH := float64(ensureDivide(float64(height), rows)) / float64(rows)
	w, h := minicpmResize(cellW, cellH, s.SliceSize, patch, true)
	for range cols * rows {
		out = append(out, [2]int{w, h})
	}
	return out
}

// minicpmGrid is MiniCPM-V's get_sliced_grid: split is false when the image's area fits in about one slice;
// otherwise cols×rows is the factorisation of a slice count near area/SliceSize² (one less, equal or one more,
// capped at maxSlices) whose log aspect ratio is closest to the image's, the first one found winning ties.
func minicpmGrid(width, height, maxSlices, sliceSize int) (cols, rows int, split bool) {
	logRatio := math.Log(float64(width) / float64(height))
	ratio := float64(width) * float64(height) / (float64(sliceSize) * float64(sliceSize))
	multiple := int(math.Min(math.Ceil(ratio), float64(maxSlices)))
	if multiple <= 1 {
		return 0, 0, false
	}
	cols, rows = 1, 1
	minErr := math.Inf(1)
	for _, n := range []int{multiple - 1, multiple, multiple + 1} {
		if n == 1 || n > maxSlices {
			continue
		}
		for c := 1; c <= n; c++ {
			if n%c != 0 {
				continue
			}
			if e := math.Abs(logRatio - math.Log(float64(c)/float64(n/c))); e < minErr {
				cols, rows, minErr = c, n/c, e
			}
		}
	}
	return cols, rows, true
}

// minicpmResize is MiniCPM-V's find_best_resize: scale to about side² pixels keeping the aspect ratio (only
// down, unless upscale), then round both sides to a multiple of the patch size. Truncations and Python's
// round-half-to-even are kept so sizes match the model's processor exactly.
func minicpmResize(width, height float64, side, patch int, upscale bool) (int, int) {
	if width*height > float64(side)*float64(side) || upscale {
		r := width / height
		height = math.Trunc(float64(side) / math.Sqrt(r))
		width = math.Trunc(height * r)
	}
	return ensureDivide(width, patch), ensureDivide(height, patch)
}

func ensureDivide(length float64, patch int) int {
	return max(int(math.RoundToEven(length/float64(patch)))*patch, patch)
}

// internvlGrid is InternVL's dynamic_preprocess choice of tiles: among cols×rows with 1 <= cols·rows <= maxTiles,
// taken in order of tile count, the one whose aspect ratio is closest to the image's; on a tie a later (larger)
// grid wins when the image has more than half its pixels. Python orders grids of equal count by set iteration;
// here they go by cols, which only matters for exact ties between different grids of one count.
func internvlGrid(width, height, maxTiles, tile int) (cols, rows int) {
	aspect := float64(width) / float64(height)
	area := float64(width) * float64(height)
	cols, rows = 1, 1
	best := math.Inf(1)
	for n := 1; n <= maxTiles; n++ {
		for c := 1; c <= n; c++ {
			if n%c != 0 {
				continue
			}
			r := n / c
			diff := math.Abs(aspect - float64(c)/float64(r))
			switch {
			case diff < best:
				best, cols, rows = diff, c, r
			case diff == best && area > 0.5*float64(tile)*float64(tile)*float64(n):
				cols, rows = c, r
			}
		}
	}
	return cols, rows
}

// smartResize is Qwen2-VL's smart_resize: round both sides to the merge factor (28 px), then scale into
// [minPixels, maxPixels] keeping the aspect ratio. The processor rejects sides under factor; they count as factor.
func smartResize(height, width, factor, minPixels, maxPixels int) (int, int) {
	height, width = max(height, factor), max(width, factor)
	f := float64(factor)
	h := int(math.RoundToEven(float64(height)/f)) * factor
	w := int(math.RoundToEven(float64(width)/f)) * factor
	switch {
	case h*w > maxPixels:
		beta := math.Sqrt(float64(height) * float64(width) / float64(maxPixels))
		h = max(factor, int(math.Floor(float64(height)/beta/f))*factor)
		w = max(factor, int(math.Floor(float64(width)/beta/f))*factor)
	case h*w < minPixels:
		beta := math.Sqrt(float64(minPixels) / (float64(height) * float64(width)))
		h = int(math.Ceil(float64(height)*beta/f)) * factor
		w = int(math.Ceil(float64(width)*beta/f)) * factor
	}
	return h, w
}
