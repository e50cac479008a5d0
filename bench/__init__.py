"""`python -m bench`: Keel's throughput and latency, side by side, in one run on loopback.

A command, not a test: it brings up its own PostgreSQL, Redis, OTLP receiver, services
and Envoy in a temporary folder on free ports, loads them with non-Python load
generators (`h2load` for gRPC, `wrk` for REST), prints req/s, p50 and p99 per scenario
and the ratios against the goals, then each service's idle RSS. Everything it started is
stopped on exit, Ctrl-C and errors included. Results also go to `bench/results/latest.json`.
"""
