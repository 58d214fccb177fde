package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stmcginnis/gofish/oem/ami"
	"github.com/stmcginnis/gofish/schemas"

	"github.com/hwqual/hwqual/firmware/bmc"
)

// ErrImage means the image file cannot be flashed as given: unreadable,
// empty, or larger than the service accepts.
var ErrImage = errors.New("unusable firmware image")

// bmcUpdateWarning is said before every flash: operators lose the KVM,
// the SOL console and IPMI monitoring for the duration.
const bmcUpdateWarning = "while it flashes, the BMC's other services (web UI, KVM, IPMI, sensors) stop, and it reboots itself at the end; the host keeps running"

// Updater holds one Redfish session from planning through the update.
type Updater struct {
	Plan bmc.UpdatePlan

	opts Options
	s    *redfishSession
	us   *schemas.UpdateService
}

// NewUpdater checks the image, reads the BMC and works out the plan.
// It makes no write request (logging in aside).
func NewUpdater(ctx context.Context, o Options, image string, preserve bool) (*Updater, error) {
	p := bmc.UpdatePlan{ImagePath: image, ImageName: filepath.Base(image), PreserveConfig: preserve}
	var err error
	if p.ImageBytes, p.ImageSHA256, err = hashBMCImage(image); err != nil {
		return nil, err
	}
	s, err := openRedfish(ctx, o)
	if err != nil {
		return nil, err
	}
	u := &Updater{opts: o, s: s}
	if err := u.plan(&p); err != nil {
		s.Close()
		return nil, s.redact.Err(err)
	}
	u.Plan = p
	return u, nil
}

// Close logs out.
func (u *Updater) Close() { u.s.Close() }

func hashBMCImage(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", fmt.Errorf("%w: %w", ErrImage, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, "", fmt.Errorf("%w: %w", ErrImage, err)
	}
	if !st.Mode().IsRegular() {
		return 0, "", fmt.Errorf("%w: %s is not a regular file", ErrImage, path)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", fmt.Errorf("%w: read %s: %w", ErrImage, path, err)
	}
	if n == 0 {
		return 0, "", fmt.Errorf("%w: %s is empty", ErrImage, path)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func (u *Updater) plan(p *bmc.UpdatePlan) error {
	before, err := u.s.read()
	if err != nil {
		return err
	}
	p.Before = before
	us, err := u.s.api.Service.UpdateService()
	if err != nil {
		return fmt.Errorf("redfish %s: update service: %w", u.s.host, err)
	}
	u.us = us
	if us.MaxImageSizeBytes != nil {
		p.MaxImageBytes = int64(*us.MaxImageSizeBytes)
		if p.ImageBytes > p.MaxImageBytes {
			return fmt.Errorf("%w: %s is %d bytes, the BMC accepts at most %d (MaxImageSizeBytes)", ErrImage, p.ImagePath, p.ImageBytes, p.MaxImageBytes)
		}
	}
	switch {
	case us.MultipartHTTPPushURI != "":
		p.Method, p.Endpoint = bmc.UpdateMultipart, us.MultipartHTTPPushURI
	// HttpPushUri, deprecated since UpdateService v1.15.0, is the only upload
	// endpoint of services older than v1.6.0 (which added MultipartHttpPushUri)
	// and what DMTF's public rack-server mockup still reports.
	//nolint:staticcheck // SA1019: kept for BMCs that predate MultipartHttpPushUri
	case us.HTTPPushURI != "":
		p.Method, p.Endpoint = bmc.UpdateHTTPPush, us.HTTPPushURI
	case simpleUpdateTarget(us.RawData) != "":
		p.Method, p.Endpoint = bmc.UpdateSimpleUpdate, simpleUpdateTarget(us.RawData)
		p.Warnings = append(p.Warnings, "the service offers only SimpleUpdate, which makes the BMC download the image from a URL; hwqual uploads images and cannot use it")
	default:
		return fmt.Errorf("redfish %s: the update service offers no upload endpoint (no MultipartHttpPushUri, HttpPushUri or SimpleUpdate)", u.s.host)
	}
	if t := bmcUpdateTarget(before); t != "" {
		p.Targets = []string{t}
	} else {
		p.Targets = []string{}
		p.Warnings = append(p.Warnings, "no single BMC entry in the firmware inventory; the upload names no target and the service chooses")
	}
	if oem, err := ami.FromUpdateService(us); err == nil && bytes.Contains(us.OEM, []byte(`"AMIUpdateService"`)) {
		cur := oem.AMIUpdateService.PreserveConfiguration
		p.PreserveCurrent = &cur
	}
	if p.PreserveConfig && p.PreserveCurrent == nil {
		return fmt.Errorf("--preserve-config: redfish %s has no AMI PreserveConfiguration setting", u.s.host)
	}
	p.Warnings = append(p.Warnings, bmcUpdateWarning)
	return nil
}

// simpleUpdateTarget reads Actions["#UpdateService.SimpleUpdate"].target,
// which gofish keeps private.
func simpleUpdateTarget(raw []byte) string {
	var v struct {
		Actions struct {
			SimpleUpdate struct {
				Target string `json:"target"`
			} `json:"#UpdateService.SimpleUpdate"`
		}
	}
	_ = json.Unmarshal(raw, &v)
	return v.Actions.SimpleUpdate.Target
}

// bmcUpdateTarget is the inventory entry of the BMC's own firmware: the
// one related to the manager, else the one called "BMC", else the only
// one whose id starts with BMC. Ids differ between AMI builds.
func bmcUpdateTarget(info *bmc.Info) string {
	if info.Manager != nil && info.Manager.URI != "" {
		for _, it := range info.Inventory {
			for _, r := range it.Related {
				if strings.TrimRight(r, "/") == strings.TrimRight(info.Manager.URI, "/") {
					return it.URI
				}
			}
		}
	}
	var prefixed []string
	for _, it := range info.Inventory {
		if strings.EqualFold(it.ID, "BMC") {
			return it.URI
		}
		if strings.HasPrefix(strings.ToUpper(it.ID), "BMC") {
			prefixed = append(prefixed, it.URI)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// ApplyOptions pace the update's polling.
type ApplyOptions struct {
	// PollEvery is the pause between task polls and between attempts to
	// read the BMC again after it reboots.
	PollEvery time.Duration
	// RebootWait bounds waiting for the BMC to come back with a new version.
	RebootWait time.Duration
	// Progress receives one line per change of state; may be nil.
	Progress func(string)
}

// Apply flashes the image: sets PreserveConfiguration when asked, uploads,
// follows the task to its end, then reads the version again.
func (u *Updater) Apply(ctx context.Context, ao ApplyOptions) (*bmc.UpdateResult, error) {
	res, err := u.apply(ctx, ao)
	return res, u.s.redact.Err(err)
}

func (u *Updater) apply(ctx context.Context, ao ApplyOptions) (*bmc.UpdateResult, error) {
	say := func(format string, args ...any) {
		if ao.Progress != nil {
			ao.Progress(u.s.redact.String(fmt.Sprintf(format, args...)))
		}
	}
	p := &u.Plan
	res := &bmc.UpdateResult{VersionFrom: p.Before.BMCFirmwareVersion()}
	if p.Method == bmc.UpdateSimpleUpdate {
		return res, fmt.Errorf("redfish %s: only SimpleUpdate is offered, which needs an image URL the BMC fetches; hwqual does not serve images", u.s.host)
	}
	if p.PreserveConfig {
		if err := u.setPreserve(); err != nil {
			return res, err
		}
		say("set PreserveConfiguration=true on %s", u.us.ODataID)
	}

	say("uploading %s (%d bytes) to %s", p.ImageName, p.ImageBytes, p.Endpoint)
	resp, err := u.upload(say)
	if err != nil {
		return res, fmt.Errorf("redfish %s: upload to %s: %w", u.s.host, p.Endpoint, err)
	}
	task := taskFromResponse(resp)
	schemas.DeferredCleanupHTTPResponse(resp)
	if task == "" {
		say("the BMC accepted the image (HTTP %d) without naming a task to follow", resp.StatusCode)
	} else {
		res.Task = task
		say("upload accepted; following %s", task)
		if err := u.followTask(ctx, task, ao, res, say); err != nil {
			return res, err
		}
	}

	after, err := u.waitNewVersion(ctx, res.VersionFrom, ao, say)
	res.After = after
	if after != nil {
		res.VersionTo = after.BMCFirmwareVersion()
	}
	if err != nil {
		return res, err
	}
	return res, nil
}

// setPreserve PATCHes Oem.AMIUpdateService.PreserveConfiguration. AMI
// refuses a PATCH without If-Match, so the ETag read with the plan goes
// along ("*" when the service sent none).
func (u *Updater) setPreserve() error {
	etag := u.us.ODataEtag
	if etag == "" {
		etag = "*"
	}
	body := map[string]any{"Oem": map[string]any{"AMIUpdateService": map[string]any{"PreserveConfiguration": true}}}
	resp, err := u.s.api.PatchWithHeaders(u.us.ODataID, body, map[string]string{"If-Match": etag})
	defer schemas.DeferredCleanupHTTPResponse(resp)
	if err != nil {
		return fmt.Errorf("redfish %s: set PreserveConfiguration: %w", u.s.host, err)
	}
	return nil
}

// upload POSTs the image. The multipart body is built in a fixed order
// (UpdateParameters, OemParameters, UpdateFile): some BMCs parse the
// parameters before the file and gofish's map-based helper has no order.
func (u *Updater) upload(say func(string, ...any)) (*http.Response, error) {
	p := &u.Plan
	f, err := os.Open(p.ImagePath)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrImage, err)
	}
	defer f.Close()
	if p.Method == bmc.UpdateHTTPPush {
		return u.s.api.RunRawRequestWithHeaders(http.MethodPost, p.Endpoint, newUploadProgress(f, p.ImageBytes, say), "application/octet-stream",
			map[string]string{"Content-Length": strconv.FormatInt(p.ImageBytes, 10)})
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	params, _ := json.Marshal(map[string]any{"Targets": p.Targets})
	if err := writeJSONPart(mw, "UpdateParameters", params); err != nil {
		return nil, err
	}
	if err := writeJSONPart(mw, "OemParameters", []byte(`{"ImageType":"BMC"}`)); err != nil {
		return nil, err
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="UpdateFile"; filename=%q`, p.ImageName))
	h.Set("Content-Type", "application/octet-stream")
	w, err := mw.CreatePart(h)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(w, f); err != nil {
		return nil, fmt.Errorf("%w: read %s: %w", ErrImage, p.ImagePath, err)
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return u.s.api.RunRawRequestWithHeaders(http.MethodPost, p.Endpoint, newUploadProgress(bytes.NewReader(body.Bytes()), int64(body.Len()), say), mw.FormDataContentType(),
		map[string]string{"Content-Length": strconv.Itoa(body.Len())})
}

// uploadProgress reports each quarter of an upload as the HTTP client
// reads the body: a 60 MiB image over a BMC's 100 Mbit/s port takes a while.
type uploadProgress struct {
	io.ReadSeeker
	mu       sync.Mutex
	total    int64
	done     int64
	reported int64 // quarters reported so far
	say      func(string, ...any)
}

func newUploadProgress(r io.ReadSeeker, total int64, say func(string, ...any)) *uploadProgress {
	return &uploadProgress{ReadSeeker: r, total: total, say: say}
}

// Read is called from the HTTP transport's goroutine, hence the mutex.
func (p *uploadProgress) Read(b []byte) (int, error) {
	n, err := p.ReadSeeker.Read(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += int64(n)
	for p.total > 0 && p.reported < 4 && p.done*4 >= p.total*(p.reported+1) {
		p.reported++
		p.say("uploaded %d%%", p.reported*25)
	}
	return n, err
}

func writeJSONPart(mw *multipart.Writer, name string, data []byte) error {
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, name))
	h.Set("Content-Type", "application/json")
	w, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// taskFromResponse finds the task to follow: the Location header of a 202
// (a task monitor), else the @odata.id of a Task in the body (AMI).
func taskFromResponse(resp *http.Response) string {
	if loc := resp.Header.Get("Location"); loc != "" {
		return loc
	}
	var v struct {
		ID   string `json:"@odata.id"`
		Type string `json:"@odata.type"`
	}
	if json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&v) == nil && strings.Contains(v.ID, "/Task") {
		return v.ID
	}
	return ""
}

// followTask polls the task until it reaches a final state. A task monitor
// answers 202 while running; a Task resource carries TaskState.
func (u *Updater) followTask(ctx context.Context, uri string, ao ApplyOptions, res *bmc.UpdateResult, say func(string, ...any)) error {
	last := ""
	for {
		t, err := u.getTask(uri)
		if err != nil {
			return fmt.Errorf("redfish %s: poll %s: %w", u.s.host, uri, err)
		}
		line := string(t.TaskState)
		if t.PercentComplete != nil {
			line += fmt.Sprintf(" %d%%", *t.PercentComplete)
		}
		if line != last {
			say("task %s", line)
			last = line
		}
		res.TaskState, res.TaskStatus = string(t.TaskState), string(t.TaskStatus)
		res.Messages = res.Messages[:0]
		for _, m := range t.Messages {
			if m.Message != "" {
				res.Messages = append(res.Messages, m.Message)
			}
		}
		switch t.TaskState {
		case schemas.CompletedTaskState:
			if t.TaskStatus == schemas.CriticalHealth {
				return fmt.Errorf("redfish %s: task %s completed with status Critical: %s", u.s.host, uri, strings.Join(res.Messages, "; "))
			}
			return nil
		case schemas.ExceptionTaskState, schemas.KilledTaskState, schemas.CancelledTaskState:
			return fmt.Errorf("redfish %s: task %s ended %s: %s", u.s.host, uri, t.TaskState, strings.Join(res.Messages, "; "))
		}
		if err := sleepCtx(ctx, ao.PollEvery); err != nil {
			return fmt.Errorf("stopped following %s (the BMC carries on flashing; do not power it off): %w", uri, err)
		}
	}
}

func (u *Updater) getTask(uri string) (*schemas.Task, error) {
	resp, err := u.s.api.Get(uri)
	defer schemas.DeferredCleanupHTTPResponse(resp)
	if err != nil {
		return nil, err
	}
	var t schemas.Task
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&t); err != nil {
		return nil, fmt.Errorf("decode task: %w", err)
	}
	if t.TaskState == "" && resp.StatusCode == http.StatusAccepted {
		t.TaskState = schemas.RunningTaskState
	}
	if t.TaskState == "" {
		return nil, errors.New("the task has no TaskState")
	}
	return &t, nil
}

// waitNewVersion reads the BMC again, with a fresh session since the
// reboot ends the old one, until its version differs from before or
// RebootWait runs out. The last successful read is returned either way.
func (u *Updater) waitNewVersion(ctx context.Context, before string, ao ApplyOptions, say func(string, ...any)) (*bmc.Info, error) {
	deadline := time.Now().Add(ao.RebootWait)
	var last *bmc.Info
	var lastErr error
	for {
		info, err := ReadRedfish(ctx, u.opts)
		if err == nil {
			last = info
			if v := info.BMCFirmwareVersion(); v != before {
				return info, nil
			}
		} else {
			lastErr = err
		}
		if !time.Now().Before(deadline) {
			break
		}
		if err := sleepCtx(ctx, ao.PollEvery); err != nil {
			return last, fmt.Errorf("stopped waiting for the BMC to come back: %w", err)
		}
		say("waiting for the BMC to report a new version")
	}
	if last == nil {
		return nil, fmt.Errorf("the BMC did not answer within %s after the update: %w", ao.RebootWait, lastErr)
	}
	return last, fmt.Errorf("the BMC still reports firmware %s %s after the update", before, ao.RebootWait)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
