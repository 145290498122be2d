#!/usr/bin/env python3
"""Writes calibrate/cases.json, the case matrix measured by calibrate/measure.py.

    python3 calibrate/gen_cases.py            # rewrites calibrate/cases.json

Each entry is {"id", "group", "est_s", "case": {...}} where "case" uses the
schema of testdata/calibration/measurements.jsonl.  Groups: smoke (tiny cases
for a first check), p1 and p2 (single-GPU matrix, most important first),
p3 to p12 (later single-GPU campaigns; p12smoke checks p12's inputs on 2-layer
cuts in seconds), fsdp (2-GPU cases, run with --world 2).  Entries whose
"expect" is "oom" are meant to run out of memory on an 80 GB card.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from measure import VLM_TYPES, case_id, image_layout, normalize_case  # noqa: E402

M = {
    "q05": "testdata/models/qwen2-0.5b.json",
    "q15": "testdata/models/qwen2-1.5b.json",
    "l1": "testdata/models/llama-3.2-1b.json",
    "l3": "testdata/models/llama-3.2-3b.json",
    "l8": "testdata/models/llama-3-8b.json",
    "m7": "testdata/models/mistral-7b.json",
    "q7": "testdata/models/qwen2.5-7b.json",
    "llava": "testdata/models/llava-siglip-qwen2-0.5b.json",
    # 2025 architectures (issue: models of 2024-2026): q/k-norm decoders, MoE, MLA, Qwen2.5-VL.
    "q3_06": "testdata/calibration/models/qwen3-0.6b.json",
    "q3_17": "testdata/calibration/models/qwen3-1.7b.json",
    "q3_4": "testdata/calibration/models/qwen3-4b.json",
    "q3_8": "testdata/calibration/models/qwen3-8b.json",
    "q3moe6": "testdata/calibration/models/qwen3-moe-a3b-6l.json",
    "q3moe": "testdata/calibration/models/qwen3-30b-a3b.json",
    "g3_1": "testdata/calibration/models/gemma3-1b.json",
    "g3_4": "testdata/calibration/models/gemma3-4b-text.json",
    "dsv2_8": "testdata/calibration/models/deepseek-v2-lite-8l.json",
    "dsv2": "testdata/calibration/models/deepseek-v2-lite.json",
    "q25vl3": "testdata/calibration/models/qwen2.5-vl-3b.json",
    "q2vl2": "testdata/calibration/models/qwen2-vl-2b.json",
    # more 2024-2026 decoders (issue 12), from the configs in testdata/archs; the MoE ones cut to
    # fewer layers and every quantization_config dropped, so they load in bf16 on one card.
    "phi4mini": "testdata/calibration/models/phi-4-mini.json",
    "olmo2": "testdata/calibration/models/olmo-2-7b.json",
    "glm4": "testdata/calibration/models/glm-4-9b-0414.json",
    "granite": "testdata/calibration/models/granite-3.1-8b.json",
    "smollm3": "testdata/calibration/models/smollm3-3b.json",
    "gptoss": "testdata/calibration/models/gpt-oss-20b-bf16.json",
    "dsv3_2l": "testdata/calibration/models/deepseek-v3-2l.json",
    "phimoe4l": "testdata/calibration/models/phi-3.5-moe-4l.json",
    "g3vl4": "testdata/models/vlm/gemma-3-4b-it.json",
    "q3vl2": "testdata/models/vlm/qwen3-vl-2b-instruct.json",
    "gpt2": "testdata/calibration/models/gpt2.json",
    "bloom": "testdata/calibration/models/bloomz-560m.json",
    "falcon": "testdata/calibration/models/falcon-7b.json",
    "phi2": "testdata/calibration/models/phi-2.json",
    "stablelm": "testdata/calibration/models/stablelm-2-1.6b.json",
    "sc2": "testdata/calibration/models/starcoder2-15b.json",
    "pythia14": "testdata/calibration/models/pythia-1.4b.json",
    "pythia69": "testdata/calibration/models/pythia-6.9b.json",
    "sc1_10l": "testdata/calibration/models/starcoder-15b-10l.json",
    "falcon40_6l": "testdata/calibration/models/falcon-40b-6l.json",
    "olmo1": "testdata/calibration/models/olmo-1b.json",
    "opt": "testdata/calibration/models/opt-1.3b.json",
    "glm45": "testdata/calibration/models/glm-4.5-air-3l.json",
    # vision-language types of issue 12 not measured before (group p12): the released configs in
    # testdata/models/vlm, Mistral Small 3.1 cut to 8 decoder layers, and for p12smoke each type cut to 2 decoder
    # layers (Mllama: 2 with the second a cross-attention layer, a 4+1-layer tower) and 2 tower layers.
    "llavanext7": "testdata/models/vlm/llava-v1.6-mistral-7b-hf.json",
    "ov05": "testdata/models/vlm/llava-onevision-qwen2-0.5b-ov-hf.json",
    "ov7": "testdata/models/vlm/llava-onevision-qwen2-7b-ov-hf.json",
    "ivl3_8": "testdata/models/vlm/internvl3-8b-hf.json",
    "mllama11": "testdata/models/vlm/llama-3.2-11b-vision-instruct.json",
    "ms31_8l": "testdata/calibration/models/mistral-small-3.1-24b-8l.json",
    "smolvlm": "testdata/models/vlm/smolvlm-instruct.json",
    "idefics3_8": "testdata/models/vlm/idefics3-8b-llama3.json",
    "smolvlm2": "testdata/models/vlm/smolvlm2-2.2b-instruct.json",
    # older decoder types the catalog reads but had never measured (group p14): Gemma 1 and 2, Mixtral (cut to 4
    # of 32 layers), Qwen1.5-MoE (qwen2_moe, whole and cut to 6 of 24 layers)
    "gemma2b": "testdata/calibration/models/gemma-2b.json",
    "gemma2_2": "testdata/calibration/models/gemma-2-2b.json",
    "gemma2_9": "testdata/calibration/models/gemma-2-9b.json",
    "mixtral4l": "testdata/calibration/models/mixtral-8x7b-4l.json",
    "q15moe": "testdata/calibration/models/qwen1.5-moe-a2.7b.json",
    "q15moe6l": "testdata/calibration/models/qwen1.5-moe-a2.7b-6l.json",
    # Llama 4 Scout's decoder (llama4_text: 16 experts, top 1, a shared expert, weightless L2 q/k norm), cut to 4
    # and 2 of its 48 layers (group p15)
    "l4s4l": "testdata/calibration/models/llama-4-scout-text-4l.json",
    "l4s2l": "testdata/calibration/models/llama-4-scout-text-2l.json",
    # SmallDoge's Doge-260M as its pretraining recipe builds it (model_init_kwargs of
    # recipes/doge/Doge-260M/config_full.yaml in SmallDoges/small-doge, copied in testdata/wild5) (group p16)
    "doge260": "testdata/calibration/models/doge-260m.json",
    # PaliGemma 3B at 224 px (group p17), the released config in testdata/models/vlm
    "pali224": "testdata/models/vlm/paligemma-3b-pt-224.json",
    "llavanext7_2l": "testdata/calibration/models/llava-v1.6-mistral-7b-2l.json",
    "ov05_2l": "testdata/calibration/models/llava-onevision-qwen2-0.5b-2l.json",
    "ivl3_8_2l": "testdata/calibration/models/internvl3-8b-2l.json",
    "mllama11_2l": "testdata/calibration/models/llama-3.2-11b-vision-2l.json",
    "ms31_2l": "testdata/calibration/models/mistral-small-3.1-24b-2l.json",
    "smolvlm_2l": "testdata/calibration/models/smolvlm-instruct-2l.json",
    "smolvlm2_2l": "testdata/calibration/models/smolvlm2-2.2b-2l.json",
    # Qwen3.5's decoder (qwen3_5_text, Gated DeltaNet in three layers of four) at Qwen3_5TextConfig's defaults
    # (Qwen3.5-9B's sizes), whole and cut to 8 of 32 layers, a narrow 24-layer shape of our own, and Qwen3-Next cut
    # to 4 layers and 64 experts (group p20, with flash-linear-attention's Triton kernels from calibrate/vendor)
    "q35_9b": "testdata/calibration/models/qwen3.5-9b-text.json",
    "q35_8l": "testdata/calibration/models/qwen3.5-9b-text-8l.json",
    "q35s": "testdata/calibration/models/qwen3.5-text-1024x24.json",
    "qnext4l": "testdata/calibration/models/qwen3-next-4l-64e.json",
    # Seed-OSS-36B-Base's released config.json (testdata/archs) cut to 4 of its 64 layers (group p21)
    "seedoss4l": "testdata/calibration/models/seed-oss-36b-4l.json",
}
QV = ["q_proj", "v_proj"]
ALL = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

entries = []


def add(group, model, est=20, expect=None, **kw):
    c = dict(kw)
    c["model"] = M[model] if model else ""
    if "b" in c:
        c["micro_batch"] = c.pop("b")
    if "s" in c:
        c["seq_len"] = c.pop("s")
    if "load" in c:
        c["load_dtype"] = c.pop("load")
    if "gc" in c:
        c["gradient_checkpointing"] = c.pop("gc")
    if "ga" in c:
        c["grad_accum"] = c.pop("ga")
    if "attn" in c:
        c["attention"] = c.pop("attn")
    if "prec" in c:
        c["precision"] = c.pop("prec")
    if "lora" in c:
        r, tm = c.pop("lora")
        c["peft"] = {"method": "lora", "r": r, "alpha": 2 * r, "target_modules": list(tm)}
        if "dropout" in c:
            c["peft"]["dropout"] = c.pop("dropout")
    if "img" in c:
        w = c.pop("img")
        w, h = w if isinstance(w, tuple) else (w, w)
        c["images"] = {"width": w, "height": h, "per_sample": c.pop("per_sample", 1)}
    case = normalize_case(c)
    e = {"id": case_id(case), "group": group, "est_s": est}
    if case["images"]:
        with open(os.path.join(os.path.dirname(HERE), case["model"])) as f:
            cfg = json.load(f)
        if cfg.get("model_type") in VLM_TYPES:
            # the positions measure.py gives the image, which estimate's TestHarnessImageTokens holds
            # catalog.Model.LLMImageTokens to
            img = case["images"]
            e["image_tokens"] = image_layout(cfg, img["width"], img["height"])["llm_tokens"]
    if expect:
        e["expect"] = expect
    e["case"] = case
    entries.append(e)


# ---- smoke: tiny cases that exercise every code path --------------------------------------
add("smoke", None, est=10)  # CUDA context + cuBLAS workspace
add("smoke", "q05", b=1, s=256)
add("smoke", "q05", b=1, s=256, gc=True, lora=(8, QV))
add("smoke", "llava", b=1, s=512, img=224, freeze=["vision"])
add("smoke", "q05", b=1, s=256, load="fp32", fsdp="full_shard", est=30)

# ---- p1: core single-GPU matrix -----------------------------------------------------------
# full fine-tune, loaded in bf16 vs loaded in fp32 (bf16 autocast)
for m, b in (("q05", 4), ("l1", 4), ("q15", 4), ("l3", 2)):
    add("p1", m, b=b, s=1024)
    add("p1", m, b=b, s=1024, load="fp32", est=25)
# 8B full fine-tune in bf16: optimizer comparison (adamw foreach temporaries vs fused)
for opt in ("adamw_torch", "adamw_torch_fused", "adafactor", "sgd"):
    add("p1", "l8", b=1, s=1024, gc=True, optim=opt, est=35)
# out of memory on 80 GB
add("p1", "l8", b=1, s=512, gc=True, load="fp32", est=35, expect="oom")
add("p1", "l8", b=8, s=4096, attn="eager", est=35, expect="oom")
add("p1", "q7", b=1, s=512, gc=True, load="fp32", optim="adamw_torch_fused", est=35, expect="oom")
add("p1", "m7", b=16, s=4096, attn="eager", lora=(64, ALL), est=35, expect="oom")
add("p1", "q05", b=32, s=4096, attn="eager", est=25, expect="oom")
# LoRA ranks 8/64/256 on q,v and on all linear layers (Llama-3-8B, bf16)
for tm in (QV, ALL):
    for r in (8, 64, 256):
        add("p1", "l8", b=4, s=1024, lora=(r, tm), est=30)
add("p1", "l8", b=4, s=1024, lora=(64, ALL), gc=True, est=30)
add("p1", "l8", b=4, s=1024, lora=(64, ALL), attn="eager", est=30)
add("p1", "l8", b=2, s=1024, lora=(16, QV), load="fp32", gc=True, est=35)
# other 7B families
add("p1", "m7", b=1, s=2048, gc=True, optim="adamw_torch_fused", est=35)
add("p1", "q7", b=1, s=2048, gc=True, optim="adafactor", est=35)
# vision-language: 3 image sizes, trainable vs frozen vision tower
for w in (224, 384, 448):
    add("p1", "llava", b=2, s=2048, img=w, est=25)
for w in (224, 384, 448):
    add("p1", "llava", b=2, s=2048, img=w, freeze=["vision"], est=25)
add("p1", "llava", b=4, s=2048, img=384, freeze=["vision"], gc=True, est=25)

# ---- p2: sweeps -----------------------------------------------------------------------------
# gradient checkpointing on (pairs with p1 cases)
add("p2", "q05", b=4, s=1024, gc=True)
add("p2", "l1", b=4, s=1024, gc=True)
add("p2", "l3", b=2, s=1024, gc=True, est=25)
add("p2", "l3", b=1, s=1024, gc=True, load="fp32", est=25)
# eager vs sdpa
add("p2", "q05", b=4, s=1024, attn="eager")
add("p2", "l1", b=4, s=1024, attn="eager")
add("p2", "l1", b=2, s=4096)
add("p2", "l1", b=2, s=4096, attn="eager")
# micro-batch sweep (b4 is in p1)
for b in (1, 2, 8):
    add("p2", "l1", b=b, s=1024)
# sequence-length sweep (s1024 b1 above)
for s in (256, 512, 2048, 4096):
    add("p2", "l1", b=1, s=s)
for s in (256, 4096):
    add("p2", "q05", b=2, s=s)
# gradient accumulation
add("p2", "l1", b=4, s=1024, ga=4)
add("p2", "q05", b=4, s=1024, ga=4)
# optimizers on Llama-3.2-1B (adamw_torch is in p1)
for opt in ("adamw_torch_fused", "adafactor", "sgd"):
    add("p2", "l1", b=4, s=1024, optim=opt)
for opt in ("adamw_torch_fused", "adafactor"):
    add("p2", "l1", b=4, s=1024, load="fp32", optim=opt)
# precision flags
add("p2", "l1", b=4, s=1024, load="fp32", prec="fp16")
add("p2", "q05", b=4, s=1024, load="fp32", prec="fp32")
# smaller LoRA cases
add("p2", "l1", b=8, s=1024, lora=(16, QV))
add("p2", "q15", b=4, s=2048, lora=(64, ALL), gc=True)
add("p2", "l3", b=4, s=2048, lora=(64, ALL), est=25)

# ---- p3: extra single-GPU cases (measured on the H100 of the 2-GPU host after the fsdp group) ----
add("p3", "l3", b=1, s=512, gc=True)
add("p3", "l3", b=1, s=512, gc=True, optim="adamw_torch_fused")
add("p3", "llava", b=2, s=2048, img=384, per_sample=2, freeze=["vision"])
add("p3", "llava", b=2, s=2048, img=384, freeze=["llm"])
add("p3", "l1", b=4, s=1024, lora=(16, QV), load="fp16", prec="fp16")
add("p3", "q7", b=2, s=2048, lora=(16, ALL), gc=True, est=30)

# ---- p4: the architectures of 2025 on one H200 (141 GB) ------------------------------------
QKVO = ["q_proj", "k_proj", "v_proj", "o_proj"]
MLA = ["q_proj", "kv_a_proj_with_mqa", "kv_b_proj", "o_proj"]
add("p4", "q3_06", b=4, s=1024)
add("p4", "q3_06", b=4, s=1024, gc=True)
add("p4", "q3_06", b=2, s=4096)
add("p4", "q3_06", b=4, s=2048, lora=(16, ALL))
add("p4", "q3_17", b=4, s=1024)
add("p4", "q3_4", b=2, s=1024, gc=True, est=30)
add("p4", "q3_4", b=1, s=2048, optim="adamw_torch_fused", est=30)
add("p4", "q3_8", b=2, s=2048, gc=True, lora=(16, ALL), est=35)
add("p4", "q3_8", b=1, s=1024, gc=True, est=45)
add("p4", "q3_4", b=8, s=4096, attn="eager", est=30, expect="oom")
add("p4", "q3moe6", b=2, s=1024, est=40)
add("p4", "q3moe6", b=2, s=1024, gc=True, est=40)
add("p4", "q3moe", b=2, s=1024, gc=True, lora=(16, QKVO), est=60)
add("p4", "g3_1", b=4, s=1024)
add("p4", "g3_1", b=4, s=1024, attn="eager")
add("p4", "g3_1", b=4, s=1024, gc=True)
add("p4", "g3_1", b=4, s=1024, gc=True, attn="eager")
add("p4", "g3_1", b=2, s=4096)
add("p4", "g3_1", b=4, s=2048, lora=(16, ALL))
add("p4", "g3_1", b=16, s=4096, attn="eager", expect="oom")
add("p4", "g3_4", b=1, s=1024, gc=True, est=35)
add("p4", "dsv2_8", b=2, s=1024, est=40)
add("p4", "dsv2_8", b=2, s=1024, gc=True, est=40)
add("p4", "dsv2", b=2, s=1024, gc=True, lora=(16, MLA), est=60)
for w in (448, 896, 1344):
    add("p4", "q25vl3", b=1, s=4096, img=w, est=35)
    add("p4", "q25vl3", b=1, s=4096, img=w, freeze=["vision"], est=35)
add("p4", "q25vl3", b=2, s=4096, img=896, gc=True, est=35)

# ---- p5: long sequences with checkpointing, Qwen2-VL towers trained at high resolution ------
add("p5", "l1", b=1, s=16384, gc=True)
add("p5", "l1", b=1, s=32768, gc=True, est=30)
add("p5", "q3_06", b=1, s=16384, gc=True)
add("p5", "q3_06", b=1, s=32768, gc=True, est=30)
add("p5", "q3_4", b=1, s=16384, gc=True, est=30)
add("p5", "g3_1", b=1, s=16384, gc=True, est=30)
add("p5", "q2vl2", b=1, s=4096, img=896, est=30)
add("p5", "q2vl2", b=1, s=4096, img=1344, est=30)
add("p5", "q2vl2", b=1, s=4096, img=448, freeze=["vision"], est=30)
add("p5", "q2vl2", b=2, s=4096, img=896, gc=True, est=30)

# ---- p6: padding-free (flattened) batches, torch.compile, and the fp32 FSDP step of issue 16 on one GPU ----
add("p6", "l1", b=4, s=4096, packed=True, gc=True)
add("p6", "l1", b=8, s=2048, packed=True)
add("p6", "q3_06", b=4, s=4096, packed=True, gc=True)
add("p6", "q3_4", b=4, s=4096, packed=True, gc=True, est=35)
add("p6", "l1", b=4, s=2048, torch_compile=True, est=90)
add("p6", "l1", b=4, s=2048, torch_compile=True, gc=True, est=90)
add("p6", "q3_06", b=4, s=2048, torch_compile=True, est=90)
add("p6", "l1", b=4, s=4096, load="fp32", gc=True, fsdp="full_shard", est=60)
add("p6", "l3", b=4, s=4096, load="fp32", gc=True, fsdp="full_shard", est=90)
add("p6", "l3", b=4, s=4096, load="fp32", gc=True, est=60)
# ---- p7: a padding mask (the last 64 tokens of every sample padded) and padding-free without checkpointing ----
add("p7", "l1", b=4, s=4096, padded=64)
add("p7", "l1", b=4, s=4096)
add("p7", "q3_06", b=4, s=4096, padded=64)
add("p7", "q3_06", b=4, s=4096)
add("p7", "q3_06", b=8, s=2048, packed=True)
add("p7", "l3", b=2, s=4096, padded=64, gc=True)
add("p7", "q3_4", b=2, s=4096, padded=64, est=30)
# ---- p8: checkpointed layer inputs offloaded to host memory (LLaMA-Factory use_unsloth_gc,
# axolotl activation_offloading), beside p5's plain checkpointing at the same shapes ----
add("p8", "l1", b=1, s=16384, gc=True, ckpt_offload=True)
add("p8", "l1", b=1, s=32768, gc=True, ckpt_offload=True, est=30)
add("p8", "q3_06", b=1, s=32768, gc=True, ckpt_offload=True, est=30)
add("p8", "q3_4", b=1, s=16384, gc=True, ckpt_offload=True, est=30)
add("p8", "l3", b=2, s=8192, gc=True, ckpt_offload=True, est=30)
add("p8", "l3", b=2, s=8192, gc=True, est=30)
add("p8", "l3", b=4, s=8192, gc=True, ckpt_offload=True, lora=(16, ALL), est=30)
add("p8", "l3", b=4, s=8192, gc=True, lora=(16, ALL), est=30)
# ---- p9: one or two runs per architecture of 2024-2026 not measured before ----
ATTN = ["q_proj", "k_proj", "v_proj", "o_proj"]
add("p9", "phi4mini", b=2, s=2048, gc=True, est=40)
add("p9", "phi4mini", b=4, s=2048, est=40)
add("p9", "smollm3", b=2, s=4096, gc=True, est=40)
add("p9", "olmo2", b=4, s=2048, gc=True, lora=(16, ALL), est=40)
add("p9", "glm4", b=2, s=2048, gc=True, lora=(16, ["q_proj", "k_proj", "v_proj", "o_proj", "gate_up_proj", "down_proj"]), est=45)
add("p9", "granite", b=2, s=4096, gc=True, lora=(16, ALL), est=45)
add("p9", "gptoss", b=1, s=2048, gc=True, attn="eager", lora=(16, ATTN), est=60)
add("p9", "dsv3_2l", b=1, s=2048, lora=(16, ["q_a_proj", "q_b_proj", "kv_a_proj_with_mqa", "kv_b_proj", "o_proj"]), est=60)
add("p9", "phimoe4l", b=2, s=2048, lora=(16, ATTN), est=45)
# ---- p10: vision-language architectures not measured before: Gemma 3 (SigLIP at 896 pooled to 256
# tokens) and Qwen3-VL (patch 16, deepstack) ----
add("p10", "g3vl4", b=1, s=2048, img=896, gc=True, est=50)
add("p10", "g3vl4", b=2, s=2048, img=896, gc=True, freeze=["vision"], est=50)
add("p10", "g3vl4", b=2, s=1024, img=896, est=50)
add("p10", "q3vl2", b=2, s=4096, img=896, est=40)
add("p10", "q3vl2", b=2, s=4096, img=896, gc=True, freeze=["vision"], est=40)
add("p10", "q3vl2", b=1, s=4096, img=1344, gc=True, est=40)
# ---- p11: older and other decoders the catalog reads (gpt2, bloom, falcon, phi, stablelm, starcoder2, olmo,
# opt, glm4_moe cut to 3 layers) ----
add("p11", "gpt2", b=8, s=1024, est=30)
add("p11", "bloom", b=8, s=2048, gc=True, attn="eager", est=30)
add("p11", "falcon", b=2, s=2048, gc=True, lora=(16, ["query_key_value", "dense"]), est=45)
add("p11", "phi2", b=4, s=2048, gc=True, est=40)
add("p11", "stablelm", b=4, s=4096, gc=True, est=40)
add("p11", "sc2", b=1, s=4096, gc=True, lora=(16, ["q_proj", "k_proj", "v_proj", "o_proj"]), est=50)
add("p11", "olmo1", b=4, s=2048, est=30)
add("p11", "opt", b=4, s=2048, gc=True, est=30)
add("p11", "glm45", b=1, s=2048, lora=(16, ["q_proj", "k_proj", "v_proj", "o_proj"]), est=50)

# ---- p12: LLaVA-NeXT and OneVision (anyres grids), InternVL (tiles, pixel shuffle), Mllama (cross-attention),
# Mistral 3 (Pixtral), Idefics3 and SmolVLM (tiles, pixel shuffle); one image per sample, its size (width, height)
# picked so the processor cuts it: 640×480 is 4 crops + base for both anyres models (2340 and 2929 tokens),
# 896×448 is 2 InternVL tiles + thumbnail (768), 1120×1120 fills Mllama's 4 tiles, 896×672 is 24×32 merged
# Pixtral patches + 24 break tokens (792), 768×768 is 16 tiles + the global image (17 × 81 = 1377 for SmolVLM,
# 17 × 169 = 2873 for Idefics3-8B). calibrate/measure.py --image-tokens prints these counts. The full
# fine-tunes train the tower in one case and freeze it in the other where the type has two. ----
LORA_ALL = (16, ALL)
add("p12", "llavanext7", b=1, s=4096, img=(640, 480), gc=True, freeze=["vision"], est=60)
add("p12", "llavanext7", b=1, s=4096, img=(640, 480), lora=LORA_ALL, est=50)
add("p12", "ov05", b=2, s=4096, img=(640, 480), est=40)
add("p12", "ov7", b=2, s=4096, img=(640, 480), gc=True, lora=LORA_ALL, est=60)
add("p12", "ivl3_8", b=1, s=4096, img=(896, 448), gc=True, freeze=["vision"], est=60)
add("p12", "ivl3_8", b=2, s=4096, img=(896, 448), gc=True, lora=LORA_ALL, est=50)
add("p12", "mllama11", b=1, s=2048, img=1120, gc=True, freeze=["vision"], est=80)
add("p12", "mllama11", b=1, s=2048, img=1120, lora=(16, QV), est=60)
add("p12", "ms31_8l", b=1, s=4096, img=(896, 672), gc=True, est=50)
add("p12", "ms31_8l", b=2, s=4096, img=(896, 672), lora=LORA_ALL, est=50)
add("p12", "smolvlm", b=2, s=2048, img=768, freeze=["vision"], est=40)
add("p12", "idefics3_8", b=1, s=4096, img=768, gc=True, lora=LORA_ALL, est=60)
add("p12", "smolvlm2", b=2, s=2048, img=768, gc=True, est=40)
add("p12", "smolvlm2", b=4, s=2048, img=768, lora=LORA_ALL, est=40)
# ---- p12smoke: the same images on the 2-layer cuts, short text: every input path of p12 in seconds ----
add("p12smoke", "llavanext7_2l", b=1, s=2560, img=(640, 480), gc=True, freeze=["vision"], est=15)
add("p12smoke", "ov05_2l", b=2, s=3072, img=(640, 480), est=15)
add("p12smoke", "ivl3_8_2l", b=2, s=1024, img=(896, 448), lora=LORA_ALL, est=15)
add("p12smoke", "mllama11_2l", b=1, s=256, img=1120, gc=True, freeze=["vision"], est=15)
add("p12smoke", "ms31_2l", b=2, s=1024, img=(896, 672), lora=LORA_ALL, est=15)
add("p12smoke", "smolvlm_2l", b=2, s=1536, img=768, est=15)
add("p12smoke", "smolvlm2_2l", b=1, s=1536, img=768, gc=True, lora=LORA_ALL, est=15)

# ---- p13: the decoder architectures added to the catalog on 2026-12-03, first measurement: gpt_neox (Pythia),
# gpt_bigcode (StarCoder 1, cut to 10 of 40 layers), falcon's new_decoder_architecture (Falcon-40B, 6 of 60) ----
add("p13", "pythia14", b=4, s=2048, est=30)
add("p13", "pythia69", b=1, s=2048, gc=True, est=50)
add("p13", "pythia69", b=2, s=2048, lora=(16, ["query_key_value", "dense"]), est=40)
add("p13", "sc1_10l", b=1, s=4096, gc=True, est=50)
add("p13", "sc1_10l", b=2, s=2048, lora=(16, ["c_attn", "c_proj"]), est=40)
add("p13", "falcon40_6l", b=1, s=2048, gc=True, est=50)
add("p13", "falcon40_6l", b=2, s=2048, lora=(16, ["query_key_value", "dense"]), est=40)

# ---- p14: decoder types the catalog reads and had never measured: gemma (GeGLU, one key/value head on 2B),
# gemma2 (logit soft-capping, four norms per layer; eager is what its docs recommend for training, sdpa measured
# too), mixtral (8 experts, top 2) and qwen2_moe (60 experts, top 4, a gated shared expert) ----
ATTN = ["q_proj", "k_proj", "v_proj", "o_proj"]
add("p14", "gemma2_2", b=4, s=2048, attn="eager", est=40)
add("p14", "gemma2_2", b=2, s=4096, gc=True, est=40)
add("p14", "gemma2_9", b=2, s=4096, gc=True, lora=LORA_ALL, est=50)
add("p14", "gemma2_9", b=1, s=2048, attn="eager", lora=(16, QV), est=50)
add("p14", "gemma2b", b=4, s=2048, gc=True, est=40)
add("p14", "gemma2b", b=4, s=2048, lora=LORA_ALL, est=40)
add("p14", "mixtral4l", b=2, s=2048, gc=True, est=50)
add("p14", "mixtral4l", b=4, s=2048, lora=(16, ATTN), est=50)
add("p14", "q15moe", b=2, s=2048, gc=True, lora=(16, ATTN), est=60)
add("p14", "q15moe6l", b=2, s=2048, est=50)

# ---- p14tip: Gemma-2B full with checkpointing around 2,048 tokens, where the allocator replay flips between
# keeping the 7.8 GiB fp32 logits block cached and reusing it: does the real allocator flip too? ----
for seq in (1984, 2028, 2068, 2112):
    add("p14tip", "gemma2b", b=4, s=seq, gc=True, est=15)

# ---- p15: Llama 4 Scout's decoder, first measurement (the catalog reads llama4 and llama4_text) ----
add("p15", "l4s4l", b=2, s=4096, gc=True, lora=(16, ATTN), est=60)
add("p15", "l4s4l", b=1, s=4096, lora=(16, ATTN), est=60)
add("p15", "l4s2l", b=1, s=2048, gc=True, est=60)

# ---- p16: the doge architecture (dynamic mask attention, residual scales), first measurement, at the shape of
# SmallDoge's Doge-260M recipe (adamw_torch_fused, bf16, no checkpointing), weights loaded in fp32 and in bf16 ----
add("p16", "doge260", b=8, s=2048, load="fp32", optim="adamw_torch_fused", est=30)
add("p16", "doge260", b=8, s=2048, optim="adamw_torch_fused", est=30)
add("p16", "doge260", b=8, s=2048, gc=True, est=30)

# ---- p17: PaliGemma (256 image tokens first, a prefix attended both ways in training), first measurement ----
add("p17", "pali224", b=8, s=512, img=224, gc=True, est=40)
add("p17", "pali224", b=8, s=1024, img=224, lora=LORA_ALL, est=40)
add("p17", "pali224", b=4, s=1024, img=224, freeze=["vision"], est=40)

# ---- p18: QLoRA after PEFT's prepare_model_for_kbit_training (LLaVA, FastChat, Firefly, open-instruct, artidoro/qlora
# call it): a stand-in for bitsandbytes' Linear4bit (measure.py emulate_bnb_4bit, no bitsandbytes on the machine),
# the other weights cast to fp32. Bias-free decoders only (the stand-in has no bias).
add("p18", "l8", b=2, s=1024, lora=(16, ALL), quant="nf4", kbit_prep=True, gc=True, est=60)
add("p18", "l8", b=2, s=1024, lora=(16, ALL), quant="nf4", kbit_prep=True, est=60)
add("p18", "m7", b=4, s=2048, lora=(64, ALL), quant="nf4", kbit_prep=True, gc=True, est=60)
add("p18", "l3", b=4, s=1024, lora=(16, ALL), quant="nf4", kbit_prep=True, gc=True, est=40)
add("p18", "l3", b=4, s=1024, lora=(16, ALL), quant="nf4", kbit_prep=True, est=40)
add("p18", "l3", b=4, s=1024, lora=(16, QV), quant="nf4", kbit_prep=True, gc=True, prec="fp16", est=40)
add("p18", "l1", b=4, s=2048, lora=(16, ALL), quant="nf4", kbit_prep=True, est=40)
add("p18", "q3_4", b=4, s=1024, lora=(16, ALL), quant="nf4", kbit_prep=True, gc=True, est=40)
add("p18", "q3_06", b=8, s=1024, lora=(16, ALL), quant="nf4", kbit_prep=True, est=40)
# QLoRA without it (TRL 1.9's SFTTrainer no longer calls it): the other weights stay bf16.
add("p18", "l8", b=2, s=1024, lora=(16, ALL), quant="nf4", gc=True, est=60)
add("p18", "l3", b=4, s=1024, lora=(16, ALL), quant="nf4", est=40)
add("p18", "q3_06", b=8, s=1024, lora=(16, ALL), quant="nf4", est=40)

# ---- p19: LoRA with lora_dropout 0.05 (the default of ms-swift, LLaVA, FastChat and TRL's ModelConfig): each adapter
# runs nn.Dropout over its own input, which keeps the mask and hands lora_A a new tensor.
add("p19", "l3", b=4, s=1024, lora=(16, ALL), dropout=0.05, est=40)
add("p19", "l3", b=4, s=1024, lora=(16, ALL), dropout=0.05, gc=True, est=40)
add("p19", "q3_06", b=8, s=1024, lora=(16, ALL), dropout=0.05, est=40)
add("p19", "l1", b=4, s=2048, lora=(16, QV), dropout=0.05, est=40)
add("p19", "l3", b=4, s=1024, lora=(16, ALL), dropout=0.05, load="fp32", est=40)
add("p19", "l3", b=4, s=1024, lora=(16, ALL), dropout=0.05, quant="nf4", est=40)
add("p19", "l3", b=4, s=1024, lora=(16, ALL), dropout=0.05, quant="nf4", kbit_prep=True, est=40)
add("p19", "q3_06", b=8, s=1024, lora=(16, ALL), dropout=0.05, quant="nf4", kbit_prep=True, est=40)

# ---- p20: hybrid Gated DeltaNet decoders (Qwen3.5, Qwen3-Next) with flash-linear-attention's chunked kernel; the
# causal-conv1d CUDA package is not on the machine, so the depthwise convolution is transformers' torch path
add("p20", "q35_8l", b=2, s=2048, est=60)
add("p20", "q35_8l", b=4, s=4096, gc=True, est=60)
add("p20", "q35s", b=4, s=2048, est=40)
add("p20", "q35s", b=8, s=4096, gc=True, est=40)
add("p20", "q35s", b=4, s=4096, lora=(16, ALL), est=40)
add("p20", "q35_9b", b=2, s=4096, lora=(16, ALL), gc=True, est=60)
add("p20", "q35_9b", b=1, s=2048, lora=(16, ALL), est=60)
add("p20", "qnext4l", b=2, s=2048, est=50)
add("p20", "qnext4l", b=4, s=4096, gc=True, est=50)

# ---- p21: Seed-OSS (seed_oss: q/k/v with biases, o_proj and the MLP without, head_dim of its own), added to the
# catalog without a measured run; cut to 4 of 64 layers, full and LoRA, with and without checkpointing
add("p21", "seedoss4l", b=2, s=2048, est=40)
add("p21", "seedoss4l", b=4, s=4096, gc=True, est=40)
add("p21", "seedoss4l", b=4, s=2048, lora=(16, ALL), est=40)

# ---- fsdp: two GPUs (torchrun --nproc_per_node 2), transformer-layer auto-wrap ----------------
add("fsdp", "l3", b=2, s=1024, load="fp32", fsdp="full_shard", world=2, est=60)
add("fsdp", "l3", b=2, s=1024, load="fp32", fsdp="shard_grad_op", world=2, est=60)
add("fsdp", "l1", b=4, s=1024, load="fp32", fsdp="full_shard", world=2, est=50)
add("fsdp", "l8", b=1, s=1024, gc=True, fsdp="full_shard", world=2, est=120)
add("fsdp", "q15", b=4, s=1024, fsdp="shard_grad_op", world=2, est=50)
add("fsdp", "l8", b=1, s=1024, gc=True, load="fp32", fsdp="full_shard", world=2, est=150)
# plain DDP (no FSDP) for comparison
add("fsdp", "l1", b=4, s=1024, world=2, est=40)

ids = [e["id"] for e in entries]
dups = {i for i in ids if ids.count(i) > 1}
if dups:
    raise SystemExit(f"duplicate ids: {sorted(dups)}")

with open(os.path.join(HERE, "cases.json"), "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(e) for e in entries) + "\n]\n")
groups = {}
for e in entries:
    groups[e["group"]] = groups.get(e["group"], 0) + 1
print(f"wrote {len(entries)} cases: {groups}; est seconds per group:",
      {g: sum(e['est_s'] for e in entries if e['group'] == g) for g in groups})
