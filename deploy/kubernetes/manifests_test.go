// Package kubernetes_test checks the Kubernetes manifests in this directory
// are valid objects of their kind, not merely valid YAML: each document is
// decoded strictly (an unknown or misspelt field is an error) into the
// k8s.io/api type its apiVersion and kind name.
package kubernetes_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// typeMeta is read first to pick the Go type of a document.
type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// decodeStrict decodes one YAML document into the k8s.io/api type of its
// kind, failing on unknown fields and duplicate keys.
func decodeStrict(doc []byte) (any, error) {
	var tm typeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		return nil, err
	}
	var obj any
	switch tm.APIVersion + "/" + tm.Kind {
	case "batch/v1/Job":
		obj = &batchv1.Job{}
	case "apps/v1/DaemonSet":
		obj = &appsv1.DaemonSet{}
	case "v1/Namespace":
		obj = &corev1.Namespace{}
	default:
		return nil, fmt.Errorf("unexpected apiVersion %q kind %q", tm.APIVersion, tm.Kind)
	}
	if err := yaml.UnmarshalStrict(doc, obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// documents splits a multi-document YAML file.
func documents(b []byte) [][]byte {
	var docs [][]byte
	for _, d := range bytes.Split(b, []byte("\n---")) {
		if len(bytes.TrimSpace(d)) > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

func manifests(t *testing.T) map[string]any {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests found: %v", err)
	}
	objs := map[string]any{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range documents(b) {
			obj, err := decodeStrict(doc)
			if err != nil {
				t.Fatalf("%s document %d: %v", f, i+1, err)
			}
			objs[fmt.Sprintf("%s#%d", f, i+1)] = obj
		}
	}
	return objs
}

func TestManifestsDecodeStrictly(t *testing.T) {
	kinds := map[string]bool{}
	for name, obj := range manifests(t) {
		switch o := obj.(type) {
		case *batchv1.Job:
			kinds["Job"] = true
			if o.Spec.BackoffLimit == nil || *o.Spec.BackoffLimit != 0 {
				t.Errorf("%s: a failed qualification must not be retried (backoffLimit 0)", name)
			}
			checkPod(t, name, o.Spec.Template.Spec, "/reports/")
		case *appsv1.DaemonSet:
			kinds["DaemonSet"] = true
			checkPod(t, name, o.Spec.Template.Spec, "/textfile/")
			if c := o.Spec.Template.Spec.Containers[0]; !strings.Contains(strings.Join(c.Args, " "), "firmware check --prom /textfile/") {
				t.Errorf("%s: the drive health gauges (firmware check --prom) are not written to the textfile directory", name)
			}
			if !labelsMatch(o.Spec.Selector.MatchLabels, o.Spec.Template.Labels) {
				t.Errorf("%s: selector %v does not select the template's labels %v", name, o.Spec.Selector.MatchLabels, o.Spec.Template.Labels)
			}
		case *corev1.Namespace:
			kinds["Namespace"] = true
		}
	}
	for _, k := range []string{"Job", "DaemonSet", "Namespace"} {
		if !kinds[k] {
			t.Errorf("no %s manifest", k)
		}
	}
}

// TestStrictDecodeRejectsUnknownField proves the decoder is strict: the
// test above would pass vacuously if misspelt fields were dropped.
func TestStrictDecodeRejectsUnknownField(t *testing.T) {
	doc := []byte("apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  backofLimit: 0\n")
	if _, err := decodeStrict(doc); err == nil || !strings.Contains(err.Error(), "backofLimit") {
		t.Fatalf("misspelt field accepted: %v", err)
	}
}

func labelsMatch(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return len(sel) > 0
}

// checkPod asserts what the hwqual pod needs to run: privileges for NVMe
// ioctls and SMBIOS, the host's /sys and /dev, the chain data directory as
// --dir, resource requests and limits, and its output under wantOut.
func checkPod(t *testing.T, name string, pod corev1.PodSpec, wantOut string) {
	t.Helper()
	volumes := map[string]*corev1.HostPathVolumeSource{}
	for _, v := range pod.Volumes {
		volumes[v.Name] = v.HostPath
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%s: want one container, got %d", name, len(pod.Containers))
	}
	c := pod.Containers[0]
	if c.SecurityContext == nil || c.SecurityContext.Privileged == nil || !*c.SecurityContext.Privileged {
		t.Errorf("%s: container not privileged: NVMe admin ioctls and the SMBIOS table need it", name)
	}
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if _, ok := c.Resources.Requests[res]; !ok {
			t.Errorf("%s: no %s request", name, res)
		}
		if _, ok := c.Resources.Limits[res]; !ok {
			t.Errorf("%s: no %s limit", name, res)
		}
	}
	mounts := map[string]string{} // mount path -> host path
	for _, m := range c.VolumeMounts {
		hp, ok := volumes[m.Name]
		if !ok {
			t.Errorf("%s: mount %q names no volume", name, m.Name)
			continue
		}
		if hp == nil {
			t.Errorf("%s: volume %q is not a hostPath", name, m.Name)
			continue
		}
		mounts[m.MountPath] = hp.Path
	}
	for mount, host := range map[string]string{"/host/sys": "/sys", "/host/dev": "/dev", "/host/proc": "/proc"} {
		if mounts[mount] != host {
			t.Errorf("%s: %s should mount the host's %s, got %q", name, mount, host, mounts[mount])
		}
	}
	cmd := strings.Join(slices.Concat(c.Command, c.Args), " ")
	for _, want := range []string{"--dir", "/chain", "--root", "/host", "--prom", wantOut, "--json"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("%s: command %q lacks %q", name, cmd, want)
		}
	}
	if mounts["/chain"] == "" {
		t.Errorf("%s: --dir /chain is not a hostPath mount of the chain data", name)
	}
	if mounts[strings.TrimSuffix(wantOut, "/")] == "" {
		t.Errorf("%s: output directory %s is not a hostPath mount", name, wantOut)
	}
}
