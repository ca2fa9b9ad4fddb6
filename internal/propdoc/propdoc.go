// Package propdoc holds a part's prop docs to its exported rule values. A
// construct library documents each prop's default on the prop (the CDK
// way); the part also exports the default and range as a value (such as
// auth.PasswordMinLengthRule) that it applies and generated docs read.
// Check fails a test when the two disagree, so the prose cannot drift from
// what New enforces.
package propdoc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/privatefolders/privatefolders/check"
)

// T is the part of testing.TB that Check uses.
type T interface {
	Helper()
	Errorf(format string, args ...any)
}

// Check reads the Go files of the package in dir and fails t unless the doc
// of each field of typeName named in rules states the rule's default (after
// "Default:") and, for a range, its bounds ("5 to 1440"); it also fails
// when the package exports a rule "<Field>Rule" for a field missing from
// rules, so a new rule is not left unchecked.
func Check(t T, dir, typeName string, rules map[string]check.Rule) {
	t.Helper()
	docs, exported := read(dir, typeName)
	if docs == nil {
		t.Errorf("propdoc: no struct %s in %s", typeName, dir)
		return
	}
	for field, rule := range rules {
		doc, ok := docs[field]
		if !ok {
			t.Errorf("propdoc: %s has no field %s", typeName, field)
			continue
		}
		for _, want := range statements(rule) {
			if !strings.Contains(doc, want) {
				t.Errorf("propdoc: the doc of %s.%s does not say %q (its rule's value); doc: %s", typeName, field, want, doc)
			}
		}
	}
	for _, name := range exported {
		field := strings.TrimSuffix(name, "Rule")
		if _, isField := docs[field]; isField && rules[field] == nil {
			t.Errorf("propdoc: %s is a rule of %s.%s; add it to the checked rules", name, typeName, field)
		}
	}
}

// statements are the texts a doc must hold for rule.
func statements(rule check.Rule) []string {
	switch r := rule.(type) {
	case check.Whole:
		bounds := fmt.Sprintf("%s to %s", plain(r.Min), plain(r.Max))
		if r.Unset != "" {
			return []string{bounds}
		}
		return []string{bounds, "Default: " + plain(r.Default)}
	case check.Choice:
		return []string{`Default: "` + r.Default + `"`}
	case check.Flag:
		return []string{fmt.Sprintf("Default: %t", r.Default)}
	case check.Text:
		if r.Unset != "" {
			return []string{"Default: "} // a behaviour, worded freely
		}
		return []string{`Default: "` + r.Default + `"`}
	}
	return nil
}

// plain renders a whole number as docs write it: 2000000000 as 2,000,000,000
// when it has more than six digits, else plainly.
func plain(f float64) string {
	s := fmt.Sprintf("%.0f", f)
	if len(s) <= 6 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// read returns the docs of typeName's fields (one line each) and the names
// of the package's exported variables ending in "Rule".
func read(dir, typeName string) (map[string]string, []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil
	}
	fset := token.NewFileSet()
	var docs map[string]string
	var exported []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			return nil, nil
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.TypeSpec:
				if st, ok := x.Type.(*ast.StructType); ok && x.Name.Name == typeName {
					docs = fieldDocs(st)
				}
			case *ast.ValueSpec:
				for _, name := range x.Names {
					if name.IsExported() && strings.HasSuffix(name.Name, "Rule") {
						exported = append(exported, name.Name)
					}
				}
			}
			return true
		})
	}
	return docs, exported
}

func fieldDocs(st *ast.StructType) map[string]string {
	docs := map[string]string{}
	for _, f := range st.Fields.List {
		for _, name := range f.Names {
			docs[name.Name] = strings.Join(strings.Fields(f.Doc.Text()), " ")
		}
	}
	return docs
}
