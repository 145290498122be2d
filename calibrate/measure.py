#!/usr/bin/env python3
"""GPU peak-memory measurement harness for Hugging Face Trainer jobs.

Usage (run from the repository root):

    python3 calibrate/measure.py --cases calibrate/cases.json --out DIR [--only PATTERN]
        [--world 1|2] [--skip-done FILE ...] [--deadline-s SECONDS] [--steps 3]

For every case of the case file this script (the *parent*) starts a fresh
child process (``python3 measure.py --child ...``, or ``torchrun --nproc_per_node
N`` for cases with world > 1) so that each case gets its own CUDA context and
its own allocator peak.  While the child runs, the parent polls the device
memory every ~10 ms through NVML (pynvml, else ``nvidia-smi -lms 10``) and
subtracts the idle baseline read just before the child started.  The parent
never initialises CUDA itself; single-GPU cases run in a fork() of the parent,
which has imported the libraries beforehand (see prepare_fork).

The child builds the model from a Hugging Face config.json with random weights
directly on the GPU (FSDP cases then move it to the CPU and restart the peaks,
so that FSDP shards it onto the GPUs as with a real checkpoint load; see
calibrate/README.md), optionally wraps it with
PEFT LoRA, freezes the requested parts, and runs a real ``transformers.Trainer``
for ``--steps`` optimizer steps on synthetic random token ids of exactly
``seq_len`` tokens (labels = input_ids, attention mask of ones, no padding).

Results: DIR/results.jsonl (one line per case, the schema of
testdata/calibration/measurements.jsonl), DIR/raw.jsonl (the same plus extra
diagnostics: per-GPU baselines and peaks, per-rank numbers, timings) and the
console log.  The run is resumable: ids already in DIR/results.jsonl or in any
``--skip-done`` file are skipped.
"""

import argparse
import fnmatch
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

MIB = 1024 * 1024
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# flash-linear-attention is pure Python and Triton, so its source tree works without installing: extracted to
# calibrate/vendor (see calibrate/README.md), it is put on the path of this process and of every case's child
# before transformers is imported, so that Qwen3-Next and Qwen3.5's Gated DeltaNet layers take fla's
# chunk_gated_delta_rule as a user with fla installed gets it (use_kernel_func_from_hub_with_fallback,
# transformers 5.17 integrations/hub_kernels.py). Each result's versions name the fla it ran with.
VENDOR = os.path.join(HERE, "vendor")
if os.path.isdir(os.path.join(VENDOR, "fla")):
    sys.path.insert(0, VENDOR)
    os.environ["PYTHONPATH"] = VENDOR + os.pathsep + os.environ.get("PYTHONPATH", "")

# ---------------------------------------------------------------------------
# NVML polling (parent side)
# ---------------------------------------------------------------------------


class NvmlReader:
    """Reads used device memory (MiB) per GPU, as nvidia-smi shows it."""

    def __init__(self):
        self.source = None
        self.handles = []
        try:
            import pynvml  # provided by nvidia-ml-py

            pynvml.nvmlInit()
            self.nv = pynvml
            n = pynvml.nvmlDeviceGetCount()
            self.handles = [pynvml.nvmlDeviceGetHandleByIndex(i) for i in range(n)]
            self.source = "pynvml"
        except Exception as e:  # noqa: BLE001
            print(f"[measure] pynvml unavailable ({e}); falling back to nvidia-smi", flush=True)
            self.nv = None
            self.source = "nvidia-smi"

    def count(self):
        if self.nv:
            return len(self.handles)
        out = subprocess.run(["nvidia-smi", "--query-gpu=index", "--format=csv,noheader"],
                             capture_output=True, text=True).stdout
        return len([l for l in out.splitlines() if l.strip()])

    def used(self):
        """List of used MiB per GPU (float)."""
        if self.nv:
            return [self.nv.nvmlDeviceGetMemoryInfo(h).used / MIB for h in self.handles]
        out = subprocess.run(["nvidia-smi", "--query-gpu=index,memory.used", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True).stdout
        vals = []
        for line in out.splitlines():
            parts = [p.strip() for p in line.split(",")]
            if len(parts) == 2:
                vals.append(float(parts[1]))
        return vals

    def info(self):
        d = {"source": self.source}
        try:
            if self.nv:
                h = self.handles[0]
                name = self.nv.nvmlDeviceGetName(h)
                if isinstance(name, bytes):
                    name = name.decode()
                drv = self.nv.nvmlSystemGetDriverVersion()
                if isinstance(drv, bytes):
                    drv = drv.decode()
                d.update(card=name, card_total_mib=int(round(self.nv.nvmlDeviceGetMemoryInfo(h).total / MIB)),
                         driver=drv, gpus=len(self.handles))
            else:
                out = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version",
                                      "--format=csv,noheader,nounits"], capture_output=True, text=True).stdout
                lines = [l for l in out.splitlines() if l.strip()]
                name, total, drv = [p.strip() for p in lines[0].split(",")]
                d.update(card=name, card_total_mib=int(float(total)), driver=drv, gpus=len(lines))
        except Exception as e:  # noqa: BLE001
            d["error"] = str(e)
        return d


class Poller:
    """Background sampling of used memory every `interval` s; keeps the per-GPU max."""

    def __init__(self, reader, gpus, interval=0.01, reset_dir=None):
        self.reader, self.gpus, self.interval = reader, gpus, interval
        self.peak = {g: 0.0 for g in gpus}
        self.samples = 0
        # A child may create <reset_dir>/reset_gpu<N> once the model that it built on GPU N
        # has been moved to the CPU (FSDP cases); the peak of that GPU then restarts there.
        self.reset_dir = reset_dir
        self.reset_done = {g: False for g in gpus}
        self.pre_reset_peak = {}
        self._stop = threading.Event()
        self._proc = None
        self._thread = None

    def start(self):
        if self.reader.nv:
            self._thread = threading.Thread(target=self._run_nvml, daemon=True)
        else:
            self._proc = subprocess.Popen(
                ["nvidia-smi", "--query-gpu=index,memory.used", "--format=csv,noheader,nounits", "-lms", "10"],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
            self._thread = threading.Thread(target=self._run_smi, daemon=True)
        self._thread.start()

    def _check_reset(self, vals):
        if not self.reset_dir:
            return
        for g in self.gpus:
            if not self.reset_done[g] and os.path.exists(os.path.join(self.reset_dir, f"reset_gpu{g}")):
                self.pre_reset_peak[g] = self.peak[g]
                self.peak[g] = vals[g] if vals else 0.0
                self.reset_done[g] = True

    def _run_nvml(self):
        while not self._stop.is_set():
            try:
                vals = self.reader.used()
                self._check_reset(vals)
                for g in self.gpus:
                    if vals[g] > self.peak[g]:
                        self.peak[g] = vals[g]
                self.samples += 1
            except Exception:  # noqa: BLE001
                pass
            time.sleep(self.interval)

    def _run_smi(self):
        for line in self._proc.stdout:
            if self._stop.is_set():
                break
            parts = [p.strip() for p in line.split(",")]
            if len(parts) != 2:
                continue
            try:
                g, v = int(parts[0]), float(parts[1])
            except ValueError:
                continue
            if self.reset_dir and g in self.peak and not self.reset_done[g] and \
                    os.path.exists(os.path.join(self.reset_dir, f"reset_gpu{g}")):
                self.pre_reset_peak[g] = self.peak[g]
                self.peak[g] = v
                self.reset_done[g] = True
            if g in self.peak and v > self.peak[g]:
                self.peak[g] = v
            self.samples += 1

    def stop(self):
        # one last sample so that a short child is not missed entirely
        try:
            vals = self.reader.used()
            for g in self.gpus:
                self.peak[g] = max(self.peak[g], vals[g])
        except Exception:  # noqa: BLE001
            pass
        self._stop.set()
        if self._proc:
            self._proc.terminate()
        if self._thread:
            self._thread.join(timeout=2)


def settle_baseline(reader, gpus, max_wait=20.0):
    """Wait until used memory stops falling (previous child gone), return per-GPU baseline MiB."""
    t0 = time.time()
    prev = None
    while True:
        vals = reader.used()
        cur = [vals[g] for g in gpus]
        if prev is not None and all(abs(a - b) < 1.0 for a, b in zip(cur, prev)):
            return {g: v for g, v in zip(gpus, cur)}
        if time.time() - t0 > max_wait:
            return {g: v for g, v in zip(gpus, cur)}
        prev = cur
        time.sleep(0.15)


# ---------------------------------------------------------------------------
# Case helpers (shared)
# ---------------------------------------------------------------------------

CASE_KEYS = ["model", "load_dtype", "precision", "optim", "micro_batch", "seq_len", "grad_accum",
             "gradient_checkpointing", "attention", "peft", "fsdp", "world", "images", "freeze", "packed",
             "torch_compile", "padded", "ckpt_offload", "quant", "kbit_prep"]

DEFAULTS = {"model": "", "load_dtype": "bf16", "precision": "bf16", "optim": "adamw_torch", "micro_batch": 1,
            "seq_len": 1024, "grad_accum": 1, "gradient_checkpointing": False, "attention": "sdpa", "peft": None,
            "fsdp": "", "world": 1, "images": None, "freeze": [], "packed": False, "torch_compile": False,
            "padded": 0, "ckpt_offload": False, "quant": "", "kbit_prep": False}


def normalize_case(c):
    out = {}
    for k in CASE_KEYS:
        out[k] = c.get(k, DEFAULTS[k])
        if isinstance(out[k], list):
            out[k] = list(out[k])
    return out


def case_id(c):
    """Canonical id, e.g. qwen2-0.5b/full/load-bf16/adamw_torch/b4/s1024/sdpa[/suffixes]."""
    if not c["model"]:
        return "context"
    name = os.path.splitext(os.path.basename(c["model"]))[0]
    if c["peft"]:
        tm = c["peft"].get("target_modules") or []
        tag = "qv" if sorted(tm) == ["q_proj", "v_proj"] else ("all" if len(tm) >= 7 else "-".join(tm))
        method = f"lora-r{c['peft']['r']}-{tag}"
        if float(c["peft"].get("dropout", 0.0)) > 0:
            method += f"-drop{c['peft']['dropout']}"
    else:
        method = "full"
    parts = [name, method, f"load-{c['load_dtype']}", c["optim"], f"b{c['micro_batch']}", f"s{c['seq_len']}",
             c["attention"]]
    if c["precision"] != "bf16":
        parts.append(f"prec-{c['precision']}")
    if c["grad_accum"] != 1:
        parts.append(f"ga{c['grad_accum']}")
    if c["gradient_checkpointing"]:
        parts.append("gc")
    if c["images"]:
        img = c["images"]
        tag = f"img{img['width']}" if img["width"] == img["height"] else f"img{img['width']}x{img['height']}"
        if int(img.get("per_sample", 1)) != 1:
            tag += f"-n{img['per_sample']}"
        parts.append(tag)
    for f in c["freeze"]:
        parts.append(f"freeze-{f}")
    if c["fsdp"]:
        parts.append(f"fsdp-{c['fsdp']}")
    if c.get("packed"):
        parts.append("packed")
    if c.get("torch_compile"):
        parts.append("compile")
    if c.get("padded"):
        parts.append(f"pad{c['padded']}")
    if c.get("ckpt_offload"):
        parts.append("ckpt-offload")
    if c.get("quant"):
        parts.append(f"{c['quant']}-emulated")
    if c.get("kbit_prep"):
        parts.append("kbit-prep")
    if c["world"] != 1:
        parts.append(f"w{c['world']}")
    return "/".join(parts)


# ---------------------------------------------------------------------------
# Image inputs of the vision-language models of group p12 (pure Python, no torch)
# ---------------------------------------------------------------------------
#
# For one width×height image, image_layout() works out what the model's image processor in transformers 5.17
# hands the model (how many crops or tiles, image_sizes, Mllama's aspect ratio id) and how many positions of the
# sequence the model fills with image features. The model compares that count with the image tokens in
# input_ids ("Image features and image tokens do not match"), so a wrong count fails the case instead of
# measuring something else. Each helper names the transformers function whose arithmetic it follows.
# `python3 calibrate/measure.py --image-tokens CONFIG.json WIDTH HEIGHT` prints the layout without torch.

# the prompt tokens after a PaliGemma image, part of the prefix (big_vision's PaliGemma fine-tunes use short
# prompts such as "caption en")
PALIGEMMA_PROMPT = 16

VLM_TYPES = ("llava_next", "llava_onevision", "internvl", "mllama", "mistral3", "idefics3", "smolvlm")


def best_resolution(height, width, pinpoints):
    """select_best_resolution (image_processing_utils.py): the (height, width) canvas that keeps the most of the
    image's pixels once the image is scaled to fit it, the least wasted canvas breaking ties."""
    best, best_kept, best_waste = None, 0, float("inf")
    for ch, cw in pinpoints:
        scale = min(cw / width, ch / height)
        kept = min(int(width * scale) * int(height * scale), width * height)
        waste = ch * cw - kept
        if kept > best_kept or (kept == best_kept and waste < best_waste):
            best, best_kept, best_waste = (ch, cw), kept, waste
    return best


def anyres_layout(cfg, height, width):
    """LLaVA-NeXT and LLaVA-OneVision (modeling_llava_next.py, modeling_llava_onevision.py).
    crops: image_size_to_num_patches, the best canvas of image_grid_pinpoints cut into vision image_size squares,
    plus the base image. tokens: pack_image_features, the base image's patches, then the grid's feature map with
    the letterbox padding taken off (unpad_image, Python's round(x, 7) then int), OneVision shrinking it by
    bilinear interpolation to floor(side / ratio) when ratio = sqrt(area / (N × patches per crop)) passes 1.1 for
    vision_aspect_ratio anyres_max_N, and one image_newline after each row of the map."""
    vc = cfg["vision_config"]
    crop, patch = int(vc["image_size"]), int(vc["patch_size"])
    side = crop // patch
    onevision = cfg["model_type"] == "llava_onevision"
    pinpoints = cfg.get("image_grid_pinpoints")
    if not pinpoints:
        raise ValueError("the config has no image_grid_pinpoints")
    strategy = cfg.get("vision_feature_select_strategy", "full" if onevision else "default")
    tower = vc.get("model_type", "siglip_vision_model" if onevision else "clip_vision_model")
    if strategy == "full" and tower == "clip_vision_model":
        raise ValueError("a CLIP tower with the 'full' strategy keeps its class token, which the anyres grid cannot hold")
    bh, bw = best_resolution(height, width, pinpoints)
    rows, cols = -(-bh // crop), -(-bw // crop)
    cur_h, cur_w = rows * side, cols * side
    if width / height > cur_w / cur_h:
        new_h = int(round(height * (cur_w / width), 7))
        cur_h -= 2 * ((cur_h - new_h) // 2)
    else:
        new_w = int(round(width * (cur_h / height), 7))
        cur_w -= 2 * ((cur_w - new_w) // 2)
    if onevision:
        n = int(str(cfg.get("vision_aspect_ratio", "anyres_max_9")).replace("anyres_max_", ""))
        ratio = math.sqrt(cur_h * cur_w / (n * side * side))
        if ratio > 1.1:
            cur_h, cur_w = int(cur_h // ratio), int(cur_w // ratio)
    return {"crops": rows * cols + 1, "crop": crop, "image_tokens": side * side + cur_h * (cur_w + 1)}


def internvl_tiles(height, width, tile, max_tiles=12):
    """GotOcr2ImageProcessor.crop_to_patches (image_processing_got_ocr2.py), which InternVL's processor runs with
    1 to 12 tiles and a thumbnail: get_optimal_tiled_canvas takes the cols×rows grid (grids in order of tile
    count) whose aspect ratio is closest to the image's, a later grid winning a tie while the image has more than
    half its pixels; an image cut into more than one tile gets the whole image as one more tile."""
    grids = sorted(((c, r) for c in range(1, max_tiles + 1) for r in range(1, max_tiles + 1) if c * r <= max_tiles),
                   key=lambda g: g[0] * g[1])
    aspect, area = width / height, width * height
    best, best_diff = (1, 1), float("inf")
    for c, r in grids:
        diff = abs(aspect - c / r)
        if diff < best_diff:
            best, best_diff = (c, r), diff
        elif diff == best_diff and area > 0.5 * tile * tile * c * r:
            best = (c, r)
    n = best[0] * best[1]
    return n + 1 if n > 1 else 1


def idefics3_tiles(height, width, tile, longest):
    """Idefics3ImageProcessor (image_processing_idefics3.py): resize so the longest edge is `longest`
    (_resize_output_size_rescale_to_max_len, the other side floored and made even; then capped at 4096 px by
    _resize_output_size_scale_below_upper_bound), round both sides up to the tile (resize_for_vision_encoder,
    the height taken from the rounded width's aspect ratio, then rounded up), then split_image: rows × cols tiles
    plus the whole image resized to one tile, or the image alone when it is one tile."""
    aspect = width / height
    if width >= height:
        width = longest
        height = int(width / aspect)
        height += height % 2
    else:
        height = longest
        width = int(height * aspect)
        width += width % 2
    height, width = max(height, 1), max(width, 1)
    aspect = width / height
    if width >= height and width > 4096:
        width, height = 4096, int(4096 / aspect)
    elif height > width and height > 4096:
        height, width = 4096, int(4096 * aspect)
    aspect = width / height
    if width >= height:
        width = -(-width // tile) * tile
        height = -(-int(width / aspect) // tile) * tile
    else:
        height = -(-height // tile) * tile
        width = -(-int(height * aspect) // tile) * tile
    if height > tile or width > tile:
        return (height // tile) * (width // tile) + 1
    return 1


def mllama_layout(height, width, tile, max_tiles):
    """MllamaImageProcessor (image_processing_mllama.py): get_optimal_tiled_canvas picks among the
    rows×cols ≤ max_tiles canvases the smallest scale ≥ 1 that fits the image (else the largest below 1), the
    smallest canvas breaking ties; convert_aspect_ratios_to_ids numbers (rows, cols) from 1 in the order of
    get_all_supported_aspect_ratios; the processor pads every image to max_tiles tiles."""
    arrangements = [(a, b) for a in range(1, max_tiles + 1) for b in range(1, max_tiles + 1) if a * b <= max_tiles]
    scales = [min(a * tile / height, b * tile / width) for a, b in arrangements]
    up = [s for s in scales if s >= 1]
    pick = min(up) if up else max(s for s in scales if s < 1)
    chosen = [g for g, s in zip(arrangements, scales) if s == pick]
    rows, cols = min(chosen, key=lambda g: g[0] * g[1])
    return {"tiles": rows * cols, "aspect_ratio_id": arrangements.index((rows, cols)) + 1}


def pixtral_size(height, width, longest, unit):
    """get_resize_output_image_size (image_processing_pixtral.py): an image whose longer side passes `longest` is
    scaled down (floored) to fit, then both sides are rounded up to `unit`, which Mistral 3's processor sets to
    patch_size × spatial_merge_size."""
    ratio = max(height / longest, width / longest)
    if ratio > 1:
        height, width = int(math.floor(height / ratio)), int(math.floor(width / ratio))
    return ((height - 1) // unit + 1) * unit, ((width - 1) // unit + 1) * unit


def image_layout(cfg, width, height):
    """The inputs one width×height image becomes for the p12 model types, and its place in the sequence:
    image_tokens positions hold the image token; extra_tokens more are text tokens the processor adds for it
    (Mistral 3's row breaks and end token), so llm_tokens = image_tokens + extra_tokens is what the estimate
    counts per image (catalog.Model.LLMImageTokens)."""
    mt = cfg["model_type"]
    vc = cfg.get("vision_config", {})
    out = {"kind": mt, "extra_tokens": 0}
    if mt in ("llava_next", "llava_onevision"):
        out.update(anyres_layout(cfg, height, width))
        out["image_sizes"] = [height, width]
    elif mt == "internvl":
        side = vc.get("image_size", 448)
        side = side[0] if isinstance(side, list) else int(side)
        patch = vc.get("patch_size", 14)
        patch = patch[0] if isinstance(patch, list) else int(patch)
        # InternVLModel.get_image_features: the class token is dropped ("default"), pixel_shuffle by
        # downsample_ratio leaves (side/patch × ratio)² tokens per tile.
        per_tile = int((side // patch) * float(cfg.get("downsample_ratio", 0.5))) ** 2
        out["crops"] = internvl_tiles(height, width, side)
        out["crop"] = side
        out["image_tokens"] = out["crops"] * per_tile
    elif mt in ("idefics3", "smolvlm"):
        side, patch = int(vc.get("image_size", 224)), int(vc.get("patch_size", 32))
        scale = int(cfg.get("scale_factor", 2))
        # Idefics3Processor / SmolVLMProcessor image_seq_len: the tile's patches over scale_factor².
        per_tile = int((side // patch) ** 2 / scale ** 2)
        # The released preprocessor_config.json files resize the longest edge to 4 × the tile
        # (catalog/vlm.go parseIdefics3).
        out["crops"] = idefics3_tiles(height, width, side, 4 * side)
        out["crop"] = side
        out["image_tokens"] = out["crops"] * per_tile
    elif mt == "mllama":
        side, tiles = int(vc.get("image_size", 448)), int(vc.get("max_num_tiles", 4))
        out.update(mllama_layout(height, width, side, tiles))
        out["max_tiles"], out["crop"] = tiles, side
        # MllamaProcessor writes one <|image|> token per image; the decoder reads the tower through
        # cross-attention.
        out["image_tokens"] = 1
    elif mt == "mistral3":
        patch = vc.get("patch_size", 14)
        patch = patch[0] if isinstance(patch, list) else int(patch)
        longest = vc.get("image_size", 1540)
        longest = longest[0] if isinstance(longest, list) else int(longest)
        unit = patch * int(cfg.get("spatial_merge_size", 2))
        h, w = pixtral_size(height, width, longest, unit)
        rows, cols = h // unit, w // unit
        # Mistral3Model.get_image_features splits the merged features per image as (h // unit) × (w // unit);
        # PixtralProcessor writes that many [IMG] tokens with an [IMG_BREAK] after each row but the last and an
        # [IMG_END] after it, text tokens to the model.
        out["image_sizes"] = [h, w]
        out["image_tokens"] = rows * cols
        out["extra_tokens"] = rows
    else:
        raise ValueError(f"no image layout for model_type {mt!r}")
    out["llm_tokens"] = out["image_tokens"] + out["extra_tokens"]
    return out


# ---------------------------------------------------------------------------
# Child side: build the model, run the Trainer, report torch numbers
# ---------------------------------------------------------------------------

OOM_PATTERNS = ("out of memory", "CUBLAS_STATUS_ALLOC_FAILED", "CUDNN_STATUS_ALLOC_FAILED")


def child_main(case, result_path, steps):
    t_start = time.time()
    import torch

    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    torch.cuda.set_device(local_rank)
    if world == 1 and torch.cuda.device_count() != 1:
        raise SystemExit(f"single-GPU case sees {torch.cuda.device_count()} GPUs; set CUDA_VISIBLE_DEVICES")
    res = {"rank": local_rank, "oom": False, "error": "", "steps": 0, "params": 0, "trainable_params": 0,
           "torch_max_allocated_mib": 0, "torch_max_reserved_mib": 0}
    versions = {"torch": torch.__version__, "cuda": torch.version.cuda or ""}
    for mod in ("transformers", "peft", "accelerate", "fla"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001
            versions[mod] = ""
    res["versions"] = versions
    res["gpu_name"] = torch.cuda.get_device_name(local_rank)
    timings = {}

    def finish():
        try:
            torch.cuda.synchronize()
        except Exception:  # noqa: BLE001
            pass
        res["torch_max_allocated_mib"] = round(torch.cuda.max_memory_allocated() / MIB, 1)
        res["torch_max_reserved_mib"] = round(torch.cuda.max_memory_reserved() / MIB, 1)
        res["timings"] = timings
        res["wall_s"] = round(time.time() - t_start, 2)
        with open(result_path, "w") as f:
            json.dump(res, f)

    if not case["model"]:
        # CUDA context + cuBLAS workspace: one small tensor and one bf16 matmul.
        x = torch.randn(1024, 1024, device="cuda", dtype=torch.bfloat16)
        y = x @ x
        torch.cuda.synchronize()
        res["extra"] = {"checksum": float(y.float().abs().sum().item())}
        time.sleep(0.5)  # let the poller see the steady state
        res["steps"] = 0
        finish()
        return

    try:
        _run_training(case, res, timings, steps, local_rank, world)
    except Exception as e:  # noqa: BLE001
        msg = f"{type(e).__name__}: {e}"
        is_oom = isinstance(e, getattr(torch, "OutOfMemoryError", ())) or any(p in msg for p in OOM_PATTERNS)
        res["oom"] = bool(is_oom)
        res["error"] = msg[:600]
        if not is_oom:
            res["traceback"] = traceback.format_exc()[-3000:]
    finish()
    if world > 1 and res["error"]:
        # leave at once so that torchrun tears down the other ranks instead of letting them
        # wait in a collective until the NCCL timeout
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)


def _dtype(name):
    import torch
    return {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[name]


def emulate_bnb_4bit(model, compute_dtype):
    """Replaces every nn.Linear but the lm_head by a stand-in for bitsandbytes' Linear4bit with the same memory:
    packed 4-bit storage ((n+1)//2 uint8) and one fp32 absmax per block of 64 (nf4 without double quantization, 0.5625
    bytes per weight), a weight Parameter of dtype uint8 as Params4bit has (so PEFT's LoRA wraps it and
    prepare_model_for_kbit_training leaves it), and Linear4bit.forward's casts: the input to the compute dtype, the
    output back to the input's dtype. No bitsandbytes on the measuring machine, hence the stand-in; the weights'
    values are not real (a constant per row), their sizes and lifetimes are."""
    import torch

    class MatMul4bitEmulated(torch.autograd.Function):
        """bitsandbytes' MatMul4Bit as a training step runs it (bitsandbytes 0.50.1, autograd/_functions.py, and for more
        than 1,536 rows backends/cuda/ops.py _dequant_linear_fallback): dequantize the packed weight to a temporary of
        the input's dtype, F.linear, and keep only the packed weight for backward, which dequantizes it again for the
        input's gradient. Autocast stays out of it, as it does for the bitsandbytes custom op."""

        @staticmethod
        def forward(ctx, a, layer):
            ctx.layer = layer
            with torch.autocast("cuda", enabled=False):
                w = layer.dequantize(a.dtype)
                out = torch.nn.functional.linear(a, w)
            del w
            return out

        @staticmethod
        def backward(ctx, grad):
            with torch.autocast("cuda", enabled=False):
                w = ctx.layer.dequantize(grad.dtype)
                return grad @ w, None


    class EmulatedLinear4bit(torch.nn.Linear):
        def __init__(self, lin):
            torch.nn.Module.__init__(self)
            if lin.bias is not None:
                raise ValueError("the 4-bit stand-in handles bias-free linears only")
            self.in_features, self.out_features = lin.in_features, lin.out_features
            n, dev = lin.in_features * lin.out_features, lin.weight.device
            self.weight = torch.nn.Parameter(torch.zeros(((n + 1) // 2, 1), dtype=torch.uint8, device=dev),
                                             requires_grad=False)
            self.bias = None
            self.register_buffer("absmax", torch.ones(-(-n // 64), dtype=torch.float32, device=dev))
            self.register_buffer("row", torch.full((lin.out_features, 1), 0.01, dtype=compute_dtype, device=dev))

        def dequantize(self, dtype):
            return self.row.to(dtype).expand(self.out_features, self.in_features).contiguous()

        def forward(self, x):
            inp_dtype = x.dtype
            return MatMul4bitEmulated.apply(x.to(compute_dtype), self).to(inp_dtype)

    targets = [(n, m) for n, m in model.named_modules()
               if isinstance(m, torch.nn.Linear) and not n.endswith("lm_head")]
    for name, lin in targets:
        parent = model.get_submodule(name.rsplit(".", 1)[0]) if "." in name else model
        setattr(parent, name.rsplit(".", 1)[-1], EmulatedLinear4bit(lin))
    return len(targets)


def use_bnb_lora_forward(model):
    """Gives each LoRA layer over a 4-bit stand-in the forward of PEFT's bitsandbytes LoRA layer (peft 0.21
    tuners/lora/bnb.py Linear4bit.forward), which differs from the plain one: it clones the base layer's output, and
    casts the input to the adapter's dtype only when autocast is off."""
    import types

    import torch

    def forward(self, x, *args, **kwargs):
        result = self.base_layer(x).clone()
        for name in self.active_adapters:
            if name not in self.lora_A.keys():
                continue
            lora_a, lora_b = self.lora_A[name], self.lora_B[name]
            convert = not torch.is_autocast_enabled("cuda")
            if convert:
                expected = result.dtype
                x = x.to(lora_a.weight.dtype)
            out = lora_b(lora_a(self.lora_dropout[name](x))) * self.scaling[name]
            if convert:
                out = out.to(expected)
            result = result + out
        return result

    n = 0
    for m in model.modules():
        if hasattr(m, "lora_A") and hasattr(m, "base_layer") and hasattr(m.base_layer, "dequantize"):
            m.forward = types.MethodType(forward, m)
            n += 1
    return n


def enable_offloaded_checkpointing(model):
    """Checkpoints every decoder layer with its input copied to host memory, the way
    LLaMA-Factory's use_unsloth_gc does (src/llamafactory/model/model_utils/checkpointing.py,
    get_unsloth_gradient_checkpointing_func) and axolotl's activation_offloading does for the
    checkpointed inputs: forward copies the layer's input to the CPU and runs the layer without
    saving anything; backward copies the input back, recomputes the layer and back-propagates.
    Returns how many layers it wrapped."""
    import torch

    class OffloadedCheckpoint(torch.autograd.Function):
        @staticmethod
        @torch.amp.custom_fwd(device_type="cuda")
        def forward(ctx, run, hidden, *args):
            on_host = hidden.to("cpu", non_blocking=True)
            with torch.no_grad():
                out = run(hidden, *args)
            ctx.save_for_backward(on_host)
            ctx.run, ctx.args = run, args
            return out

        @staticmethod
        @torch.amp.custom_bwd(device_type="cuda")
        def backward(ctx, grad):
            (on_host,) = ctx.saved_tensors
            hidden = on_host.to("cuda", non_blocking=True).detach().requires_grad_(True)
            with torch.enable_grad():
                out = ctx.run(hidden, *ctx.args)
            if isinstance(out, tuple):
                out = out[0]
            torch.autograd.backward(out, grad)
            return (None, hidden.grad) + (None,) * len(ctx.args)

    def offloaded(run, *args, **kwargs):
        # custom_fwd/custom_bwd run the recompute under the autocast state of the forward
        return OffloadedCheckpoint.apply(run, *args)

    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": True})
    if hasattr(model, "enable_input_require_grads"):
        model.enable_input_require_grads()
    n = 0
    for m in model.modules():
        if getattr(m, "gradient_checkpointing", False) and hasattr(m, "_gradient_checkpointing_func"):
            m._gradient_checkpointing_func = offloaded
            n += 1
    if n == 0:
        raise RuntimeError("no checkpointed layer found to offload")
    return n


def _run_training(case, res, timings, steps, local_rank, world):
    import torch
    import transformers
    from transformers import AutoConfig, Trainer, TrainingArguments, default_data_collator

    t0 = time.time()
    model_path = case["model"] if os.path.isabs(case["model"]) else os.path.join(REPO, case["model"])
    with open(model_path) as f:
        cfg_dict = json.load(f)
    is_llava = cfg_dict.get("model_type") == "llava"
    # Qwen2-VL and Qwen2.5-VL take flattened patches plus a (t, h, w) grid per image; the
    # merger turns each 2x2 block of 14-pixel patches into one LLM token.
    is_qwen_vl = cfg_dict.get("model_type") in ("qwen2_vl", "qwen2_5_vl", "qwen3_vl")
    # Gemma 3: every image is resized to the tower's image_size and pooled to mm_tokens_per_image
    # tokens between a begin- and an end-of-image token; training needs token_type_ids (1 = image).
    is_gemma3 = cfg_dict.get("model_type") == "gemma3"
    # PaliGemma: num_image_tokens image tokens first (one per SigLIP patch), then the text; the image and the
    # prompt are the prefix (token_type_ids 0, attended both ways in training), the answer the suffix (1).
    is_paligemma = cfg_dict.get("model_type") == "paligemma"
    # The p12 types (LLaVA-NeXT, OneVision, InternVL, Mllama, Mistral 3, Idefics3, SmolVLM): image_layout works
    # out the inputs one image becomes and the positions it takes.
    is_vlm = cfg_dict.get("model_type") in VLM_TYPES
    # the types whose image token this harness places itself, and with the p12 types every image-text model
    own_image_token = is_llava or is_qwen_vl or is_gemma3 or is_paligemma
    multimodal = own_image_token or is_vlm
    images = case["images"]
    n_image_tokens = 0
    layout = None
    if is_vlm:
        if not images:
            raise ValueError(f"a {cfg_dict['model_type']} case needs images")
        if int(images.get("per_sample", 1)) != 1:
            raise ValueError(f"{cfg_dict['model_type']} cases take one image per sample")
        layout = image_layout(cfg_dict, int(images["width"]), int(images["height"]))
        res["image_layout"] = layout
        n_image_tokens = layout["llm_tokens"]
        if n_image_tokens + 8 > case["seq_len"]:
            raise ValueError(f"seq_len {case['seq_len']} too short for {n_image_tokens} image tokens")
    qwen_grid = None
    if is_qwen_vl:
        if not images:
            raise ValueError("a Qwen-VL case needs images")
        vc = cfg_dict["vision_config"]
        patch = int(vc.get("patch_size", 14))
        merge = int(vc.get("spatial_merge_size", 2))
        unit = patch * merge
        gh, gw = int(images["height"]) // unit * merge, int(images["width"]) // unit * merge
        qwen_grid = (1, gh, gw)
        per_image = gh * gw // (merge * merge)
        n_image_tokens = per_image * int(images.get("per_sample", 1))
        if n_image_tokens + 2 * int(images.get("per_sample", 1)) + 8 > case["seq_len"]:
            raise ValueError(f"seq_len {case['seq_len']} too short for {n_image_tokens} image tokens")
    if is_gemma3:
        if not images or images["width"] != cfg_dict["vision_config"]["image_size"] \
                or images["height"] != images["width"]:
            raise ValueError("a Gemma 3 case needs images of the tower's image_size")
        per_image = int(cfg_dict.get("mm_tokens_per_image", 256))
        n_image_tokens = per_image * int(images.get("per_sample", 1))
        if n_image_tokens + 2 * int(images.get("per_sample", 1)) + 8 > case["seq_len"]:
            raise ValueError(f"seq_len {case['seq_len']} too short for {n_image_tokens} image tokens")
    if is_paligemma:
        side = int(cfg_dict["vision_config"].get("image_size", 224))
        if not images or images["width"] != side or images["height"] != side or int(images.get("per_sample", 1)) != 1:
            raise ValueError("a PaliGemma case needs one image of the tower's image_size")
        n_image_tokens = int(cfg_dict["text_config"].get("num_image_tokens", (side // 14) ** 2))
        if n_image_tokens + PALIGEMMA_PROMPT + 8 > case["seq_len"]:
            raise ValueError(f"seq_len {case['seq_len']} too short for {n_image_tokens} image tokens")
    if is_llava:
        vc = cfg_dict["vision_config"]
        if images:
            if images["width"] != images["height"]:
                raise ValueError("only square images are supported")
            vc["image_size"] = int(images["width"])
        side = vc["image_size"] // vc["patch_size"]
        per_image = side * side - (1 if cfg_dict.get("vision_feature_select_strategy") == "default" else 0)
        per_sample = int(images["per_sample"]) if images else 1
        n_image_tokens = per_image * per_sample
        cfg_dict["image_seq_length"] = per_image
        if n_image_tokens + 8 > case["seq_len"]:
            raise ValueError(f"seq_len {case['seq_len']} too short for {n_image_tokens} image tokens")
    tmpdir = tempfile.mkdtemp(prefix="trainlint-cfg-")
    with open(os.path.join(tmpdir, "config.json"), "w") as f:
        json.dump(cfg_dict, f)
    config = AutoConfig.from_pretrained(tmpdir)
    config.use_cache = False
    if hasattr(config, "text_config") and config.text_config is not None:
        config.text_config.use_cache = False

    dtype = _dtype(case["load_dtype"])
    build_device = f"cuda:{local_rank}"
    if multimodal:
        try:
            from transformers import AutoModelForImageTextToText as AutoCls
        except ImportError:
            from transformers import AutoModelForVision2Seq as AutoCls
    else:
        from transformers import AutoModelForCausalLM as AutoCls

    def build():
        with torch.device(build_device):
            try:
                return AutoCls.from_config(config, dtype=dtype, attn_implementation=case["attention"])
            except TypeError:
                return AutoCls.from_config(config, torch_dtype=dtype, attn_implementation=case["attention"])

    model = build()
    if cfg_dict.get("model_type") in ("qwen3_next", "qwen3_5_text", "qwen3_5") and "fla" in sys.modules:
        # fla 0.5.2 refuses the gated backward on Hopper with Triton 3.4 to 3.7.0 (chunk_bwd_dqkwg in
        # fla/ops/common/chunk_o.py: "incorrect results", fla issue 640) and torch 2.11 ships Triton 3.6. The guard is
        # about the gradients' values; the kernel launches and allocates the same tensors, so for a measurement of
        # memory it is lifted (the gradients of these runs are not used for anything).
        import fla.ops.common.chunk_o as fla_chunk_o
        fla_chunk_o.TRITON_ABOVE_3_7_1 = True
    pdt = {str(p.dtype) for p in model.parameters()}
    if pdt != {str(dtype)}:
        print(f"[child] warning: parameter dtypes {pdt} != requested {dtype}; casting", flush=True)
        model.to(dtype)
    if case["fsdp"]:
        # A real FSDP job loads the checkpoint on the CPU and lets FSDP shard it onto the GPUs.
        # Random init on the CPU is slow, so build on the GPU, move to the CPU, and restart the
        # peaks (torch's here, NVML's in the parent through the reset marker).
        model.to("cpu")
        torch.cuda.synchronize()
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        res["build_peak_reset"] = True
        rd = os.environ.get("MEASURE_RESET_DIR")
        if rd:
            time.sleep(0.1)
            open(os.path.join(rd, f"reset_gpu{local_rank}"), "w").close()
            time.sleep(0.1)
    timings["build_s"] = round(time.time() - t0, 2)
    res["attn_impl"] = getattr(model.config, "_attn_implementation", None)
    for attr in ("_experts_implementation", "experts_implementation"):
        if hasattr(model.config, attr):
            res["experts_impl"] = str(getattr(model.config, attr))

    # freezing
    # Mllama, Idefics3 and SmolVLM name their tower vision_model.
    freeze_rules = {"vision": ("vision_tower", "visual.", "vision_model."), "llm": ("language_model", "lm_head"),
                    "embeddings": ("embed_tokens",)}
    for part in case["freeze"]:
        keys = freeze_rules[part]
        for n, p in model.named_parameters():
            if any(k in n for k in keys):
                p.requires_grad_(False)

    if case["quant"]:
        if case["quant"] != "nf4" or not case["peft"]:
            raise ValueError("the 4-bit stand-in is for QLoRA (quant nf4 with peft) only")
        res["quantized_linears"] = emulate_bnb_4bit(model, dtype)
        # The bf16 linears the stand-ins replace set the build peak; restart the peaks as the FSDP cases do.
        torch.cuda.synchronize()
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        res["build_peak_reset"] = True
        rd = os.environ.get("MEASURE_RESET_DIR")
        if rd:
            time.sleep(0.1)
            open(os.path.join(rd, f"reset_gpu{local_rank}"), "w").close()
            time.sleep(0.1)
    if case["kbit_prep"]:
        from peft import prepare_model_for_kbit_training
        # use_gradient_checkpointing=False: the Trainer turns checkpointing on (non-reentrant) as in every case.
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)

    if case["peft"]:
        from peft import LoraConfig, get_peft_model
        pc = case["peft"]
        if pc.get("method", "lora") != "lora":
            raise ValueError(f"unsupported peft method {pc.get('method')}")
        lcfg = LoraConfig(r=int(pc["r"]), lora_alpha=int(pc.get("alpha", 2 * int(pc["r"]))),
                          target_modules=pc["target_modules"], lora_dropout=float(pc.get("dropout", 0.0)),
                          bias="none", task_type="CAUSAL_LM")
        model = get_peft_model(model, lcfg)
        if case["quant"]:
            res["bnb_lora_layers"] = use_bnb_lora_forward(model)

    if case.get("ckpt_offload"):
        if not case["gradient_checkpointing"]:
            raise ValueError("ckpt_offload needs gradient_checkpointing")
        res["ckpt_offload_layers"] = enable_offloaded_checkpointing(model)

    res["params"] = int(sum(p.numel() for p in model.parameters()))
    res["trainable_params"] = int(sum(p.numel() for p in model.parameters() if p.requires_grad))
    res["param_dtypes"] = sorted({str(p.dtype) for p in model.parameters()})
    res["trainable_dtypes"] = sorted({str(p.dtype) for p in model.parameters() if p.requires_grad})
    res["after_build_allocated_mib"] = round(torch.cuda.memory_allocated() / MIB, 1)

    # synthetic data
    tc = config.text_config if multimodal and getattr(config, "text_config", None) is not None else config
    vocab = tc.vocab_size
    image_token = getattr(config, "image_token_index", getattr(config, "image_token_id", None)) \
        if own_image_token else None
    avoid = []  # token ids random text must not hold (p12 types)
    if is_vlm:
        image_token = None
        for attr in ("image_token_id", "image_token_index"):
            v = getattr(config, attr, None)
            if isinstance(v, int):
                image_token = v
                break
        if image_token is None:
            raise ValueError("the config names no image token id")
        avoid = [image_token] + [v for v in (getattr(config, a, None) for a in ("video_token_id", "video_token_index"))
                                 if isinstance(v, int)]
    seq = int(case["seq_len"])
    n_samples = int(case["micro_batch"]) * int(case["grad_accum"]) * steps * world
    img_shape = None
    if is_llava:
        img_per_sample = int(images["per_sample"]) if images else 1
        isz = config.vision_config.image_size
        img_shape = (img_per_sample, 3, isz, isz)
    hi_token = min(vocab, 151000 if own_image_token else vocab)
    safe_token = next(t for t in range(100, 200) if t not in avoid)

    def vlm_item(item, ids, g):
        """Puts one image of `layout` into the sample after token 0 and adds its inputs to item; returns the
        labels (-100 over the image)."""
        kind, pos = layout["kind"], 1
        if kind == "mistral3":
            # rows of [IMG] tokens, each followed by a text token (the processor's [IMG_BREAK], [IMG_END] last)
            h, w = layout["image_sizes"]
            rows = layout["extra_tokens"]
            cols = layout["image_tokens"] // rows
            for _ in range(rows):
                ids[pos:pos + cols] = image_token
                pos += cols + 1
            item["pixel_values"] = torch.randn((3, h, w), generator=g)
            item["image_sizes"] = torch.tensor([h, w], dtype=torch.long)
        else:
            ids[pos:pos + layout["image_tokens"]] = image_token
            pos += layout["image_tokens"]
            side = layout["crop"]
            if kind in ("llava_next", "llava_onevision"):
                # (crops, 3, S, S) per sample: the models take (batch, crops, 3, S, S) with image_sizes (h, w)
                item["pixel_values"] = torch.randn((layout["crops"], 3, side, side), generator=g)
                item["image_sizes"] = torch.tensor(layout["image_sizes"], dtype=torch.long)
            elif kind == "internvl":
                # tiles of all images concatenated (collate): InternVLModel.get_image_features takes (tiles, 3, S, S)
                item["pixel_values"] = torch.randn((layout["crops"], 3, side, side), generator=g)
            elif kind in ("idefics3", "smolvlm"):
                # (batch, images, 3, S, S) with a pixel mask of the same height and width (all real pixels)
                item["pixel_values"] = torch.randn((layout["crops"], 3, side, side), generator=g)
                item["pixel_attention_mask"] = torch.ones((layout["crops"], side, side), dtype=torch.bool)
            elif kind == "mllama":
                # MllamaProcessor: (images, max_tiles, 3, S, S) with the unused tiles zero, the aspect ratio id and
                # mask of each image, and cross_attention_mask (seq, images, max_tiles): the tokens from the
                # <|image|> token on attend to the image's tiles (get_cross_attention_token_mask,
                # convert_sparse_cross_attention_mask_to_dense in processing_mllama.py).
                n, mx = layout["tiles"], layout["max_tiles"]
                pv = torch.zeros((1, mx, 3, side, side))
                pv[0, :n] = torch.randn((n, 3, side, side), generator=g)
                item["pixel_values"] = pv
                item["aspect_ratio_ids"] = torch.tensor([layout["aspect_ratio_id"]], dtype=torch.long)
                arm = torch.zeros((1, mx), dtype=torch.long)
                arm[0, :n] = 1
                item["aspect_ratio_mask"] = arm
                cam = torch.zeros((seq, 1, mx), dtype=torch.long)
                cam[1:, 0, :n] = 1
                item["cross_attention_mask"] = cam
        labels = ids.clone()
        labels[1:pos] = -100
        return labels

    class SyntheticDS(torch.utils.data.Dataset):
        def __len__(self):
            return n_samples

        def __getitem__(self, i):
            g = torch.Generator().manual_seed(1000 + i)
            ids = torch.randint(0, hi_token, (seq,), generator=g)
            labels = ids.clone()
            item = {"input_ids": ids, "attention_mask": torch.ones(seq, dtype=torch.long)}
            if is_qwen_vl:
                n_img = int(images.get("per_sample", 1))
                per = n_image_tokens // n_img
                pos = 1
                for _ in range(n_img):
                    ids[pos] = config.vision_start_token_id
                    ids[pos + 1:pos + 1 + per] = image_token
                    ids[pos + 1 + per] = config.vision_end_token_id
                    pos += per + 2
                labels = ids.clone()
                labels[1:pos] = -100
                t, gh, gw = qwen_grid
                vc = config.vision_config
                dim = 3 * int(getattr(vc, "temporal_patch_size", 2)) * int(vc.patch_size) ** 2
                item["pixel_values"] = torch.randn((n_img * t * gh * gw, dim), generator=g)
                item["image_grid_thw"] = torch.tensor([list(qwen_grid)] * n_img, dtype=torch.long)
                # transformers 5.x's Qwen2-VL asks for the processor's token types (1 = image)
                # to place the multimodal rotary positions.
                item["mm_token_type_ids"] = (ids == image_token).long()
            if is_gemma3:
                n_img = int(images.get("per_sample", 1))
                per = n_image_tokens // n_img
                pos = 1
                for _ in range(n_img):
                    ids[pos] = config.boi_token_index
                    ids[pos + 1:pos + 1 + per] = image_token
                    ids[pos + 1 + per] = config.eoi_token_index
                    pos += per + 2
                labels = ids.clone()
                labels[1:pos] = -100
                side = int(config.vision_config.image_size)
                pv = torch.randn((n_img, 3, side, side), generator=g)
                item["pixel_values"] = pv.squeeze(0) if n_img == 1 else pv
                item["token_type_ids"] = (ids == image_token).long()
            if is_paligemma:
                ids[:n_image_tokens] = image_token
                prefix = n_image_tokens + PALIGEMMA_PROMPT
                labels = ids.clone()
                labels[:prefix] = -100
                tt = torch.zeros(seq, dtype=torch.long)
                tt[prefix:] = 1
                item["token_type_ids"] = tt
                side = int(config.vision_config.image_size)
                item["pixel_values"] = torch.randn((3, side, side), generator=g)
            if is_vlm:
                for t in avoid:
                    ids[ids == t] = safe_token
                labels = vlm_item(item, ids, g)
            if is_llava:
                ids[1:1 + n_image_tokens] = image_token
                labels = ids.clone()
                labels[1:1 + n_image_tokens] = -100
                item["pixel_values"] = torch.randn(img_shape, generator=g).squeeze(0) if img_shape[0] == 1 \
                    else torch.randn(img_shape, generator=g)
            pad = int(case.get("padded") or 0)
            if pad:
                # The last tokens are padding, as in a padded batch of real data: the attention
                # mask is no longer all ones, so transformers passes a 4-D mask to the kernel.
                item["attention_mask"][-pad:] = 0
                labels[-pad:] = -100
            item["labels"] = labels
            return item

    kw = dict(
        output_dir=os.path.join(tmpdir, "out"),
        per_device_train_batch_size=int(case["micro_batch"]),
        gradient_accumulation_steps=int(case["grad_accum"]),
        max_steps=steps,
        learning_rate=1e-5,
        lr_scheduler_type="constant",
        warmup_steps=0,
        weight_decay=0.0,
        optim=case["optim"],
        bf16=case["precision"] == "bf16",
        fp16=case["precision"] == "fp16",
        # ckpt_offload enables its own checkpointing before the Trainer sees the model.
        gradient_checkpointing=bool(case["gradient_checkpointing"]) and not case.get("ckpt_offload"),
        gradient_checkpointing_kwargs={"use_reentrant": False}
        if case["gradient_checkpointing"] and not case.get("ckpt_offload") else None,
        logging_strategy="no",
        save_strategy="no",
        eval_strategy="no",
        report_to="none",
        disable_tqdm=True,
        remove_unused_columns=False,
        dataloader_num_workers=0,
        seed=0,
        ddp_timeout=300,
        torch_compile=bool(case.get("torch_compile")),
    )
    if case["fsdp"]:
        layer_cls = sorted({type(m).__name__ for m in model.modules()
                            if type(m).__name__.endswith(("DecoderLayer", "EncoderLayer"))})
        kw["fsdp"] = f"{case['fsdp']} auto_wrap"
        fcfg = {"transformer_layer_cls_to_wrap": layer_cls}
        if os.environ.get("MEASURE_FSDP_VERSION"):
            fcfg["fsdp_version"] = int(os.environ["MEASURE_FSDP_VERSION"])
        kw["fsdp_config"] = fcfg
        res["fsdp_wrap"] = layer_cls
    import dataclasses
    valid = {f.name for f in dataclasses.fields(TrainingArguments)}
    dropped = [k for k in kw if k not in valid]
    if dropped:
        print(f"[child] TrainingArguments lacks {dropped}; dropped", flush=True)
    args = TrainingArguments(**{k: v for k, v in kw.items() if k in valid})

    flatten = None
    if case.get("packed"):
        if is_llava or is_qwen_vl or is_vlm:
            raise ValueError("packed cases are text-only")
        # TRL's padding_free / ms-swift's packing: the micro batch's samples are concatenated into
        # one row with restarting position_ids and no attention mask; transformers detects the
        # sequence boundaries from the position_ids (DataCollatorWithFlattening, the collator TRL
        # and the Trainer docs use for padding-free batches).
        from transformers import DataCollatorWithFlattening
        flatten = DataCollatorWithFlattening()

    def collate(features):
        if flatten is not None:
            return flatten([{"input_ids": f["input_ids"].tolist(), "labels": f["labels"].tolist()}
                            for f in features])
        if is_vlm:
            if layout["kind"] == "internvl":
                pv = torch.cat([f.pop("pixel_values") for f in features])
                batch = default_data_collator(features)
                batch["pixel_values"] = pv
                return batch
            return default_data_collator(features)
        if is_qwen_vl:
            pv = torch.cat([f.pop("pixel_values") for f in features])
            grid = torch.cat([f.pop("image_grid_thw") for f in features])
            batch = default_data_collator(features)
            batch["pixel_values"], batch["image_grid_thw"] = pv, grid
            return batch
        batch = default_data_collator(features)
        pv = batch.get("pixel_values")
        if pv is not None and pv.dim() == 5:  # several images per sample -> (total_images, C, H, W)
            batch["pixel_values"] = pv.flatten(0, 1)
        return batch

    trainer = Trainer(model=model, args=args, train_dataset=SyntheticDS(), data_collator=collate)
    timings["setup_s"] = round(time.time() - t0, 2)
    t1 = time.time()
    try:
        trainer.train()
    finally:
        res["steps"] = int(trainer.state.global_step)
        timings["train_s"] = round(time.time() - t1, 2)
        try:
            opt = trainer.optimizer
            if opt is not None:
                res["optimizer_class"] = type(getattr(opt, "optimizer", opt)).__name__
                d = getattr(opt, "optimizer", opt).defaults
                res["optimizer_flags"] = {k: d.get(k) for k in ("foreach", "fused") if k in d}
        except Exception:  # noqa: BLE001
            pass
    shutil.rmtree(tmpdir, ignore_errors=True)


# ---------------------------------------------------------------------------
# Parent side
# ---------------------------------------------------------------------------


def load_done(paths):
    done = set()
    for p in paths:
        if p and os.path.exists(p):
            with open(p) as f:
                for line in f:
                    line = line.strip()
                    if line:
                        try:
                            done.add(json.loads(line)["id"])
                        except Exception:  # noqa: BLE001
                            pass
    return done


def child_versions():
    code = ("import json,torch\nv={'torch':torch.__version__,'cuda':torch.version.cuda or ''}\n"
            "for m in ('transformers','peft','accelerate','fla'):\n"
            "    try: v[m]=__import__(m).__version__\n"
            "    except Exception: v[m]=''\n"
            "print(json.dumps(v))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env())
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except Exception:  # noqa: BLE001
        return {}


FORK_OK = False


def prepare_fork():
    """Import the heavy libraries once in the parent without initialising CUDA, so that each
    case can run in a forked child (saves ~10 s of imports per case).  Checked by a test fork."""
    os.environ["PYTORCH_NVML_BASED_CUDA_CHECK"] = "1"  # torch.cuda.is_available() via NVML, no cuInit
    try:
        import torch
        import transformers
        import peft
        import accelerate
        from transformers import (AutoConfig, AutoModelForCausalLM, Trainer, TrainingArguments,  # noqa: F401
                                  default_data_collator)
        try:
            from transformers import AutoModelForImageTextToText  # noqa: F401
        except ImportError:
            pass
        import peft.tuners.lora  # noqa: F401
        versions = {"torch": torch.__version__, "cuda": torch.version.cuda or "",
                    "transformers": transformers.__version__, "peft": peft.__version__,
                    "accelerate": accelerate.__version__}
        fla_init = os.path.join(VENDOR, "fla", "__init__.py")
        if os.path.exists(fla_init):
            # read, not imported: fla's import queries the device, which would spoil the fork
            m = re.search(r'__version__ = "([^"]+)"', open(fla_init).read())
            versions["fla"] = m.group(1) if m else "vendored"
        if torch.cuda.is_initialized():
            print("[measure] CUDA got initialised by the imports; no fork mode", flush=True)
            return False, versions
    except Exception as e:  # noqa: BLE001
        print(f"[measure] fork preparation failed: {e}", flush=True)
        return False, {}
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.environ.pop("PYTORCH_NVML_BASED_CUDA_CHECK", None)
            x = torch.ones(256, 256, device="cuda", dtype=torch.bfloat16)
            code = 0 if float((x @ x)[0, 0].item()) == 256.0 else 1
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    ok = os.waitstatus_to_exitcode(status) == 0
    if not ok:
        print("[measure] test fork failed; using subprocesses", flush=True)
    return ok, versions


def child_env():
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.setdefault("HF_DATASETS_OFFLINE", "1")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    # never use NVLink multicast on shared hosts
    env.setdefault("NCCL_NVLS_ENABLE", "0")
    env.setdefault("TORCH_SYMM_MEM_DISABLE_MULTICAST", "1")
    env.setdefault("NVSHMEM_DISABLE_NVLS", "1")
    env.setdefault("CUDA_DEVICE_ORDER", "PCI_BUS_ID")  # cuda:N == NVML index N
    env.pop("PYTORCH_NVML_BASED_CUDA_CHECK", None)
    return env


def run_case(entry, reader, info, versions, steps, logdir):
    case = normalize_case(entry["case"])
    cid = entry.get("id") or case_id(case)
    world = int(case["world"])
    gpus = list(range(world))
    timeout = int(entry.get("timeout_s", 150 if world == 1 else 300))
    tmp = tempfile.mkdtemp(prefix="trainlint-case-")
    case_path = os.path.join(tmp, "case.json")
    with open(case_path, "w") as f:
        json.dump(case, f)
    res_tpl = os.path.join(tmp, "result_rank{}.json")

    reset_dir = os.path.join(tmp, "reset")
    os.makedirs(reset_dir)
    baseline = settle_baseline(reader, gpus)
    script = os.path.abspath(__file__)
    child_args = ["--child", case_path, "--result-template", res_tpl, "--steps", str(steps)]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", cid)
    log_path = os.path.join(logdir, f"{safe}.log")
    use_fork = FORK_OK and world == 1 and not case["fsdp"]
    poller = Poller(reader, gpus, reset_dir=reset_dir)
    t0 = time.time()
    timed_out = False
    if use_fork:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # child: fresh CUDA context, libraries already imported by the parent
            code = 1
            try:
                fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                os.environ.update(child_env())
                os.environ.pop("PYTORCH_NVML_BASED_CUDA_CHECK", None)
                os.environ["MEASURE_RESET_DIR"] = reset_dir
                os.environ["CUDA_VISIBLE_DEVICES"] = "0"  # one GPU: no DataParallel on multi-GPU hosts
                child_main(case, res_tpl.format(0), steps)
                code = 0
            except BaseException:  # noqa: BLE001
                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        poller.start()
        rc = None
        while True:
            wpid, status = os.waitpid(pid, os.WNOHANG)
            if wpid == pid:
                rc = os.waitstatus_to_exitcode(status)
                break
            if time.time() - t0 > timeout:
                timed_out = True
                os.kill(pid, 9)
                _, status = os.waitpid(pid, 0)
                rc = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.02)
    else:
        if world > 1 or case["fsdp"]:
            cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={world}",
                   script] + child_args
        else:
            cmd = [sys.executable, script] + child_args
        env = child_env()
        env["MEASURE_RESET_DIR"] = reset_dir
        if world == 1:
            env["CUDA_VISIBLE_DEVICES"] = "0"  # one GPU: no DataParallel on multi-GPU hosts
        poller.start()
        with open(log_path, "w") as logf:
            p = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, env=env, cwd=REPO,
                                 start_new_session=True)
            try:
                rc = p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                try:
                    os.killpg(p.pid, 9)
                except Exception:  # noqa: BLE001
                    p.kill()
                rc = p.wait()
    wall = time.time() - t0
    poller.stop()

    ranks = []
    for r in range(world):
        path = res_tpl.format(r)
        if os.path.exists(path):
            with open(path) as f:
                ranks.append(json.load(f))
    peaks = {g: poller.peak[g] - baseline[g] for g in gpus}
    err = ""
    if timed_out:
        err = f"timeout after {timeout}s"
    elif len(ranks) < world:
        tail = ""
        try:
            with open(log_path) as f:
                tail = f.read()[-800:]
        except Exception:  # noqa: BLE001
            pass
        err = f"child exited rc={rc} without result for {world - len(ranks)} rank(s): {tail}"
    oom = any(r.get("oom") for r in ranks)
    if oom:
        err = [r["error"] for r in ranks if r.get("oom")][0]
    if not err:
        errs = [r.get("error", "") for r in ranks if r.get("error")]
        err = errs[0] if errs else ""
    if oom and not err:
        err = "out of memory"
    if ranks and not versions.get("torch"):
        versions.update(ranks[0].get("versions", {}))
    vers = {k: versions.get(k, "") for k in ("torch", "transformers", "peft", "accelerate", "cuda")}
    vers["driver"] = info.get("driver", "")
    if versions.get("fla"):
        vers["fla"] = versions["fla"]
    result = {
        "oom": bool(oom),
        "torch_max_allocated_mib": int(round(max([r["torch_max_allocated_mib"] for r in ranks] or [0]))),
        "torch_max_reserved_mib": int(round(max([r["torch_max_reserved_mib"] for r in ranks] or [0]))),
        "nvml_peak_mib": int(round(max(peaks.values()))),
        "params": int(max([r.get("params", 0) for r in ranks] or [0])),
        "trainable_params": int(max([r.get("trainable_params", 0) for r in ranks] or [0])),
        "steps": int(min([r.get("steps", 0) for r in ranks] or [0])),
        "error": err[:600],
    }
    line = {"id": cid, "card": info.get("card", ""), "card_total_mib": info.get("card_total_mib", 0),
            "versions": vers, "case": case, "result": result}
    raw = dict(line)
    raw["extra"] = {
        "nvml_source": reader.source, "nvml_samples": poller.samples,
        "baseline_mib": {str(g): round(v, 1) for g, v in baseline.items()},
        "nvml_peak_abs_mib": {str(g): round(v, 1) for g, v in poller.peak.items()},
        "nvml_peak_per_gpu_mib": {str(g): round(v, 1) for g, v in peaks.items()},
        "wall_s": round(wall, 2), "rc": rc, "timed_out": timed_out, "forked": use_fork,
        "nvml_peak_before_reset_mib": {str(g): round(v - baseline[g], 1) for g, v in poller.pre_reset_peak.items()},
        "ranks": [{k: v for k, v in r.items() if k != "versions"} for r in ranks],
    }
    shutil.rmtree(tmp, ignore_errors=True)
    return line, raw


def parent_main(a):
    with open(a.cases) as f:
        entries = json.load(f)
    os.makedirs(a.out, exist_ok=True)
    logdir = os.path.join(a.out, "logs")  # one log per case (child stdout/stderr)
    os.makedirs(logdir, exist_ok=True)
    res_path = os.path.join(a.out, "results.jsonl")
    raw_path = os.path.join(a.out, "raw.jsonl")
    done = load_done([res_path] + (a.skip_done or []))

    reader = NvmlReader()
    info = reader.info()
    print(f"[measure] device: {json.dumps(info)}", flush=True)
    global FORK_OK
    FORK_OK = False
    versions = {}
    if a.fork:
        FORK_OK, versions = prepare_fork()
    if not versions:
        versions = child_versions()
    print(f"[measure] fork mode: {FORK_OK}", flush=True)
    print(f"[measure] versions: {json.dumps(versions)}", flush=True)

    todo = []
    for e in entries:
        c = normalize_case(e["case"])
        cid = e.get("id") or case_id(c)
        if a.world and int(c["world"]) != a.world:
            continue
        if a.group and e.get("group") not in a.group.split(","):
            continue
        if a.only and not (fnmatch.fnmatch(cid, a.only) or re.search(a.only, cid)):
            continue
        if cid in done:
            continue
        if int(c["world"]) > info.get("gpus", 1):
            print(f"[measure] skip {cid}: needs {c['world']} GPUs", flush=True)
            continue
        todo.append(e)
    print(f"[measure] {len(todo)} case(s) to run", flush=True)

    t_begin = time.time()
    consecutive_err = 0
    n_run = 0
    for e in todo:
        c = normalize_case(e["case"])
        cid = e.get("id") or case_id(c)
        est = float(e.get("est_s", 25))
        if a.deadline_s and (time.time() - t_begin) + est > a.deadline_s:
            print(f"[measure] deadline reached; stopping before {cid}", flush=True)
            break
        print(f"[measure] >>> {cid}", flush=True)
        line, raw = run_case(e, reader, info, versions, a.steps, logdir)
        with open(res_path, "a") as f:
            f.write(json.dumps(line) + "\n")
        with open(raw_path, "a") as f:
            f.write(json.dumps(raw) + "\n")
        r = line["result"]
        x = raw["extra"]
        print(f"[measure] <<< {cid}: oom={r['oom']} alloc={r['torch_max_allocated_mib']} "
              f"resv={r['torch_max_reserved_mib']} nvml={r['nvml_peak_mib']} params={r['params']} "
              f"train={r['trainable_params']} steps={r['steps']} wall={x['wall_s']}s "
              f"samples={x['nvml_samples']} err={r['error'][:300]!r}", flush=True)
        n_run += 1
        if r["error"] and not r["oom"]:
            consecutive_err += 1
            for rk in x["ranks"]:
                if rk.get("traceback"):
                    print(rk["traceback"][-1500:], flush=True)
                    break
            if a.max_consecutive_errors and consecutive_err >= a.max_consecutive_errors:
                print(f"[measure] {consecutive_err} consecutive errors; aborting", flush=True)
                break
        else:
            consecutive_err = 0
    print(f"[measure] ran {n_run} case(s) in {time.time() - t_begin:.1f}s", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=os.path.join(HERE, "cases.json"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--only", default=None, help="glob or regex matched against case ids")
    ap.add_argument("--group", default=None, help="comma-separated case groups to run (smoke,p1,p2,fsdp)")
    ap.add_argument("--world", type=int, default=0, help="run only cases with this world size (0 = all)")
    ap.add_argument("--skip-done", action="append", help="jsonl file(s) whose ids are skipped")
    ap.add_argument("--deadline-s", type=float, default=0, help="stop starting cases after this many seconds")
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--no-fork", dest="fork", action="store_false",
                    help="start each single-GPU case with a new python3 instead of forking a pre-imported parent")
    ap.add_argument("--max-consecutive-errors", type=int, default=4)
    ap.add_argument("--print-ids", action="store_true", help="print case ids and exit")
    ap.add_argument("--image-tokens", nargs=3, metavar=("CONFIG", "WIDTH", "HEIGHT"),
                    help="print the image layout of a p12 model's config.json for one image and exit (no torch)")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--result-template", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        with open(a.child) as f:
            case = json.load(f)
        rank = int(os.environ.get("LOCAL_RANK", "0"))
        child_main(case, a.result_template.format(rank), a.steps)
        return
    if a.image_tokens:
        with open(a.image_tokens[0]) as f:
            print(json.dumps(image_layout(json.load(f), int(a.image_tokens[1]), int(a.image_tokens[2]))))
        return
    if a.print_ids:
        with open(a.cases) as f:
            for e in json.load(f):
                print(e.get("id") or case_id(normalize_case(e["case"])))
        return
    if not a.out:
        ap.error("--out is required")
    parent_main(a)


if __name__ == "__main__":
    main()
