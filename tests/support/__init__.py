"""Helpers for Keel's tests: free ports, service processes, gRPC calls."""
