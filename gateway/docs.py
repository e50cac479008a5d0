"""The API's docs page at `/docs`: Redoc rendering the gateway's own `/openapi.json`.

Redoc's standalone bundle comes from the `redoc` npm package that package.json pins (`make
install` puts it under node_modules/, as it does buf), and Envoy serves it from the file: the
page loads nothing from elsewhere, which its Content-Security-Policy also says.
"""

from __future__ import annotations

from pathlib import Path

from keel_runtime.config import ConfigError

PAGE_PATH = "/docs"
BUNDLE_PATH = "/docs/redoc.standalone.js"
BUNDLE = Path(__file__).parents[1] / "node_modules" / "redoc" / "bundles" / "redoc.standalone.js"
# The page's own origin only. Redoc styles with inline <style> (styled-components), runs
# its search in a worker from a blob, and compiles JSON Schemas (ajv) at run time.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-eval'; worker-src blob:; "
    "style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

# Relative URLs: the page works under whatever prefix a proxy in front serves it.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keel API</title>
</head>
<body>
<redoc spec-url="openapi.json" hide-download-button></redoc>
<script src="docs/redoc.standalone.js"></script>
</body>
</html>
"""


def bundle() -> Path:
    """Redoc's bundle, which Envoy reads when it loads the config."""
    if not BUNDLE.is_file():
        raise ConfigError(f"the docs page's Redoc bundle is missing: {BUNDLE} (run `make install`)")
    return BUNDLE
