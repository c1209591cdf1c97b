package localapi

import (
	"net"
	"net/netip"
	"slices"
	"strconv"
)

// lanURLs are the base URLs other computers use when the server listens on
// the LAN: one per address of this machine another can reach (IPv4 first;
// not loopback, not link-local, whose IPv6 form needs a zone no client
// config takes). Settings shows them: 127.0.0.1 is no use to another
// computer, and the user should not have to find the address elsewhere.
func lanURLs(addrs []net.Addr, port int) []string {
	var v4, v6 []string
	for _, a := range addrs {
		pfx, err := netip.ParsePrefix(a.String())
		if err != nil {
			continue
		}
		ip := pfx.Addr().Unmap()
		if ip.IsLoopback() || ip.IsLinkLocalUnicast() || !ip.IsGlobalUnicast() {
			continue
		}
		u := "http://" + netip.AddrPortFrom(ip, uint16(port)).String() + "/v1"
		if ip.Is4() {
			v4 = append(v4, u)
		} else {
			v6 = append(v6, u)
		}
	}
	slices.Sort(v4)
	slices.Sort(v6)
	return slices.Compact(append(v4, v6...))
}

// machineLANURLs lists lanURLs for this machine's interfaces now (they
// change as networks come and go, so Status asks each time).
func machineLANURLs(port string) []string {
	addrs, err := net.InterfaceAddrs()
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil {
		return []string{}
	}
	return orEmpty(lanURLs(addrs, n))
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
