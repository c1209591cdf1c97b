package localapi

import (
	"context"
	"net"
	"net/http"
	"slices"
	"testing"
)

func TestLANURLsNameReachableAddresses(t *testing.T) {
	addrs := []net.Addr{
		&net.IPNet{IP: net.ParseIP("127.0.0.1"), Mask: net.CIDRMask(8, 32)},
		&net.IPNet{IP: net.ParseIP("::1"), Mask: net.CIDRMask(128, 128)},
		&net.IPNet{IP: net.ParseIP("fe80::1"), Mask: net.CIDRMask(64, 128)},
		&net.IPNet{IP: net.ParseIP("169.254.3.4"), Mask: net.CIDRMask(16, 32)},
		&net.IPNet{IP: net.ParseIP("2001:db8::7"), Mask: net.CIDRMask(64, 128)},
		&net.IPNet{IP: net.ParseIP("192.168.1.20"), Mask: net.CIDRMask(24, 32)},
		&net.IPNet{IP: net.ParseIP("10.0.0.5").To16(), Mask: net.CIDRMask(8, 32)},
	}
	got := lanURLs(addrs, 8765)
	want := []string{"http://10.0.0.5:8765/v1", "http://192.168.1.20:8765/v1", "http://[2001:db8::7]:8765/v1"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// On the LAN, Settings names the addresses other computers use (127.0.0.1
// is no use to them), and the server answers on each; off it, none.
func TestLANStatusNamesAddressesThatAnswer(t *testing.T) {
	h := newHarness(t, Limits{})
	ctx := context.Background()
	port := freePort(t)
	st, err := h.svc.SetConfig(ctx, Config{Enabled: true, Port: port})
	if err != nil || !st.Running || st.LANURLs == nil || len(st.LANURLs) != 0 {
		t.Fatalf("loopback only: %+v %v", st, err)
	}
	st, err = h.svc.SetConfig(ctx, Config{Enabled: true, Port: port, LAN: true})
	if err != nil || !st.Running {
		t.Fatalf("lan: %+v %v", st, err)
	}
	addrs, _ := net.InterfaceAddrs()
	if want := lanURLs(addrs, port); !slices.Equal(st.LANURLs, orEmpty(want)) {
		t.Fatalf("lan urls %v, want %v", st.LANURLs, want)
	}
	for _, u := range st.LANURLs {
		req, _ := http.NewRequest("GET", u+"/models", nil)
		req.Header.Set("Authorization", "Bearer "+h.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", u, resp.StatusCode)
		}
	}
}
