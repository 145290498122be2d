package catalog

import "testing"

// TestNotModelled finds the listed models by id, alias, bare name and folder, and nothing else; no name in the
// list is a catalog model too, where the lookup would never reach it.
func TestNotModelled(t *testing.T) {
	for name, want := range map[string]string{
		"ai21labs/Jamba-v0.1":                   "ai21labs/Jamba-v0.1",
		"AI21LABS/jamba-v0.1":                   "ai21labs/Jamba-v0.1",
		"Qwen/Qwen3.6-27B":                      "Qwen/Qwen3-Next-80B-A3B-Instruct",
		"/models/Kimi-Linear-48B-A3B-Instruct/": "moonshotai/Kimi-Linear-48B-A3B-Instruct",
		"./pretrained/InternVL-Chat-V1-2-Plus":  "OpenGVLab/InternVL-Chat-V1-2-Plus",
		"Salesforce/blip2-flan-t5-xxl":          "Salesforce/blip2-opt-2.7b",
		"/ckpt/gpt-j-6b":                        "EleutherAI/gpt-j-6b",
		"/data/nfs/llm/model/chatglm-6b":        "THUDM/chatglm-6b",
		"THUDM/chatglm2-6b":                     "",
		"internlm-7b":                           "internlm/internlm-7b",
		"internlm/internlm2-7b":                 "",
		"bigcode/starcoderbase-1b":              "bigcode/starcoderbase-7b",
		"rhymes-ai/Aria-Base-8K":                "rhymes-ai/Aria-Base-8K",
		"bigcode/starcoder2-15b":                "",
		"Qwen/Qwen3-8B":                         "",
		"acme/Jamba-v0.1-but-not":               "",
		"meta-llama/Llama-3.1-8B":               "",
		"":                                      "",
	} {
		u, ok := NotModelled(name)
		if got := u.ID; ok != (want != "") || got != want {
			t.Errorf("NotModelled(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, u := range unmodelled() {
		for _, k := range append([]string{u.ID}, u.Aliases...) {
			if m, err := Builtin().Model(k); err == nil {
				t.Errorf("%s is listed as not modelled, but the catalog has it as %s", k, m.ID)
			}
		}
	}
}

// TestParseUnmodelledRejects an entry without its reason or with an unknown key.
func TestParseUnmodelledRejects(t *testing.T) {
	for _, data := range []string{"- id: a/b\n", "- id: a/b\n  why: x\n  reason: y\n", "- why: x\n"} {
		if _, err := parseUnmodelled([]byte(data)); err == nil {
			t.Errorf("%q parsed", data)
		}
	}
}
