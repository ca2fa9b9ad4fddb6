package config

import (
	"encoding/json"
	"strings"

	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/internal/check"
)

// secretRefJSON is how the context names a provider's client secret: the
// Secrets Manager secret holding it. ClientSecret is read only to refuse it.
type secretRefJSON struct {
	ClientSecretID        *string          `json:"clientSecretId"`
	ClientSecretJSONField *string          `json:"clientSecretJsonField"`
	ClientSecret          *json.RawMessage `json:"clientSecret"`
}

type googleJSON struct {
	ClientID *string `json:"clientId"`
	secretRefJSON
	Scopes           []string          `json:"scopes"`
	AttributeMapping map[string]string `json:"attributeMapping"`
}

type oidcJSON struct {
	Name      *string `json:"name"`
	IssuerURL *string `json:"issuerUrl"`
	ClientID  *string `json:"clientId"`
	secretRefJSON
	Scopes           []string          `json:"scopes"`
	AttributeMapping map[string]string `json:"attributeMapping"`
}

type samlJSON struct {
	Name             *string           `json:"name"`
	MetadataURL      *string           `json:"metadataUrl"`
	MetadataFile     *string           `json:"metadataFile"`
	AttributeMapping map[string]string `json:"attributeMapping"`
}

type serverClientJSON struct {
	Name         *string  `json:"name"`
	CallbackURLs []string `json:"callbackUrls"`
	LogoutURLs   []string `json:"logoutUrls"`
	Scopes       []string `json:"scopes"`
}

// Shapes of the JSON keys, as the error messages show them.
const (
	googleShape       = `{"clientId", "clientSecretId", "clientSecretJsonField", "scopes", "attributeMapping"}`
	oidcShape         = `[{"name", "issuerUrl", "clientId", "clientSecretId", "clientSecretJsonField", "scopes", "attributeMapping"}]`
	samlShape         = `[{"name", "metadataUrl" or "metadataFile", "attributeMapping"}]`
	serverClientShape = `{"name", "callbackUrls", "logoutUrls", "scopes"}`
)

// decodeStrict decodes raw (a JSON string from -c, or what cdk.json holds)
// into v, refusing unknown fields so a typo is not silently ignored. The
// received value is not quoted back: it may hold a secret by mistake.
func decodeStrict(ps *check.Problems, name string, raw any, v any, shape string) bool {
	text, ok := raw.(string)
	if !ok {
		b, err := json.Marshal(raw)
		if err != nil {
			ps.Add(name, "(not shown)", "must be JSON of the form "+shape)
			return false
		}
		text = string(b)
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		ps.Add(name, "(not shown)", "must be JSON of the form "+shape+" ("+err.Error()+")")
		return false
	}
	return true
}

// refusePlaintext reports a client secret written into the configuration,
// without quoting it.
func refusePlaintext(ps *check.Problems, field string, ref secretRefJSON) bool {
	if ref.ClientSecret == nil {
		return true
	}
	ps.Add(field, "(not shown)", "must not hold the client secret itself: cdk.json and the template are not secret. "+
		"Store it in AWS Secrets Manager and give the secret's name or ARN as clientSecretId")
	return false
}

func strs(list []string) *[]*string {
	if list == nil {
		return nil
	}
	return jsii.Strings(list...)
}

func mappingOf(m map[string]string) *map[string]*string {
	if m == nil {
		return nil
	}
	out := map[string]*string{}
	for k, v := range m {
		out[k] = jsii.String(v)
	}
	return &out
}

func parseGoogle(ps *check.Problems, name string, raw any) (any, bool) {
	var g googleJSON
	if !decodeStrict(ps, name, raw, &g, googleShape) || !refusePlaintext(ps, name+".clientSecret", g.secretRefJSON) {
		return nil, false
	}
	return &auth.GoogleProvider{
		ClientId:              g.ClientID,
		ClientSecretId:        g.ClientSecretID,
		ClientSecretJsonField: g.ClientSecretJSONField,
		Scopes:                strs(g.Scopes),
		AttributeMapping:      mappingOf(g.AttributeMapping),
	}, true
}

func parseOidcProviders(ps *check.Problems, name string, raw any) (any, bool) {
	var list []oidcJSON
	if !decodeStrict(ps, name, raw, &list, oidcShape) {
		return nil, false
	}
	out := make([]*auth.OidcProvider, 0, len(list))
	ok := true
	for _, o := range list {
		ok = refusePlaintext(ps, name+".clientSecret", o.secretRefJSON) && ok
		out = append(out, &auth.OidcProvider{
			Name:                  o.Name,
			IssuerUrl:             o.IssuerURL,
			ClientId:              o.ClientID,
			ClientSecretId:        o.ClientSecretID,
			ClientSecretJsonField: o.ClientSecretJSONField,
			Scopes:                strs(o.Scopes),
			AttributeMapping:      mappingOf(o.AttributeMapping),
		})
	}
	return &out, ok
}

func parseSamlProviders(ps *check.Problems, name string, raw any) (any, bool) {
	var list []samlJSON
	if !decodeStrict(ps, name, raw, &list, samlShape) {
		return nil, false
	}
	out := make([]*auth.SamlProvider, 0, len(list))
	for _, s := range list {
		out = append(out, &auth.SamlProvider{
			Name:             s.Name,
			MetadataUrl:      s.MetadataURL,
			MetadataFile:     s.MetadataFile,
			AttributeMapping: mappingOf(s.AttributeMapping),
		})
	}
	return &out, true
}

func parseServerClient(ps *check.Problems, name string, raw any) (any, bool) {
	var c serverClientJSON
	if !decodeStrict(ps, name, raw, &c, serverClientShape) {
		return nil, false
	}
	return &auth.ServerClient{
		Name:         c.Name,
		CallbackUrls: strs(c.CallbackURLs),
		LogoutUrls:   strs(c.LogoutURLs),
		Scopes:       strs(c.Scopes),
	}, true
}
