from keel_runtime.server import main
from services.billing.app import SPEC

main(SPEC)
