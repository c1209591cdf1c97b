package backup

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"bookbag/backend/apperr"
)

// KeptAside lists the previous data dirs restores kept beside the data dir,
// newest first.
func (s *Service) KeptAside() ([]KeptFolder, error) {
	parent, prefix := filepath.Dir(s.dataDir), filepath.Base(s.dataDir)+asideInfix
	ents, err := os.ReadDir(parent)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return []KeptFolder{}, nil
		}
		return nil, apperr.Wrap(err, apperr.Unavailable, "could not list %s", parent)
	}
	out := []KeptFolder{}
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		k := KeptFolder{Name: e.Name(), Path: p}
		if fi, err := e.Info(); err == nil {
			k.KeptAt = fi.ModTime().UnixMilli()
		}
		filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if fi, err := d.Info(); err == nil {
					k.Bytes += fi.Size()
				}
			}
			return nil
		})
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

// RemoveKeptAside deletes one kept-aside folder, named as KeptAside lists
// it; nothing else can be named.
func (s *Service) RemoveKeptAside(name string) error {
	prefix := filepath.Base(s.dataDir) + asideInfix
	if name != filepath.Base(name) || !strings.HasPrefix(name, prefix) || len(name) == len(prefix) {
		return apperr.New(apperr.Invalid, "%q is not a folder kept aside by a restore", name)
	}
	p := filepath.Join(filepath.Dir(s.dataDir), name)
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return apperr.New(apperr.NotFound, "%s is already gone", name)
	}
	if err != nil || !fi.IsDir() {
		return apperr.New(apperr.Invalid, "%q is not a folder kept aside by a restore", name)
	}
	if err := os.RemoveAll(p); err != nil {
		return apperr.Wrap(err, apperr.Unavailable, "could not remove %s", p)
	}
	s.log.Info("removed a data dir kept aside", "path", p)
	return nil
}
