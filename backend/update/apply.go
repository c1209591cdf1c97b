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
	"time"

	"github.com/minio/selfupdate"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
)

// Apply checks again (the webview's word is not trusted), downloads the
// channel's release for this platform, verifies its size and SHA-256 and
// replaces the running program with it. A package-managed install is not
// touched: the new package's link comes back instead.
func (s *Service) Apply(ctx context.Context) (Applied, error) {
	ctx, end, _, ok := s.job.Begin(ctx, "update")
	if !ok {
		return Applied{}, apperr.New(apperr.Conflict, "an update is already being installed")
	}
	defer end()
	c, asset, exe, tmp, err := s.fetchRelease(ctx)
	if err != nil && ctx.Err() != nil {
		return Applied{}, apperr.Wrap(err, apperr.Canceled, "the update was cancelled; nothing was changed")
	}
	if err != nil {
		return Applied{}, err
	}
	if tmp == nil {
		return Applied{Version: c.Version, PackageURL: asset.URL, Message: c.Message}, nil
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
	var newExe io.Reader = tmp
	if asset.Kind == KindTarGz {
		if newExe, err = executableIn(tmp, filepath.Base(exe)); err != nil {
			return Applied{}, err
		}
	}
	// From here on the replace runs to its end: a Cancel now is too late.
	s.d.Events.Emit(events.UpdateProgress, events.UpdateProgressPayload{Stage: "install", Done: asset.Size, Total: asset.Size})
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

// Cancel stops a running install while it checks or downloads; nothing is
// replaced. It reports whether one was running.
func (s *Service) Cancel() bool { return s.job.Cancel() }

// fetchRelease is the cancellable part of Apply: check again, then download
// and verify the program that replaces exe. tmp is nil, with no error, for
// a package-managed install (c and asset say where the package is).
func (s *Service) fetchRelease(ctx context.Context) (c Check, asset Asset, exe string, tmp *os.File, err error) {
	c, asset, err = s.check(ctx)
	if err != nil {
		return c, asset, "", nil, err
	}
	if !c.Available {
		return c, asset, "", nil, apperr.New(apperr.Invalid, "%s", c.Message)
	}
	if c.PackageManaged {
		return c, asset, "", nil, nil
	}
	if exe, err = s.d.Executable(); err != nil {
		return c, asset, "", nil, fmt.Errorf("find the running program: %w", err)
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	tmp, err = s.download(ctx, asset)
	return c, asset, exe, tmp, err
}

// errStalled is the cause of a download given up for receiving nothing.
var errStalled = errors.New("download stalled")

// download fetches the asset into a temporary file and checks its size and
// hash; the file is rewound for reading. A server that sends nothing for
// IdleTimeout (before its headers or amid the body) is given up on.
func (s *Service) download(ctx context.Context, a Asset) (*os.File, error) {
	dctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	idle := time.AfterFunc(s.d.IdleTimeout, func() { stop(errStalled) })
	defer idle.Stop()
	resp, err := s.get(dctx, a.URL)
	if err != nil {
		return nil, s.stalled(dctx, err)
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
	body := &watchedReader{r: io.LimitReader(resp.Body, a.Size+1), idle: idle, after: s.d.IdleTimeout, p: s.newProgress(a.Size)}
	n, err := io.Copy(io.MultiWriter(tmp, h), body)
	switch {
	case err != nil && dctx.Err() != nil:
		return nil, s.stalled(dctx, err)
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

// stalled words err when the idle timer ended the download; otherwise err
// stands (a Cancel is worded by Apply).
func (s *Service) stalled(dctx context.Context, err error) error {
	if errors.Is(context.Cause(dctx), errStalled) {
		return apperr.Wrap(err, apperr.Unavailable, "the download stalled: no data for %s; nothing was changed", seconds(s.d.IdleTimeout))
	}
	return err
}

// seconds words a timeout: "60 s", or "250 ms" below a second.
func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
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
