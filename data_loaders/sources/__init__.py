"""One loader per source kind, each read → normalise → validate, and the blank template."""
