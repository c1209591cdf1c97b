package rank

// Averages decodes FTS5's "averages" record (rowid 1 of its data table,
// the totals it keeps for its own bm25: a varint row count, then one
// varint token total per column, text then context) into mean tokens per
// row; zero when it is empty or malformed.
func Averages(b []byte) RowLengths {
	rows, n := sqliteVarint(b)
	if n == 0 || rows == 0 {
		return RowLengths{}
	}
	b = b[n:]
	var cols []uint64
	for len(b) > 0 {
		v, n := sqliteVarint(b)
		if n == 0 {
			return RowLengths{}
		}
		cols = append(cols, v)
		b = b[n:]
	}
	if len(cols) != 2 {
		return RowLengths{}
	}
	r := float64(rows)
	return RowLengths{Row: float64(cols[0]+cols[1]) / r, Text: float64(cols[0]) / r, Context: float64(cols[1]) / r}
}

// sqliteVarint decodes SQLite's big-endian varint (7 bits a byte, the
// ninth byte 8 bits) and returns its length, 0 if b is too short.
func sqliteVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < 9 && i < len(b); i++ {
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}
