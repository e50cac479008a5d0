"""Compile a proto of a test's own into Keel's descriptor set (for gateway tests)."""

from __future__ import annotations

from pathlib import Path

import grpc_tools
from google.api import annotations_pb2
from google.protobuf import descriptor_pb2
from grpc_tools import protoc

from gateway.settings import DEFAULT_DESCRIPTOR


def with_test_proto(source: str, name: str, home: Path) -> descriptor_pb2.FileDescriptorSet:
    """gen/keel.binpb plus `source` compiled as `<name>.proto` (with imports and comments)."""
    (home / f"{name}.proto").write_text(source)
    compiled = home / f"{name}.binpb"
    googleapis = Path(annotations_pb2.__file__).resolve().parent.parent.parent
    well_known = Path(grpc_tools.__file__).resolve().parent / "_proto"
    code = protoc.main(
        [
            "protoc",
            f"-I{home}",
            f"-I{googleapis}",
            f"-I{well_known}",
            f"--descriptor_set_out={compiled}",
            "--include_imports",
            "--include_source_info",
            f"{name}.proto",
        ]
    )
    assert code == 0, f"protoc failed on {name}.proto"
    merged = descriptor_pb2.FileDescriptorSet.FromString(DEFAULT_DESCRIPTOR.read_bytes())
    known = {f.name for f in merged.file}
    extra = descriptor_pb2.FileDescriptorSet.FromString(compiled.read_bytes())
    merged.file.extend(f for f in extra.file if f.name not in known)
    return merged
