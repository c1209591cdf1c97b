package models

import "net/url"

// shownURL is a stored base URL as it may leave the service (the webview,
// the settings export): credentials in it, or a query that may hold a key,
// saved before AddProvider refused them, is masked. The client still
// connects with the stored URL.
func shownURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw // normalise accepted only parseable URLs
	}
	if u.User == nil && u.RawQuery == "" && u.Fragment == "" {
		return raw
	}
	if u.User != nil {
		u.User = url.User("xxxxx") // a user name alone can be a token
	}
	if u.RawQuery != "" {
		u.RawQuery = "xxxxx"
	}
	u.Fragment = ""
	return u.String()
}
