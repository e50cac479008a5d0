from keel_runtime.server import main
from services.messaging.app import SPEC

main(SPEC)
