// Command settings writes the README's configuration table from the app's
// settings registry (config.Settings). Run it from the repository root
// after adding or changing a setting: `go run ./cmd/settings`. With -check
// it changes nothing and exits 1 when the README is out of date.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/privatefolders/privatefolders/config"
)

func main() {
	checkOnly := flag.Bool("check", false, "exit 1 if README.md differs from the registry, without writing it")
	file := flag.String("readme", "README.md", "the README to update")
	flag.Parse()
	raw, err := os.ReadFile(*file)
	if err != nil {
		fail(err)
	}
	updated, err := config.WithTable(string(raw))
	if err != nil {
		fail(fmt.Errorf("%s: %w", *file, err))
	}
	switch {
	case updated == string(raw):
		fmt.Println(*file + ": the configuration table is up to date")
	case *checkOnly:
		fail(fmt.Errorf("%s: the configuration table differs from config/settings.go; run go run ./cmd/settings", *file))
	default:
		if err := os.WriteFile(*file, []byte(updated), 0o644); err != nil {
			fail(err)
		}
		fmt.Println(*file + ": configuration table written from config/settings.go")
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "settings:", err)
	os.Exit(1)
}
