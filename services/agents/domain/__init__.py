"""agents's rules and operations, with no gRPC and no SQL (ports are Protocols)."""
