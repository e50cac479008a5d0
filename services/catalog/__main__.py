from keel_runtime.server import main
from services.catalog.app import SPEC

main(SPEC)
