"""Deployment tooling: the embedded one-machine stack (`deploy.embedded`)."""
