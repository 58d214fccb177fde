package profiles

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// FirmwareKinds are the values a `firmware:` requirement accepts.
var FirmwareKinds = []string{"nvme"}

// checkFirmwareRequirement validates a `- firmware: nvme` requirement: it
// names what to judge and a severity, nothing a metric takes.
func checkFirmwareRequirement(file, at string, n *yaml.Node, r Requirement) error {
	if r.Firmware != "nvme" {
		return &Error{File: file, Line: n.Line, Key: at + ".firmware", Msg: fmt.Sprintf("%q is not a firmware check (want nvme)", r.Firmware)}
	}
	for _, key := range []string{"metric", "minimum", "workers"} {
		if hasKey(n, key) {
			return &Error{File: file, Line: n.Line, Key: at + "." + key, Msg: "a firmware requirement takes only firmware, severity and source"}
		}
	}
	return nil
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}
