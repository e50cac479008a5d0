"""catalog's domain: categories, templates and their versions, search, usage (no gRPC, no
SQL: repositories and permissions come in as protocols)."""
