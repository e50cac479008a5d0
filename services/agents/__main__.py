from keel_runtime.server import main
from services.agents.app import SPEC

main(SPEC)
