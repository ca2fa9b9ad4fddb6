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

// The variables through which the CDK CLI hands the app its context: JSON
// in CDK_CONTEXT_JSON, and a file named by CONTEXT_OVERFLOW_LOCATION_ENV
// when the context is too large for the environment.
const (
	contextEnv         = "CDK_CONTEXT_JSON"
	contextOverflowEnv = "CONTEXT_OVERFLOW_LOCATION_ENV"
	outdirEnv          = "CDK_OUTDIR"
)

// UnderCLI reports whether the CDK CLI started the app (it then passes the
// context and the output folder itself).
func UnderCLI() bool {
	return os.Getenv(contextEnv) != "" || os.Getenv(contextOverflowEnv) != "" || os.Getenv(outdirEnv) != ""
}

// LoadContext is the context the app will see, read as the CDK's App reads
// it (from the CLI's environment), or from cdkJSON when the app runs on its
// own. Reading it in Go first lets the app refuse bad settings before the
// CDK (and Node.js) starts.
func LoadContext(cdkJSON string) (map[string]any, error) {
	if !UnderCLI() {
		return FileContext(cdkJSON)
	}
	ctx := map[string]any{}
	if raw := os.Getenv(contextEnv); raw != "" {
		if err := json.Unmarshal([]byte(raw), &ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", contextEnv, err)
		}
	}
	if file := os.Getenv(contextOverflowEnv); file != "" {
		raw, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		extra := map[string]any{}
		if err := json.Unmarshal(raw, &extra); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for k, v := range extra {
			ctx[k] = v
		}
	}
	return ctx, nil
}
