"""agents's gRPC layer: protobuf in, a domain call, protobuf out."""
