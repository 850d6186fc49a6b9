"""dvk data loaders: vocabulary, localities, warehouse and one loader per source kind."""

__version__ = "0.1.0"
