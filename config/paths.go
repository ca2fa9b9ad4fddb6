package config

import (
	"reflect"
	"strings"
)

// Prop is the path of the prop the setting fills, inside folders.Props
// ("Storage.BucketName"), as the props' problems name it; "" for the app's
// own settings (stack name, environment, web folder). It is read from the
// setting's accessor, so it cannot drift from where the value goes.
func (s Setting) Prop() string {
	full := propPath(s.Value)
	const under = "Props.Folders."
	if !strings.HasPrefix(full, under) {
		return ""
	}
	return strings.TrimPrefix(full, under)
}

// settingByProp maps each setting's prop path to its key.
var settingByProp = func() map[string]string {
	m := map[string]string{}
	for _, s := range Settings {
		if p := s.Prop(); p != "" {
			m[p] = s.Key
		}
	}
	return m
}()

// KeyOf names a prop of folders.Props ("Storage.BucketName",
// "Auth.Google.ClientId") by the context key that sets it ("dataBucketName",
// "google.clientId"); a prop no key sets keeps its name.
func KeyOf(prop string) string {
	best := ""
	for p := range settingByProp {
		if (prop == p || strings.HasPrefix(prop, p+".")) && len(p) > len(best) {
			best = p
		}
	}
	if best == "" {
		return prop
	}
	key := settingByProp[best]
	for _, part := range strings.Split(strings.TrimPrefix(prop, best), ".")[1:] {
		key += "." + lowerFirst(part)
	}
	return key
}

// propPath finds where v's accessor points in a fresh App, as the field
// names leading there ("Props.Folders.Auth.Mfa").
func propPath(v Value) string {
	a := newApp()
	target := reflect.ValueOf(v.field(a))
	path, _ := find(reflect.ValueOf(a).Elem(), target, "")
	return path
}

// find searches the struct sv, and the structs its pointers lead to, for
// the field target points at. Types are compared too: a struct and its
// first field share an address.
func find(sv reflect.Value, target reflect.Value, prefix string) (string, bool) {
	for i := 0; i < sv.NumField(); i++ {
		f, name := sv.Field(i), prefix+sv.Type().Field(i).Name
		if f.Addr().Pointer() == target.Pointer() && f.Type() == target.Type().Elem() {
			return name, true
		}
		inner := f
		if inner.Kind() == reflect.Pointer && !inner.IsNil() {
			inner = inner.Elem()
		}
		if inner.Kind() == reflect.Struct {
			if p, ok := find(inner, target, name+"."); ok {
				return p, true
			}
		}
	}
	return "", false
}
