package update

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/minio/selfupdate"

	"bookbag/backend/apperr"
)

// Apply checks again (the webview's word is not trusted), downloads the
// channel's release for this platform, verifies its size and SHA-256 and
// replaces the running program with it. A package-managed install is not
// touched: the new package's link comes back instead.
func (s *Service) Apply(ctx context.Context) (Applied, error) {
	if !s.applyMu.TryLock() {
		return Applied{}, apperr.New(apperr.Conflict, "an update is already being installed")
	}
	defer s.applyMu.Unlock()
	c, asset, err := s.check(ctx)
	if err != nil {
		return Applied{}, err
	}
	if !c.Available {
		return Applied{}, apperr.New(apperr.Invalid, "%s", c.Message)
	}
	if c.PackageManaged {
		return Applied{Version: c.Version, PackageURL: asset.URL, Message: c.Message}, nil
	}
	exe, err := s.d.Executable()
	if err != nil {
		return Applied{}, fmt.Errorf("find the running program: %w", err)
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	tmp, err := s.download(ctx, asset)
	if err != nil {
		return Applied{}, err
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
	var newExe io.Reader = tmp
	if asset.Kind == KindTarGz {
		if newExe, err = executableIn(tmp, filepath.Base(exe)); err != nil {
			return Applied{}, err
		}
	}
	if err := selfupdate.Apply(newExe, selfupdate.Options{TargetPath: exe}); err != nil {
		if rb := selfupdate.RollbackError(err); rb != nil {
			s.d.Log.Error("update failed and the old program could not be put back", "err", err, "rollback", rb)
			return Applied{}, apperr.Wrap(err, apperr.Internal,
				"the update failed and the previous program could not be put back (%v): reinstall BookBag", rb)
		}
		return Applied{}, apperr.Wrap(err, apperr.Unavailable, "the update could not be installed (%v); nothing was changed", err)
	}
	s.d.Log.Info("updated", "from", s.d.Version, "to", c.Version, "exe", exe)
	return Applied{Applied: true, Version: c.Version, RestartNeeded: true,
		Message: fmt.Sprintf("BookBag %s is installed: restart to use it.", c.Version)}, nil
}

// download fetches the asset into a temporary file and checks its size and
// hash; the file is rewound for reading.
func (s *Service) download(ctx context.Context, a Asset) (*os.File, error) {
	resp, err := s.get(ctx, a.URL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	tmp, err := os.CreateTemp("", "bookbag-update-*")
	if err != nil {
		return nil, fmt.Errorf("create download file: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(resp.Body, a.Size+1))
	switch {
	case err != nil && errors.Is(err, context.Canceled):
		return nil, apperr.Wrap(err, apperr.Canceled, "the download was cancelled")
	case err != nil && n < a.Size:
		return nil, refuse("the download was cut short (%d of %d bytes: %v)", n, a.Size, err)
	case err != nil:
		return nil, apperr.Wrap(err, apperr.Unavailable, "the download failed")
	case n < a.Size:
		return nil, refuse("the download was cut short (%d of %d bytes)", n, a.Size)
	case n > a.Size:
		return nil, refuse("the download is larger than the manifest says (%d bytes)", a.Size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != strings.ToLower(a.SHA256) {
		return nil, refuse("the download's SHA-256 does not match the signed manifest")
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewind download: %w", err)
	}
	ok = true
	return tmp, nil
}

// executableIn finds the program named name in a .tar.gz.
func executableIn(r io.Reader, name string) (io.Reader, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, refuse("the download is not a .tar.gz (%v)", err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, refuse("the tarball holds no %s", name)
		}
		if err != nil {
			return nil, refuse("the tarball is damaged (%v)", err)
		}
		if h.Typeflag == tar.TypeReg && filepath.Base(h.Name) == name {
			return tr, nil
		}
	}
}
