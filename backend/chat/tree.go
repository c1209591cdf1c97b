package chat

import "sort"

// node is the part of a message the tree needs.
type node struct {
	ID, ParentID string
	CreatedAt    int64
}

// tree indexes a chat's messages by id and by parent.
type tree struct {
	byID     map[string]node
	children map[string][]string // parent id ("" for roots) -> child ids, oldest first
	totals   Totals              // token usage over every message, all branches (from loadTree)
}

func newTree(nodes []node) tree {
	t := tree{byID: make(map[string]node, len(nodes)), children: map[string][]string{}}
	for _, n := range nodes {
		t.byID[n.ID] = n
	}
	for _, n := range nodes {
		p := n.ParentID
		if _, ok := t.byID[p]; !ok {
			p = "" // orphans (parent deleted or missing) hang from the root
		}
		t.children[p] = append(t.children[p], n.ID)
	}
	for p := range t.children {
		kids := t.children[p]
		sort.SliceStable(kids, func(i, j int) bool {
			a, b := t.byID[kids[i]], t.byID[kids[j]]
			if a.CreatedAt != b.CreatedAt {
				return a.CreatedAt < b.CreatedAt
			}
			return a.ID < b.ID // UUIDv7 ids order by creation too
		})
	}
	return t
}

// path returns the ids from the root down to leaf. An unknown leaf gives the
// newest branch.
func (t tree) path(leaf string) []string {
	if _, ok := t.byID[leaf]; !ok {
		leaf = t.latestLeaf("")
	}
	var rev []string
	seen := map[string]bool{}
	for id := leaf; id != ""; {
		n, ok := t.byID[id]
		if !ok || seen[id] {
			break // a cycle in bad data must not hang the app
		}
		seen[id] = true
		rev = append(rev, id)
		id = n.ParentID
	}
	out := make([]string, len(rev))
	for i, id := range rev {
		out[len(rev)-1-i] = id
	}
	return out
}

// latestLeaf follows the newest child from id ("" = the root) to a leaf.
func (t tree) latestLeaf(id string) string {
	seen := map[string]bool{}
	for {
		kids := t.children[id]
		if len(kids) == 0 || seen[id] {
			return id
		}
		seen[id] = true
		id = kids[len(kids)-1]
	}
}

// siblings returns the alternatives at id's position, oldest first.
func (t tree) siblings(id string) []string {
	n, ok := t.byID[id]
	if !ok {
		return nil
	}
	p := n.ParentID
	if _, ok := t.byID[p]; !ok {
		p = ""
	}
	return t.children[p]
}

// preorder lists every node reachable from the root, each parent before its
// children and siblings oldest first.
func (t tree) preorder() []string {
	out := make([]string, 0, len(t.byID))
	seen := make(map[string]bool, len(t.byID))
	stack := []string{""}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if id != "" {
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, id)
		}
		kids := t.children[id]
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	return out
}
