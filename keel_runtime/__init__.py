"""Keel's shared service runtime: config, server, errors, database, events, telemetry.

Every service is built from these pieces and nothing else: one error model, one config
style (`KEEL_*` variables), one logging setup, one way to call another service.
"""
