// Package catalog knows the hardware and the models trainlint estimates for: GPUs by the names their drivers
// print, and model architectures exact enough to count parameters to the unit and to size activations.
//
// Both catalogs are YAML files embedded in the binary (gpus.yaml, models.yaml), parsed once on first use, so
// users can read them and copy an entry into their project file to add or correct one (Catalog.With). A model
// that is not in the catalog can be read from its Hugging Face config.json (LoadHFConfig): the model_types whose
// layout is known (archs.go, layout.go: module names and shapes as transformers 5.x builds them, or as the remote
// code of Qwen, ChatGLM and Baichuan does), else, from the keys every decoder config shares, a generic
// Llama-style decoder, which Model.Assumptions then says. unmodelled.yaml lists the models people fine-tune that
// the catalog deliberately leaves out (hybrids with state-space layers, checkpoints without a verified config.json or
// total, audio models), with why,
// so a job naming one is told the reason (NotModelled).
//
// Parameter counts are computed from the architecture, never stored; every builtin model is tested against the
// total its publisher states, so the same formulas can be trusted for models read from a config.json.
package catalog
