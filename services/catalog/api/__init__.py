"""catalog's gRPC layer: thin handlers, one module per service of the contract."""

from services.catalog.api.categories import CatalogApi

__all__ = ["CatalogApi"]
