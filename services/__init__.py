"""Keel's five services; each runs with `python -m services.<name>` on `keel_runtime`."""
