package rag

import (
	"strconv"

	"bookbag/backend/store"
)

func strconvFormat(i int64) string { return strconv.FormatInt(i, 10) }

type storeTx = store.Tx

func itoa(i int64) string { return strconvFormat(i) }
