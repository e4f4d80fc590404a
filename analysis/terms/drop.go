package terms

// Drop removes from c the words for which drop returns true, and the pairs
// whose phrase ("a b") it returns true for, or either of whose words it
// drops. A dropped word's occurrences leave Tokens too, as if it had been
// a stopword; Paragraphs stays.
func (c *Counts) Drop(drop func(term string) bool) {
	c.init()
	for id := range c.words {
		n := c.words[id].Count
		if n == (Count{}) || !drop(c.name(int32(id))) {
			continue
		}
		c.Tokens -= n.TF
		c.words[id] = entry{}
		c.nwords--
	}
	for k := range c.pairs {
		a, b := splitKey(k)
		if drop(c.name(a)) || drop(c.name(b)) || drop(c.name(a)+" "+c.name(b)) {
			delete(c.pairs, k)
		}
	}
}
