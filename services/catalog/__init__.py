"""catalog: agent templates, their categories, versions, search, submissions and review."""
