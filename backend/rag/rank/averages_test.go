package rank

import "testing"

func TestSQLiteVarint(t *testing.T) {
	for _, c := range []struct {
		b []byte
		v uint64
		n int
	}{
		{[]byte{0x05}, 5, 1},
		{[]byte{0x88, 0x7c}, 1148, 2},
		{[]byte{0x88, 0x97, 0x4b}, 134091, 3},
		{[]byte{0x81}, 0, 0},
	} {
		if v, n := sqliteVarint(c.b); v != c.v || n != c.n {
			t.Errorf("% x: %d,%d want %d,%d", c.b, v, n, c.v, c.n)
		}
	}
	if avg := Averages([]byte{0x02, 0x0a, 0x04}); avg != (RowLengths{Row: 7, Text: 5, Context: 2}) {
		t.Fatalf("averages %+v", avg)
	}
	if Averages(nil).Row != 0 || Averages([]byte{0x00}).Row != 0 || Averages([]byte{0x02, 0x0a}).Row != 0 {
		t.Fatal("empty averages record")
	}
}
