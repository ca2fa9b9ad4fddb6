package main

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/privatefolders/privatefolders/share"
)

// maxBody is API Gateway's payload limit (10 MB).
const maxBody = 10 << 20

// gateway stands for the HTTP API: route, authorizer, payload 2.0.
type gateway struct {
	handler *share.Handler
	auth    *authorizer
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	route, ok := match(req.Method, req.URL.EscapedPath())
	if !ok {
		writeMessage(w, http.StatusNotFound, "Not Found", nil)
		return
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		writeMessage(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large", nil)
		return
	}
	e := event(req, route.Key, body)
	if !route.Public {
		claims, err := g.authorize(req)
		if err != nil {
			writeMessage(w, http.StatusUnauthorized, "Unauthorized", map[string]string{"www-authenticate": `Bearer scope="" error="invalid_token" error_description="` + err.Error() + `"`})
			return
		}
		e.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims, Scopes: nil}}
	}
	resp, _ := g.handler.HandleAPIGateway(req.Context(), e)
	for k, v := range resp.Headers {
		w.Header().Set(k, v)
	}
	for _, c := range resp.Cookies {
		w.Header().Add("set-cookie", c)
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.WriteString(w, resp.Body)
}

func (g *gateway) authorize(req *http.Request) (map[string]string, error) {
	v := req.Header.Get("authorization")
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(v, "Bearer "), "bearer "))
	if token == "" || token == v {
		return nil, errString("the Authorization header has no bearer token")
	}
	return g.auth.verify(req.Context(), token)
}

type errString string

func (e errString) Error() string { return string(e) }

func writeMessage(w http.ResponseWriter, status int, message string, headers map[string]string) {
	for k, v := range headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `{"message":"`+message+`"}`)
}

// match finds the most specific route for the request, as API Gateway
// does: the routes are listed most specific first.
func match(method, path string) (share.Route, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, r := range share.Routes {
		m, pattern, _ := strings.Cut(r.Key, " ")
		if (m == "ANY" || m == method) && matchPath(strings.Split(strings.TrimPrefix(pattern, "/"), "/"), segs) {
			return r, true
		}
	}
	return share.Route{}, false
}

func matchPath(pattern, segs []string) bool {
	for i, p := range pattern {
		if strings.HasSuffix(p, "+}") { // greedy: one or more segments
			return len(segs) > i
		}
		if i >= len(segs) || (segs[i] == "" && strings.HasPrefix(p, "{")) {
			return false
		}
		if !strings.HasPrefix(p, "{") && p != segs[i] {
			return false
		}
	}
	return len(segs) == len(pattern)
}

// event is the payload 2.0 event API Gateway would send for req.
func event(req *http.Request, routeKey string, body []byte) events.APIGatewayV2HTTPRequest {
	e := events.APIGatewayV2HTTPRequest{Version: "2.0", RouteKey: routeKey, RawPath: req.URL.EscapedPath(),
		RawQueryString: req.URL.RawQuery, Headers: map[string]string{}}
	for k, v := range req.Header {
		if strings.EqualFold(k, "cookie") {
			for _, c := range v {
				for _, part := range strings.Split(c, ";") {
					e.Cookies = append(e.Cookies, strings.TrimSpace(part))
				}
			}
			continue
		}
		e.Headers[strings.ToLower(k)] = strings.Join(v, ",")
	}
	if q := req.URL.Query(); len(q) > 0 {
		e.QueryStringParameters = map[string]string{}
		for k, v := range q {
			e.QueryStringParameters[k] = strings.Join(v, ",")
		}
	}
	if utf8.Valid(body) {
		e.Body = string(body)
	} else {
		e.Body, e.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
	}
	now := time.Now()
	e.RequestContext = events.APIGatewayV2HTTPRequestContext{RouteKey: routeKey, Stage: "$default",
		RequestID: share.NewID(), TimeEpoch: now.UnixMilli(), DomainName: req.Host,
		HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: req.Method, Path: req.URL.Path,
			Protocol: req.Proto, SourceIP: req.RemoteAddr, UserAgent: req.UserAgent()}}
	return e
}
