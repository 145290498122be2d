import json, glob, os, sys, math, types, functools
import torch
import numpy as np
from transformers import AutoConfig, AutoModelForImageTextToText, CONFIG_MAPPING
out = {}
for f in sorted(glob.glob("testdata/models/vlm/*.json")):
    name = os.path.basename(f)
    d = json.load(open(f))
    try:
        mt = d.pop("model_type")
        cfg = CONFIG_MAPPING[mt](**d)
        with torch.device("meta"):
            m = AutoModelForImageTextToText.from_config(cfg)
        total = sum(p.numel() for p in m.parameters())
        parts = {}
        for n, p in m.named_parameters():
            k = ".".join(n.split(".")[:2])
            parts[k] = parts.get(k, 0) + p.numel()
        out[name] = {"total": total, "parts": parts, "tied": bool(getattr(cfg, "tie_word_embeddings", None)),
                     "class": type(m).__name__}
    except Exception as e:
        out[name] = {"error": repr(e)[:500]}
    print(name, out[name].get("total"), out[name].get("error", ""), flush=True)
sizes = [(448, 448), (500, 500), (100, 100), (640, 480), (1920, 1080), (4000, 3000), (28, 2000), (1344, 1344), (3000, 400), (336, 336), (1024, 768)]
tok = {}
from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize
for (w, h) in sizes:
    r = {}
    hh, ww = smart_resize(h, w, factor=28, min_pixels=3136, max_pixels=12845056); r["qwen25"] = (hh//14)*(ww//14)
    hh, ww = smart_resize(h, w, factor=32, min_pixels=65536, max_pixels=16777216); r["qwen3"] = (hh//16)*(ww//16)
    from transformers.image_processing_utils import select_best_resolution
    from transformers.models.llava_next.processing_llava_next import LlavaNextProcessor
    from transformers.models.llava_onevision.processing_llava_onevision import LlavaOnevisionProcessor
    pins = [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]]
    st = types.SimpleNamespace(image_processor=types.SimpleNamespace(image_grid_pinpoints=pins), patch_size=14, num_additional_image_tokens=1)
    st._get_unpadded_features = functools.partial(LlavaNextProcessor._get_unpadded_features, st)
    r["llava_next_llm"] = LlavaNextProcessor._get_number_of_features(st, h, w, 336, 336) - 1
    bh, bw = select_best_resolution([h, w], pins); r["llava_next_crops"] = 1 + (bh//336)*(bw//336)
    pins2 = [[384*a, 384*b] for a in range(1, 7) for b in range(1, 7)]
    st = types.SimpleNamespace(image_processor=types.SimpleNamespace(image_grid_pinpoints=pins2), num_image_tokens=729, vision_aspect_ratio="anyres_max_9")
    st._get_unpadded_features = functools.partial(LlavaOnevisionProcessor._get_unpadded_features, st)
    r["onevision_llm"] = LlavaOnevisionProcessor._get_number_of_features(st, h, w, 384, 384)
    bh, bw = select_best_resolution([h, w], pins2); r["onevision_crops"] = 1 + (bh//384)*(bw//384)
    from transformers.models.got_ocr2.image_processing_got_ocr2 import get_optimal_tiled_canvas
    g = get_optimal_tiled_canvas((h, w), (448, 448), 1, 12); n = g[0]*g[1]; r["internvl_tiles"] = n + (1 if n > 1 else 0)
    from transformers.models.idefics3.image_processing_idefics3 import Idefics3ImageProcessor
    ip = Idefics3ImageProcessor()
    r["idefics3"] = ip.get_number_of_image_patches(h, w, {})
    r["smolvlm"] = ip.get_number_of_image_patches(h, w, {"size": {"longest_edge": 1536}, "max_image_size": {"longest_edge": 384}})
    from transformers.models.pixtral.image_processing_pixtral import get_resize_output_image_size
    ph, pw = get_resize_output_image_size(np.zeros((h, w, 3)), size=(1540, 1540), patch_size=(28, 28), input_data_format="channels_last")
    r["pixtral"] = [ph, pw, (ph//14)*(pw//14), (ph//28)*((pw//28)+1)]
    tok["%dx%d" % (w, h)] = r
out["tokens"] = tok
json.dump(out, open(os.environ.get("OUT", ".") + "/counts.json", "w"), indent=1)
print(json.dumps(tok))
