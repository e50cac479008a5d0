"""Regenerate the Python code and the descriptor set from `protos/` (run: `make protos`).

Outputs, all under `gen/` and all reproducible from this one command:
- `gen/python/keel/...`: messages (`_pb2.py` + `.pyi`) and gRPC stubs (`_pb2_grpc.py` + `.pyi`);
- `gen/python/buf/validate/validate_pb2.py`: protovalidate's rule messages;
- `gen/keel.binpb`: the descriptor set (with imports and source info) that Envoy's
  JSON transcoder, buf lint and the OpenAPI generator read.

protovalidate ships `buf/validate/validate.proto` only as a serialized descriptor inside
its Python package, and buf's registry is out of reach, so we write that descriptor into a
FileDescriptorSet and hand it to protoc with `--descriptor_set_in`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import grpc_tools
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTOS = ROOT / "protos"
GEN = ROOT / "gen"
PY_OUT = GEN / "python"
DESCRIPTOR_SET = GEN / "keel.binpb"


def _googleapis_include() -> Path:
    import google.api.annotations_pb2 as annotations

    return Path(annotations.__file__).resolve().parent.parent.parent


def _well_known_include() -> Path:
    return Path(grpc_tools.__file__).resolve().parent / "_proto"


def _validate_descriptor_set(directory: Path) -> Path:
    """Write buf/validate/validate.proto's descriptor, with its imports, as a descriptor set."""
    from google.protobuf import descriptor_pb2 as d
    from google.protobuf import duration_pb2, field_mask_pb2, timestamp_pb2
    from protovalidate._gen.buf.validate import validate_pb

    file_set = d.FileDescriptorSet()
    for module in (d, duration_pb2, field_mask_pb2, timestamp_pb2):
        proto = file_set.file.add()
        module.DESCRIPTOR.CopyToProto(proto)
    file_set.file.add().ParseFromString(validate_pb.desc().proto.to_binary())
    path = directory / "validate.binpb"
    path.write_bytes(file_set.SerializeToString())
    return path


def _protoc(*args: str) -> None:
    code = protoc.main(["protoc", *args])
    if code != 0:
        sys.exit(f"protoc failed ({code}): {' '.join(args)}")


def generate() -> None:
    sources = sorted(str(p.relative_to(PROTOS)) for p in PROTOS.rglob("*.proto"))
    shutil.rmtree(PY_OUT, ignore_errors=True)
    PY_OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        validate_set = _validate_descriptor_set(Path(tmp))
        includes = [
            f"--descriptor_set_in={validate_set}",
            f"-I{PROTOS}",
            f"-I{_googleapis_include()}",
            f"-I{_well_known_include()}",
        ]
        _protoc(
            *includes,
            f"--python_out={PY_OUT}",
            f"--pyi_out={PY_OUT}",
            f"--grpc_python_out={PY_OUT}",
            f"--plugin=protoc-gen-mypy_grpc={Path(sys.executable).parent / 'protoc-gen-mypy_grpc'}",
            f"--mypy_grpc_out={PY_OUT}",
            *sources,
        )
        # The gateway's transcoder prints google.rpc.Status details only for types in this
        # set. (No Python for them here: googleapis-common-protos ships it.)
        _protoc(
            *includes,
            f"--descriptor_set_out={DESCRIPTOR_SET}",
            "--include_imports",
            "--include_source_info",
            *sources,
            "google/rpc/status.proto",
            "google/rpc/error_details.proto",
        )
        # protovalidate's rules, as ordinary generated code, so the rule extensions are
        # registered in the default pool when a service's messages are imported.
        _protoc(
            f"--descriptor_set_in={validate_set}",
            f"--python_out={PY_OUT}",
            "buf/validate/validate.proto",
        )
    _add_package_markers()
    _strip_timestamps()


def _add_package_markers() -> None:
    for directory in (p for p in PY_OUT.rglob("*") if p.is_dir()):
        if directory.name != "__pycache__":
            (directory / "__init__.py").touch()


def _strip_timestamps() -> None:
    """Keep output byte-for-byte reproducible (the CI staleness check diffs it)."""
    for path in PY_OUT.rglob("*.py*"):
        lines = path.read_text().splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith("# Protobuf Python Version")]
        path.write_text("".join(kept))


if __name__ == "__main__":
    generate()
    print(f"generated {PY_OUT.relative_to(ROOT)} and {DESCRIPTOR_SET.relative_to(ROOT)}")
