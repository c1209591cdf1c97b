// Package update checks a signed update manifest and replaces the running
// program with a newer one, or, for a program the system's package manager
// installed, hands back the new package's link instead.
//
// The manifest is JSON, signed with minisign (the signature at the
// manifest's URL + ".minisig"). The public key and the default URL are set
// at build time; Settings may point at another URL and key (an office that
// hosts its own channel). With no URL or no key, updates are off.
//
// Nothing is changed unless the signature verifies, the offered version is
// newer than the running one, and the download has exactly the size and
// SHA-256 the manifest names; the replacement itself is minio/selfupdate's,
// which renames the old file back if the new one cannot be put in place.
package update

// Product is the manifest's "product" this build installs from.
const Product = "bookbag"

// Channels.
const (
	Stable = "stable"
	Beta   = "beta"
)

// Package kinds a release can be for one platform.
const (
	KindBinary = "binary" // the executable itself (tarball and per-user Windows installs): replaced in place
	KindTarGz  = "tar.gz" // a tarball holding the executable: replaced in place
	KindDeb    = "deb"    // for a package-managed install: its link is shown
	KindRPM    = "rpm"
)

// Manifest is the signed file: a release per channel.
type Manifest struct {
	Product  string             `json:"product"` // Product
	Channels map[string]Release `json:"channels"`
}

// Release is one version on a channel.
type Release struct {
	Version    string           `json:"version"`
	ReleasedAt string           `json:"releasedAt"`
	Notes      string           `json:"notes"`
	Assets     map[string]Asset `json:"assets"` // by "<os>-<arch>" (linux-amd64), then ".deb"/".rpm" variants: "linux-amd64.deb"
}

// Asset is a download for one platform.
type Asset struct {
	Kind   string `json:"kind"`
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Settings are the user's update settings (device-local).
type Settings struct {
	Channel   string `json:"channel"`   // stable | beta
	URL       string `json:"url"`       // "" = the build's default
	PublicKey string `json:"publicKey"` // "" = the build's key
}

// Check is what a check found.
type Check struct {
	Enabled        bool   `json:"enabled"` // a URL and a key are set
	Current        string `json:"current"`
	Channel        string `json:"channel"`
	Available      bool   `json:"available"` // a newer version can be installed
	Version        string `json:"version"`   // the channel's version
	Notes          string `json:"notes"`
	ReleasedAt     string `json:"releasedAt"`
	Kind           string `json:"kind"`
	Size           int64  `json:"size"`
	PackageManaged bool   `json:"packageManaged"` // installed by dpkg/rpm: show PackageURL, do not overwrite
	PackageURL     string `json:"packageUrl"`
	Message        string `json:"message"` // a sentence for the UI
	CheckedAt      int64  `json:"checkedAt"`
}

// Applied is what an update did.
type Applied struct {
	Applied       bool   `json:"applied"`
	Version       string `json:"version"`
	PackageURL    string `json:"packageUrl"` // for a package-managed install: what to download instead
	RestartNeeded bool   `json:"restartNeeded"`
	Message       string `json:"message"`
}
