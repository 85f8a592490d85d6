"""Threadscope's version, in one place (the package, the cache key, the report's provenance)."""

__version__ = "0.1.0"
