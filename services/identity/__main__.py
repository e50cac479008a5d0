from keel_runtime.server import main
from services.identity.app import SPEC

main(SPEC)
