"""catalog's settings: the shared `KEEL_CATALOG_*` service settings (see keel_runtime.config).

Defined here so catalog-specific settings have one obvious home when they arrive.
"""

from keel_runtime.config import ServiceConfig

CatalogConfig = ServiceConfig
