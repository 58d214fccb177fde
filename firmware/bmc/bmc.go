// Package bmc is what hwqual knows about a server's BMC: the firmware and
// BIOS versions it reports, how versions compare, the verdicts against an
// operator's minimums and the records of a firmware update. It holds no
// network code (that is firmware/bmc/client), so renderers and the
// qualification engine can use it without linking Redfish or IPMI.
package bmc

// Info is what a BMC says about its firmware. Versions are the strings
// the BMC reports, untouched.
type Info struct {
	Host string `json:"host"`
	// Source is "redfish" or "ipmi".
	Source string `json:"source"`
	// RedfishError says why Redfish was not used when IPMI answered instead.
	RedfishError string `json:"redfish_error,omitempty"`

	Manager     *Manager       `json:"manager,omitempty"`
	BIOSVersion string         `json:"bios_version,omitempty"`
	SystemModel string         `json:"system_model,omitempty"`
	Inventory   []FirmwareItem `json:"firmware_inventory,omitempty"`
	DualImage   *DualImage     `json:"dual_image,omitempty"`
	IPMI        *IPMIDevice    `json:"ipmi,omitempty"`
}

// BMCFirmwareVersion is the BMC's own firmware version from whichever
// source answered.
func (i *Info) BMCFirmwareVersion() string {
	switch {
	case i.Manager != nil && i.Manager.FirmwareVersion != "":
		return i.Manager.FirmwareVersion
	case i.IPMI != nil:
		return i.IPMI.FirmwareRevision
	}
	return ""
}

// Manager is the Redfish Manager resource of type BMC.
type Manager struct {
	ID              string `json:"id"`
	URI             string `json:"uri"`
	Model           string `json:"model,omitempty"`
	FirmwareVersion string `json:"firmware_version"`
}

// FirmwareItem is one member of UpdateService/FirmwareInventory.
type FirmwareItem struct {
	ID         string `json:"id"`
	Name       string `json:"name,omitempty"`
	Version    string `json:"version"`
	Updateable bool   `json:"updateable"`
	// URI is the member's @odata.id, the value an update's Targets take.
	URI string `json:"uri"`
	// Related are the resources the firmware belongs to (a Manager, a System).
	Related []string `json:"related,omitempty"`
}

// DualImage is AMI MegaRAC's pair of BMC flash images
// (UpdateService Oem.BMC.DualImageConfigurations).
type DualImage struct {
	ActiveImage   string `json:"active_image"`
	BootImage     string `json:"boot_image"`
	Image1Name    string `json:"image1_name,omitempty"`
	Image1Version string `json:"image1_version"`
	Image2Name    string `json:"image2_name,omitempty"`
	Image2Version string `json:"image2_version"`
}

// IPMIDevice is the answer to IPMI Get Device ID (`ipmitool mc info`).
type IPMIDevice struct {
	DeviceID         uint8  `json:"device_id"`
	DeviceRevision   uint8  `json:"device_revision"`
	FirmwareRevision string `json:"firmware_revision"`
	IPMIVersion      string `json:"ipmi_version"`
	ManufacturerID   uint32 `json:"manufacturer_id"`
	Manufacturer     string `json:"manufacturer,omitempty"`
	ProductID        uint16 `json:"product_id"`
	AuxFirmwareRev   string `json:"aux_firmware_rev,omitempty"`
}
