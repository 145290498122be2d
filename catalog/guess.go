package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Guess is a catalog model chosen from the words of a name that no id, alias or variant rule matches: a family
// word and a size, as in the folder /model/yahma_llama_7b or ./checkpoints/llama-2-13b-sft.
type Guess struct {
	Model  Model
	Family string // the family as the catalog's names spell it: "llama-2"
	Size   string // the size word as the name spells it: "13b", "7b1"
}

// sizeWord is a model size as hub names write it: 7b, 1.8b, 560m, and BLOOM's 7b1 (7.1 billion).
var sizeWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[bm]$|^[0-9]+b[0-9]$`) })

// visionWords mark a vision-language checkpoint built on a text model (videollama3_qwen2.5_7b,
// llavaqwen-1.8b-finetune, mplug-owl2-llama2-7b): the text model's size is in the name, but the checkpoint adds a
// vision tower and projector the text entry does not count, so such a name is not guessed from.
// A word counts when it starts with one of these; the family's own words (qwen2-vl) do not count.
var visionWords = []string{"llava", "video", "vision", "visual", "vl", "internvl", "owl", "blip", "flamingo", "share4v", "minigpt"}

// quantWords mark a checkpoint stored quantized (Qwen/Qwen-7B-Chat-Int4 is GPTQ, TheBloke's -AWQ and -GPTQ
// uploads): its weights take less memory than the catalog entry's 16-bit ones, so such a name is not guessed from.
var quantWords = []string{"int4", "int8", "gptq", "awq", "gguf", "4bit", "8bit", "fp8", "nf4"}

// words splits a name into lower-case words at every character that is not a letter, a digit or a dot.
func words(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.')
	})
}

// families returns each family the catalog's names spell before their size ("llama-2" from llama-2-7b, "qwen2.5"
// from Qwen/Qwen2.5-7B), with the models whose names start family-size: key "llama-2-7b".
func (c *Catalog) families() (fams map[string]bool, exact, prefix map[string]map[string]bool) {
	fams = map[string]bool{}
	exact, prefix = map[string]map[string]bool{}, map[string]map[string]bool{}
	add := func(m map[string]map[string]bool, k, id string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][id] = true
	}
	for _, cm := range c.modelList() {
		for _, n := range append([]string{cm.ID}, cm.Aliases...) {
			key, q := variantKey(n)
			if q {
				continue
			}
			ws := strings.Split(key, "-")
			for i, w := range ws {
				if i == 0 || !sizeWord().MatchString(w) {
					continue
				}
				fam := strings.Join(ws[:i], "-")
				fams[fam] = true
				fs := fam + "-" + w
				if i == len(ws)-1 {
					add(exact, fs, cm.ID)
				}
				add(prefix, fs, cm.ID)
				break
			}
		}
	}
	return fams, exact, prefix
}

// GuessFamilySize finds the one catalog model a name's family and size words name: the word or two (three at
// most) just before the name's only size word must spell a catalog family, and family-size must name one model,
// exactly (llama-2-13b) or as the start of one model's names alone (qwen2.5-7b). ok is false when no family word
// is found; why then says why a name that has one names no model (no size, several sizes, a vision-language
// checkpoint, no model or several models of that family and size).
func (c *Catalog) GuessFamilySize(name string) (g Guess, why string, ok bool) {
	ws := words(name)
	fams, exact, prefix := c.families()
	var sizes []int
	seen := map[string]bool{}
	for i, w := range ws {
		if sizeWord().MatchString(w) && i > 0 {
			sizes = append(sizes, i)
			seen[w] = true
		}
	}
	family := func(end int) string {
		for n := min(3, end); n >= 1; n-- {
			if f := strings.Join(ws[end-n:end], "-"); fams[f] {
				return f
			}
		}
		return ""
	}
	if len(sizes) == 0 {
		for i := len(ws); i > 0; i-- {
			if f := family(i); f != "" {
				return g, fmt.Sprintf("%q names the family %q but no size", name, f), false
			}
		}
		return g, "", false
	}
	if len(seen) > 1 {
		return g, fmt.Sprintf("%q names several sizes", name), false
	}
	at := sizes[0]
	fam := family(at)
	if fam == "" {
		return g, "", false
	}
	famWords := map[string]bool{}
	for _, w := range strings.Split(fam, "-") {
		famWords[w] = true
	}
	for _, w := range ws {
		for _, v := range visionWords {
			if strings.HasPrefix(w, v) && !famWords[w] {
				return g, fmt.Sprintf("%q names the family %q and the size %q, but %q marks a vision-language checkpoint, which the text model's entry does not count", name, fam, ws[at], w), false
			}
		}
	}
	for _, w := range ws {
		for _, q := range quantWords {
			if strings.Contains(w, q) {
				return g, fmt.Sprintf("%q names the family %q and the size %q, but %q marks a quantized checkpoint, whose weights the catalog's 16-bit entry does not size", name, fam, ws[at], w), false
			}
		}
	}
	key := fam + "-" + ws[at]
	ids := exact[key]
	if len(ids) != 1 {
		ids = prefix[key]
	}
	switch len(ids) {
	case 0:
		return g, fmt.Sprintf("%q names the family %q and the size %q, and the catalog has no %s", name, fam, ws[at], key), false
	case 1:
	default:
		var list []string
		for id := range ids {
			list = append(list, id)
		}
		sort.Strings(list)
		return g, fmt.Sprintf("%q names the family %q and the size %q, which several catalog models share: %s", name, fam, ws[at], strings.Join(list, ", ")), false
	}
	for id := range ids {
		m, err := c.Model(id)
		if err != nil {
			return g, "", false
		}
		g = Guess{Model: m, Family: fam, Size: ws[at]}
	}
	return g, "", true
}
