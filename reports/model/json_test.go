package model_test

import (
	"strings"
	"testing"

	"github.com/hwqual/hwqual/reports/model"
)

func TestReadJSONRejectsOtherSchema(t *testing.T) {
	if _, err := model.ReadJSON(strings.NewReader(`{"schema_version": 99}`)); err == nil || !strings.Contains(err.Error(), "schema_version 99") {
		t.Fatalf("err = %v", err)
	}
	if _, err := model.ReadJSON(strings.NewReader(`{"schema_version": 1, "checks": [{"function": "x"}]}`)); err == nil {
		t.Fatal("check without unit accepted")
	}
}
