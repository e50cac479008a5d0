"""The embedded stack: PostgreSQL, Redis, OTLP receiver, services and Envoy, run by supervisord."""
