"""Reference data: the vocabulary, the administrative units and their history, text folding."""
