package config

import (
	"encoding/json"
	"fmt"
	"os"
)

// FileContext reads the "context" object of a cdk.json file: what the CDK
// CLI hands the app. The app reads it itself when it is run without the CLI
// (`go run .`), so both ways synthesize the same template.
func FileContext(path string) (map[string]any, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if file.Context == nil {
		file.Context = map[string]any{}
	}
	return file.Context, nil
}
