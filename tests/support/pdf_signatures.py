"""Validating a PAdES-signed PDF against a CA, as any standard validator would (pyHanko)."""

from __future__ import annotations

import io

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def trust(cert: x509.Certificate) -> ValidationContext:
    der = cert.public_bytes(serialization.Encoding.DER)
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)


async def validate(data: bytes, ca: x509.Certificate) -> tuple[bool, bool]:
    """(intact, trusted) of the PDF's only signature."""
    reader = PdfFileReader(io.BytesIO(data))
    (signature,) = reader.embedded_signatures
    status = await async_validate_pdf_signature(signature, trust(ca))
    return status.intact and status.valid, status.trusted
