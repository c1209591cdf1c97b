package extract

import (
	"bytes"
	"fmt"
)

// kind is what the first bytes of a file say it is.
type kind int

const (
	kindText kind = iota
	kindPDF
	kindZIP
	kindBinary // some other known or unknown binary format
)

// magic numbers of common binary formats, so a renamed image or archive is
// refused with a name a person recognises.
var magics = []struct {
	prefix []byte
	offset int
	name   string
}{
	{[]byte("\x89PNG\r\n\x1a\n"), 0, "PNG image"},
	{[]byte("\xff\xd8\xff"), 0, "JPEG image"},
	{[]byte("GIF87a"), 0, "GIF image"},
	{[]byte("GIF89a"), 0, "GIF image"},
	{[]byte("II*\x00"), 0, "TIFF image"},
	{[]byte("MM\x00*"), 0, "TIFF image"},
	{[]byte("RIFF"), 0, "RIFF media (WebP/WAV/AVI)"},
	{[]byte("\x1f\x8b"), 0, "gzip archive"},
	{[]byte("7z\xbc\xaf\x27\x1c"), 0, "7-Zip archive"},
	{[]byte("Rar!\x1a\x07"), 0, "RAR archive"},
	{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), 0, "legacy Office document (.doc/.xls)"},
	{[]byte("\x7fELF"), 0, "executable program"},
	{[]byte("SQLite format 3\x00"), 0, "SQLite database"},
	{[]byte("ID3"), 0, "MP3 audio"},
	{[]byte("OggS"), 0, "Ogg media"},
	{[]byte("fLaC"), 0, "FLAC audio"},
	{[]byte("ftyp"), 4, "MP4/QuickTime media"},
	{[]byte("%!PS"), 0, "PostScript document"},
	{[]byte("{\\rtf"), 0, "RTF document"},
	{[]byte("wOFF"), 0, "web font"},
	{[]byte("\x00\x00\x01\x00"), 0, "icon image"},
}

// sniff classifies head, the first bytes of a file.
func sniff(head []byte) kind {
	if bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")) {
		return kindPDF
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")) {
		return kindZIP
	}
	if magicName(head) != "" {
		return kindBinary
	}
	if looksBinary(head) {
		return kindBinary
	}
	return kindText
}

func magicName(head []byte) string {
	for _, m := range magics {
		if m.name == "" || len(head) < m.offset+len(m.prefix) {
			continue
		}
		if bytes.Equal(head[m.offset:m.offset+len(m.prefix)], m.prefix) {
			return m.name
		}
	}
	return ""
}

// looksBinary applies a control-character heuristic after dropping NULs
// (a text file with stray NULs is repaired, not refused) and allowing UTF-16
// with a byte order mark.
func looksBinary(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return false
	}
	ctrl, n := 0, 0
	for _, c := range head {
		if c == 0 {
			continue
		}
		n++
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	return n > 0 && ctrl*20 > n // more than 5% control bytes
}

// describe names what a file looks like, for error messages.
func describe(k kind, head []byte) string {
	switch k {
	case kindPDF:
		return "looks like a PDF document"
	case kindZIP:
		return "looks like a ZIP archive"
	case kindText:
		return "looks like plain text"
	}
	if name := magicName(head); name != "" {
		return fmt.Sprintf("looks like %s", name)
	}
	return "looks like binary data"
}
