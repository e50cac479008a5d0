"""Mutual TLS inside the mesh: every workload proves who it is with a certificate.

Each workload (the five services, the gateway, and `keel`, the operator's probes) holds a
certificate of the mesh's CA naming it twice: a SPIFFE ID `spiffe://<trust domain>/<name>`
(a URI SAN, what the runtime reads the caller from) and the DNS name `<name>` (what a
client checks the server against, whatever address it dialled). Both sides verify: a
server refuses a connection without a certificate of the CA, a client refuses a server
whose certificate does not name the service it meant to reach.

Files, in cert-manager's layout, under `KEEL_TLS_DIR`: `ca.crt` (the CA that signs every
workload), `<name>.crt` and `<name>.key` (this workload's). `KEEL_MTLS=off` serves and
calls in plaintext (benchmarks, a debugging session); nothing else does.

`make_mesh_credentials` writes a local CA and a certificate per workload once (what
`keel up` and the tests use); production gets them from cert-manager or a service mesh
(deploy/README.md).
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc

from keel_runtime.config import SERVICES, ConfigError

TRUST_DOMAIN = "keel.local"
GATEWAY = "gateway"
# The operator's tools (`keel status`, health probes): health and reflection only.
OPERATOR = "keel"
WORKLOADS = (*SERVICES, GATEWAY, OPERATOR)
# Workloads whose calls may carry an end user's identity (`x-keel-*`) and reach the API.
TRUSTED_CALLERS = frozenset((*SERVICES, GATEWAY))
_SPIFFE_PREFIX = f"spiffe://{TRUST_DOMAIN}/".encode()


@dataclass(frozen=True)
class MeshTls:
    """One workload's TLS material (PEM bytes), or none at all when mTLS is off."""

    workload: str
    ca: bytes = field(repr=False)
    certificate: bytes = field(repr=False)
    key: bytes = field(repr=False)

    @classmethod
    def from_env(cls, workload: str, environ: Mapping[str, str] | None = None) -> MeshTls | None:
        """`workload`'s files from `KEEL_TLS_DIR`; None when `KEEL_MTLS=off`."""
        environ = os.environ if environ is None else environ
        mode = environ.get("KEEL_MTLS", "on").strip().lower()
        if mode == "off":
            return None
        if mode != "on":
            raise ConfigError(f"KEEL_MTLS={mode!r}: expected on or off")
        folder = environ.get("KEEL_TLS_DIR", "")
        if not folder:
            raise ConfigError(
                "KEEL_TLS_DIR is not set: the mesh's certificates are needed "
                "(`keel up` makes them; KEEL_MTLS=off serves in plaintext)"
            )
        return cls.load(Path(folder), workload)

    @classmethod
    def load(cls, folder: Path, workload: str) -> MeshTls:
        try:
            return cls(
                workload=workload,
                ca=(folder / "ca.crt").read_bytes(),
                certificate=(folder / f"{workload}.crt").read_bytes(),
                key=(folder / f"{workload}.key").read_bytes(),
            )
        except OSError as exc:
            raise ConfigError(f"KEEL_TLS_DIR: cannot read {exc.filename}") from None

    def server_credentials(self) -> grpc.ServerCredentials:
        """Serve only callers that present a certificate of the mesh's CA."""
        return grpc.ssl_server_credentials(
            [(self.key, self.certificate)], root_certificates=self.ca, require_client_auth=True
        )

    def channel_credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(
            root_certificates=self.ca, private_key=self.key, certificate_chain=self.certificate
        )


# The workload this process calls as (its own certificate), set when it starts serving.
_local: MeshTls | None = None


def use(mesh: MeshTls | None) -> None:
    """Calls this process makes from now on present `mesh`'s certificate (None: plaintext)."""
    global _local
    _local = mesh


def local() -> MeshTls | None:
    return _local


def secure_channel_options(service: str) -> list[tuple[str, str]]:
    """Check the server's certificate against `service`'s name, whatever address is dialled."""
    return [("grpc.ssl_target_name_override", service)]


def channel(
    address: str,
    mesh: MeshTls | None,
    *,
    server: str | None = None,
    options: Sequence[tuple[str, Any]] = (),
    interceptors: Sequence[grpc.aio.ClientInterceptor] | None = None,
) -> grpc.aio.Channel:
    """An asyncio channel to `address` presenting `mesh`'s certificate (plaintext without
    one), accepting only a server whose certificate names `server` when given."""
    if mesh is None:
        return grpc.aio.insecure_channel(address, options=options, interceptors=interceptors)
    named = [*options, *secure_channel_options(server)] if server else list(options)
    return grpc.aio.secure_channel(
        address, mesh.channel_credentials(), options=named, interceptors=interceptors
    )


def blocking_channel(
    address: str,
    mesh: MeshTls | None,
    *,
    server: str | None = None,
    options: Sequence[tuple[str, Any]] = (),
) -> grpc.Channel:
    """`channel`, blocking (probes and tools)."""
    if mesh is None:
        return grpc.insecure_channel(address, options=options)
    named = [*options, *secure_channel_options(server)] if server else list(options)
    return grpc.secure_channel(address, mesh.channel_credentials(), options=named)


def peer_workload(servicer_context: grpc.aio.ServicerContext) -> str:
    """The workload named by the caller's certificate ("" for none or a foreign one)."""
    for san in servicer_context.auth_context().get("x509_subject_alternative_name", ()):
        if san.startswith(_SPIFFE_PREFIX):
            return san[len(_SPIFFE_PREFIX) :].decode()
    return ""


def spiffe_id(workload: str) -> str:
    return f"spiffe://{TRUST_DOMAIN}/{workload}"


def make_mesh_credentials(folder: Path, workloads: Iterable[str] = WORKLOADS) -> bool:
    """Write a CA and a certificate per workload into `folder` (0600) unless already there.

    Returns whether anything was written. The CA's key stays in `folder` so that
    certificates can be added later; rotating them all is deleting `folder` and running
    this again (`keel up` does when it finds none).
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    wanted = [w for w in workloads if not (folder / f"{w}.crt").exists()]
    if not wanted:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    now = datetime.datetime.now(datetime.UTC)
    if (folder / "ca.key").exists():
        ca_key = serialization.load_pem_private_key((folder / "ca.key").read_bytes(), None)
        assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
        ca_cert = x509.load_pem_x509_certificate((folder / "ca.crt").read_bytes())
    else:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Keel mesh CA")])
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    key_cert_sign=True,
                    crl_sign=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(ca_key, hashes.SHA256())
        )
        _write(folder / "ca.key", _pem_key(ca_key))
        _write(folder / "ca.crt", ca_cert.public_bytes(serialization.Encoding.PEM))
    for workload in wanted:
        key = ec.generate_private_key(ec.SECP256R1())
        names = [
            x509.UniformResourceIdentifier(spiffe_id(workload)),
            x509.DNSName(workload),
            x509.DNSName("localhost"),
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        ]
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, workload)]))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=825))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
                ),
                critical=False,
            )
            .sign(ca_key, hashes.SHA256())
        )
        _write(folder / f"{workload}.key", _pem_key(key))
        _write(folder / f"{workload}.crt", cert.public_bytes(serialization.Encoding.PEM))
    return True


def _pem_key(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _write(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
