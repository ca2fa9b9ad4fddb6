package share

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Route is one route of the HTTP API, in API Gateway's syntax.
type Route struct {
	// Key is "METHOD /path", with {name} and a final {name+} as API Gateway reads them.
	Key string
	// Public routes have no authorizer; the others need a valid ID token.
	Public bool
}

// Routes are the HTTP API's routes, most specific first. The handler
// checks the caller again on every owner route.
var Routes = []Route{
	{Key: "GET /api/drops/{id}", Public: true},
	{Key: "POST /api/drops/{id}/uploads", Public: true},
	{Key: "ANY /api/{proxy+}"},
	{Key: "ANY /s/{proxy+}", Public: true},
}

// ForwardedHostHeader carries the viewer's Host from CloudFront (a viewer
// request function sets it) so links name the site's origin.
const ForwardedHostHeader = "x-forwarded-host"

// HandleAPIGateway serves an HTTP API (payload 2.0) event.
func (h *Handler) HandleAPIGateway(ctx context.Context, e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	resp := h.Serve(ctx, FromAPIGateway(e))
	return events.APIGatewayV2HTTPResponse{StatusCode: resp.Status, Headers: resp.Headers, Cookies: resp.Cookies,
		Body: string(resp.Body)}, nil
}

// FromAPIGateway is the Request an HTTP API event stands for.
func FromAPIGateway(e events.APIGatewayV2HTTPRequest) Request {
	r := Request{Method: e.RequestContext.HTTP.Method, Path: e.RawPath, Query: e.QueryStringParameters,
		Headers: map[string]string{}, Body: []byte(e.Body)}
	for k, v := range e.Headers {
		r.Headers[strings.ToLower(k)] = v
	}
	if len(e.Cookies) > 0 { // payload 2.0 moves cookies out of the headers
		r.Headers["cookie"] = strings.Join(e.Cookies, "; ")
	}
	if e.IsBase64Encoded {
		if b, err := base64.StdEncoding.DecodeString(e.Body); err == nil {
			r.Body = b
		}
	}
	if a := e.RequestContext.Authorizer; a != nil && a.JWT != nil {
		r.Claims = a.JWT.Claims
	}
	if host := r.Headers[ForwardedHostHeader]; host != "" && !strings.ContainsAny(host, "/\\@ ") {
		r.Origin = "https://" + host
	}
	return r
}
