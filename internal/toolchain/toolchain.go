// Package toolchain points jsii at the project's pinned Node.js, so the CDK
// runs on the Node version the project was tested with (installed by
// `npm ci --prefix .toolchain`), however the app or its tests are started.
package toolchain

import (
	"os"
	"path/filepath"
)

// NodePath is where the pinned Node.js binary lives, relative to the project root.
var NodePath = filepath.Join(".toolchain", "node_modules", ".bin", "node")

// UsePinnedNode sets JSII_NODE to the pinned Node.js found in the working
// directory or one of its parents, unless JSII_NODE is already set, and puts
// its folder first on PATH for the Node processes the CDK itself starts.
// Without a pinned Node it changes nothing and jsii uses `node` from PATH.
func UsePinnedNode() {
	if os.Getenv("JSII_NODE") != "" {
		return
	}
	node := FindPinnedNode()
	if node == "" {
		return
	}
	os.Setenv("JSII_NODE", node)
	os.Setenv("PATH", filepath.Dir(node)+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// FindPinnedNode returns the absolute path of the pinned Node.js, searching
// the working directory and its parents, or "" when there is none.
func FindPinnedNode() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		candidate := filepath.Join(dir, NodePath)
		if info, err := os.Stat(candidate); err == nil && !info.IsDir() {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
