// Package schema holds the JSON Schemas (draft 2020-12) of every document
// kind hwqual writes, one directory per schema version, and validates a
// document against the schema its own schema_version and kind name. Tests
// use it on every document the suite produces; the binary does not link it.
package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed v2/*.schema.json
var files embed.FS

// base is the $id prefix every schema file declares.
const base = "https://hwqual.dev/schema/"

var (
	once     sync.Once
	compiled map[string]*jsonschema.Schema // "v2/qualification" -> schema
	loadErr  error
)

func load() {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	names, err := fs.Glob(files, "v*/*.schema.json")
	if err != nil {
		loadErr = err
		return
	}
	for _, name := range names {
		b, _ := files.ReadFile(name)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			loadErr = fmt.Errorf("schema %s: %w", name, err)
			return
		}
		if err := c.AddResource(base+name, doc); err != nil {
			loadErr = fmt.Errorf("schema %s: %w", name, err)
			return
		}
	}
	compiled = map[string]*jsonschema.Schema{}
	for _, name := range names {
		s, err := c.Compile(base + name)
		if err != nil {
			loadErr = fmt.Errorf("schema %s: %w", name, err)
			return
		}
		compiled[name[:len(name)-len(".schema.json")]] = s
	}
}

// Kinds lists the schemas present as "v2/qualification", ….
func Kinds() ([]string, error) {
	once.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	var out []string
	for k := range compiled {
		out = append(out, k)
	}
	return out, nil
}

// Validate checks a JSON document against the schema of its schema_version
// and kind.
func Validate(data []byte) error {
	once.Do(load)
	if loadErr != nil {
		return loadErr
	}
	var h struct {
		SchemaVersion int    `json:"schema_version"`
		Kind          string `json:"kind"`
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	key := fmt.Sprintf("v%d/%s", h.SchemaVersion, h.Kind)
	s, ok := compiled[key]
	if !ok {
		return fmt.Errorf("no schema for schema_version %d kind %q", h.SchemaVersion, h.Kind)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := s.Validate(inst); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}
