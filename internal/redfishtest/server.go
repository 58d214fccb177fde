// Package redfishtest serves recorded Redfish trees over local TLS so the
// BMC code is tested against real vendor JSON. Only tests import it.
//
// Beyond static GETs it imitates the parts of a BMC a firmware update
// touches: session login, PATCH with If-Match, image upload and a task
// that runs to completion, after which the manager reports a new version.
package redfishtest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Request is one request the server saw.
type Request struct {
	Method  string
	Path    string
	Header  http.Header
	Body    []byte
	Parts   map[string]Part // multipart uploads, by form name
	Outcome int
}

// Part is one multipart form part.
type Part struct {
	FileName    string
	ContentType string
	Data        []byte
}

// Server is a Redfish service over TLS.
type Server struct {
	*httptest.Server
	User, Password string
	// NewVersion is what the manager reports once an update task completed.
	NewVersion string
	// TaskPolls is how many polls a task stays Running before it completes.
	TaskPolls int
	// FailTask makes tasks end in Exception (a rejected image).
	FailTask bool

	mu        sync.Mutex
	docs      map[string]map[string]any
	requests  []Request
	tokens    map[string]bool
	taskPolls map[string]int
	nextTask  int
}

// New serves the tree under dir: dir/index.json is /redfish/v1/, and
// dir/A/B/index.json is /redfish/v1/A/B (the layout of DMTF mockups).
func New(t testing.TB, dir string) *Server {
	t.Helper()
	s := &Server{User: "admin", Password: "s3cret-Pa55", NewVersion: "9.99.99", TaskPolls: 2,
		docs: map[string]map[string]any{}, tokens: map[string]bool{}, taskPolls: map[string]int{}}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.json" {
			return err
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(path))
		p := "/redfish/v1"
		if rel != "." {
			p += "/" + filepath.ToSlash(rel)
		}
		return s.load(p, path)
	})
	if err != nil {
		t.Fatalf("load redfish tree %s: %v", dir, err)
	}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	// Clients that reject the self-signed certificate are tested on
	// purpose; the server need not log each refused handshake.
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// Overlay replaces or adds the resource at path with the JSON in file.
func (s *Server) Overlay(t testing.TB, path, file string) {
	t.Helper()
	if err := s.load(path, file); err != nil {
		t.Fatal(err)
	}
}

// Set replaces or adds a resource from a Go value.
func (s *Server) Set(path string, doc map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = doc
}

func (s *Server) load(path, file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = doc
	return nil
}

// Host is the server's host:port, as --host takes it.
func (s *Server) Host() string { return strings.TrimPrefix(s.URL, "https://") }

// CAFile writes the server's self-signed certificate as PEM into dir.
func (s *Server) CAFile(t testing.TB, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "bmc-ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Requests returns a copy of every request seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Writes returns the requests other than GET/HEAD and session log-in/out.
func (s *Server) Writes() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || strings.HasPrefix(r.Path, "/redfish/v1/SessionService/Sessions") {
			continue
		}
		out = append(out, r)
	}
	return out
}

// Doc returns the resource at path as a map (a copy of the top level).
func (s *Server) Doc(path string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]any{}
	for k, v := range s.docs[path] {
		out[k] = v
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "multipart/form-data" {
		rec.Parts = readParts(body, params["boundary"])
	}
	code := s.handle(w, r, body)
	rec.Outcome = code
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.mu.Unlock()
}

func readParts(body []byte, boundary string) map[string]Part {
	parts := map[string]Part{}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if err != nil {
			return parts
		}
		data, _ := io.ReadAll(p)
		parts[p.FormName()] = Part{FileName: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data}
	}
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request, body []byte) int {
	path := strings.TrimSuffix(r.URL.Path, "/")
	if path == "/redfish/v1" || path == "/redfish" {
		return s.get(w, "/redfish/v1")
	}
	if r.Method == http.MethodPost && path == "/redfish/v1/SessionService/Sessions" {
		return s.login(w, body)
	}
	if !s.authorized(r) {
		return reply(w, http.StatusUnauthorized, redfishError("Base.1.8.NoValidSession", "There is no valid session established with the implementation."))
	}
	switch {
	case r.Method == http.MethodGet:
		if strings.HasPrefix(path, "/redfish/v1/TaskService/Tasks/") {
			return s.pollTask(w, path)
		}
		return s.get(w, path)
	case r.Method == http.MethodDelete && strings.HasPrefix(path, "/redfish/v1/SessionService/Sessions/"):
		w.WriteHeader(http.StatusNoContent)
		return http.StatusNoContent
	case r.Method == http.MethodPatch && path == "/redfish/v1/UpdateService":
		return s.patchUpdateService(w, r, body)
	case r.Method == http.MethodPost && s.isPushURI(path):
		return s.startTask(w)
	}
	return reply(w, http.StatusMethodNotAllowed, redfishError("Base.1.8.OperationNotAllowed", "not allowed here"))
}

func (s *Server) login(w http.ResponseWriter, body []byte) int {
	var cred struct{ UserName, Password string }
	_ = json.Unmarshal(body, &cred)
	if cred.UserName != s.User || subtle.ConstantTimeCompare([]byte(cred.Password), []byte(s.Password)) != 1 {
		return reply(w, http.StatusUnauthorized, redfishError("Base.1.8.ResourceAtUriUnauthorized", "Login failed."))
	}
	s.mu.Lock()
	token := fmt.Sprintf("token-%d", len(s.tokens)+1)
	s.tokens[token] = true
	s.mu.Unlock()
	w.Header().Set("X-Auth-Token", token)
	w.Header().Set("Location", "/redfish/v1/SessionService/Sessions/"+token)
	return reply(w, http.StatusCreated, map[string]any{"@odata.id": "/redfish/v1/SessionService/Sessions/" + token, "UserName": cred.UserName})
}

func (s *Server) authorized(r *http.Request) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokens[r.Header.Get("X-Auth-Token")] {
		return true
	}
	u, p, ok := r.BasicAuth()
	return ok && u == s.User && p == s.Password
}

func (s *Server) get(w http.ResponseWriter, path string) int {
	s.mu.Lock()
	doc, ok := s.docs[path]
	var data []byte
	if ok {
		data, _ = json.Marshal(doc)
	}
	s.mu.Unlock()
	if !ok {
		return reply(w, http.StatusNotFound, redfishError("Base.1.8.ResourceMissingAtURI", "no resource at "+path))
	}
	if tag, _ := doc["@odata.etag"].(string); tag != "" {
		w.Header().Set("ETag", tag)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
	return http.StatusOK
}

func (s *Server) isPushURI(path string) bool {
	us := s.Doc("/redfish/v1/UpdateService")
	for _, k := range []string{"MultipartHttpPushUri", "HttpPushUri"} {
		if v, _ := us[k].(string); v != "" && strings.TrimSuffix(v, "/") == path {
			return true
		}
	}
	return false
}

// patchUpdateService insists on If-Match, as AMI MegaRAC does.
func (s *Server) patchUpdateService(w http.ResponseWriter, r *http.Request, body []byte) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	us := s.docs["/redfish/v1/UpdateService"]
	tag, _ := us["@odata.etag"].(string)
	if m := r.Header.Get("If-Match"); m == "" || (m != "*" && m != tag) {
		return reply(w, http.StatusPreconditionFailed, redfishError("Base.1.8.PreconditionFailed", "If-Match missing or stale"))
	}
	var patch map[string]any
	if err := json.Unmarshal(body, &patch); err != nil {
		return reply(w, http.StatusBadRequest, redfishError("Base.1.8.MalformedJSON", err.Error()))
	}
	mergeJSON(us, patch)
	w.WriteHeader(http.StatusNoContent)
	return http.StatusNoContent
}

func mergeJSON(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				mergeJSON(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

func (s *Server) startTask(w http.ResponseWriter) int {
	s.mu.Lock()
	s.nextTask++
	uri := fmt.Sprintf("/redfish/v1/TaskService/Tasks/%d", s.nextTask)
	s.taskPolls[uri] = 0
	s.mu.Unlock()
	w.Header().Set("Location", uri)
	return reply(w, http.StatusAccepted, map[string]any{
		"@odata.id": uri, "@odata.type": "#Task.v1_4_3.Task", "Id": fmt.Sprint(s.nextTask), "TaskState": "New",
	})
}

// pollTask runs a task through Running to Completed; on completion every
// BMC manager reports NewVersion.
func (s *Server) pollTask(w http.ResponseWriter, path string) int {
	s.mu.Lock()
	n, ok := s.taskPolls[path]
	if !ok {
		s.mu.Unlock()
		return reply(w, http.StatusNotFound, redfishError("Base.1.8.ResourceMissingAtURI", "no task "+path))
	}
	n++
	s.taskPolls[path] = n
	state, pct := "Running", 100*n/(s.TaskPolls+1)
	status, msg := "OK", "Flashing BMC image."
	switch {
	case n > s.TaskPolls && s.FailTask:
		state, status, msg = "Exception", "Critical", "Image signature verification failed."
	case n > s.TaskPolls:
		state, pct = "Completed", 100
		for p, doc := range s.docs {
			if strings.HasPrefix(p, "/redfish/v1/Managers/") && doc["ManagerType"] == "BMC" {
				doc["FirmwareVersion"] = s.NewVersion
			}
		}
	}
	s.mu.Unlock()
	return reply(w, http.StatusOK, map[string]any{
		"@odata.id": path, "@odata.type": "#Task.v1_4_3.Task", "Id": filepath.Base(path),
		"TaskState": state, "TaskStatus": status, "PercentComplete": pct,
		"Messages": []any{map[string]any{"MessageId": "Update.1.0.UpdateInProgress", "Message": msg}},
	})
}

func redfishError(code, msg string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": msg}}
}

func reply(w http.ResponseWriter, code int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
	return code
}
