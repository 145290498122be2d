package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

func TestManifest(t *testing.T) {
	dir := t.TempDir()
	src := "local_path\tsource_repo\tsource_path\tcommit\tlicense_of_repo\tformat\n" +
		"a/ds.json\to/r\tds.json\tabc\tMIT\tdeepspeed-json\r\n" +
		"short\trow\n" +
		"b/run.sh\to/r\trun.sh\tabc\tMIT\tlaunch-script\t8 x H200\n"
	if err := os.WriteFile(filepath.Join(dir, "MANIFEST.tsv"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Manifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Rel != "a/ds.json" || files[0].Format != "deepspeed-json" || files[1].Path != filepath.Join(dir, "b/run.sh") ||
		files[0].Hardware != "" || files[1].Hardware != "8 x H200" {
		t.Errorf("files = %+v", files)
	}
	if _, err := Manifest(filepath.Join(dir, "absent")); err == nil {
		t.Error("no error for a missing corpus")
	}
}
