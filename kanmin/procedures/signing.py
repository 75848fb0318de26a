"""Issued documents: a PDF drawn with reportlab (Japanese CID font, no font file needed) and signed
with the city's key by pyHanko (PAdES-style CMS signature with an X.509 certificate).

Keys live in ``KANMIN_DATA_DIR/procedures-keys/`` (or ``settings.KANMIN_PROCEDURES_KEY_DIR``):
``root.pem``/``root.key`` (the city's self-signed root), ``signer.pem``/``signer.key`` (the document
signing certificate issued by the root). ``kanmin procedures-keygen`` creates them.
"""

import datetime as dt
import io
import os
from pathlib import Path

from django.conf import settings

from kanmin.core.errors import UserError

FONT = "HeiseiKakuGo-W5"


def _off_loop(func, *args, **kwargs):
    """pyHanko's synchronous API calls ``asyncio.run``; if this thread already runs an event loop
    (an async server, or Playwright in tests) run it in a worker thread instead."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args, **kwargs).result()


def key_dir() -> Path:
    return Path(getattr(settings, "KANMIN_PROCEDURES_KEY_DIR", "") or (Path(settings.DATA_DIR) / "procedures-keys"))


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def keygen(directory: Path | None = None, *, city: str = "", force: bool = False, years: int = 5) -> Path:
    """Create the city's root certificate and document-signing certificate (RSA 3072, SHA-256)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory = Path(directory or key_dir())
    if (directory / "signer.pem").exists() and not force:
        raise UserError("鍵は既にあります（作り直すには --force）。", "Keys already exist (use --force to replace them).")
    directory.mkdir(parents=True, exist_ok=True)
    city = city or getattr(settings, "KANMIN_SITE_NAME", "kanmin")
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    until = now + dt.timedelta(days=365 * years)

    def fit(text):  # X.509 limits names to 64 bytes
        while len(text.encode()) > 64:
            text = text[:-1]
        return text

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, fit(city)),
                          x509.NameAttribute(NameOID.COMMON_NAME, fit(cn))])

    root_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    root_name = name(f"Root CA {city}")
    root = (
        x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name).public_key(root_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    signer = (
        x509.CertificateBuilder().subject_name(name(f"Document Signing {city}")).issuer_name(root_name)
        .public_key(signer_key.public_key()).serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key_fmt = dict(encoding=pem, format=serialization.PrivateFormat.PKCS8, encryption_algorithm=serialization.NoEncryption())
    _write_private(directory / "root.key", root_key.private_bytes(**key_fmt))
    _write_private(directory / "signer.key", signer_key.private_bytes(**key_fmt))
    (directory / "root.pem").write_bytes(root.public_bytes(pem))
    (directory / "signer.pem").write_bytes(signer.public_bytes(pem))
    return directory


def _signer():
    from pyhanko.sign import signers

    directory = key_dir()
    if not (directory / "signer.pem").exists():
        raise UserError("署名鍵がありません。管理者が `kanmin procedures-keygen` を実行してください。",
                        "No signing key: an administrator must run `kanmin procedures-keygen`.")
    return signers.SimpleSigner.load(str(directory / "signer.key"), str(directory / "signer.pem"),
                                     ca_chain_files=(str(directory / "root.pem"),))


def render_pdf(*, title: str, receipt: str, applicant: str, rows: list[tuple[str, str]], issuer: str, issued_on: str) -> bytes:
    """A one-page A4 notice in Japanese."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor(issuer)
    width, height = A4
    y = height - 30 * mm
    c.setFont(FONT, 18)
    c.drawCentredString(width / 2, y, title)
    y -= 15 * mm
    c.setFont(FONT, 10.5)
    for label, value in [("受付番号 / Receipt", receipt), ("申請者 / Applicant", applicant), ("交付日 / Issued", issued_on)] + rows:
        text = f"{label}：{value}"
        while text:
            line, text = text[:48], text[48:]
            c.drawString(25 * mm, y, line)
            y -= 7 * mm
            if y < 40 * mm:
                c.showPage()
                c.setFont(FONT, 10.5)
                y = height - 25 * mm
    y -= 10 * mm
    c.drawString(25 * mm, y, "上記のとおり交付します。この文書には電子署名が付与されています。")
    y -= 7 * mm
    c.drawString(25 * mm, y, "This document carries the electronic signature of the issuer.")
    c.setFont(FONT, 12)
    c.drawRightString(width - 25 * mm, 30 * mm, issuer)
    c.showPage()
    c.save()
    return buf.getvalue()


def sign_pdf(pdf: bytes, *, reason: str = "交付文書 / Issued document") -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name="CitySignature", reason=reason, location=getattr(settings, "KANMIN_SITE_NAME", ""))
    out = _off_loop(signers.sign_pdf, writer, meta, signer=_signer())
    return out.getvalue()


def signer_subject() -> str:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate((key_dir() / "signer.pem").read_bytes())
    return cert.subject.rfc4514_string()


def verify_pdf(pdf: bytes, root_pem: bytes | None = None) -> dict:
    """Validate every signature of ``pdf`` against the city's root (or ``root_pem``).

    Returns ``{"ok", "signed", "intact", "valid", "trusted": bool, "signer": str, "coverage": str}``;
    ``ok`` means every signature is intact, cryptographically valid, chains to the root and covers the whole file.
    """
    from asn1crypto import pem as asn1_pem, x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if root_pem is None:
        root_path = key_dir() / "root.pem"
        if not root_path.exists():
            raise UserError("検証用の証明書がありません。", "No root certificate is configured for verification.")
        root_pem = root_path.read_bytes()
    try:
        _type, _headers, der = asn1_pem.unarmor(root_pem)
        root = asn1_x509.Certificate.load(der)
    except Exception as exc:  # noqa: BLE001
        raise UserError("検証用の証明書を読めません。", "The root certificate cannot be read.") from exc
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - not a PDF at all
        return {"ok": False, "signed": False, "intact": False, "valid": False, "trusted": False, "signer": ""}
    if not sigs:
        return {"ok": False, "signed": False, "intact": False, "valid": False, "trusted": False, "signer": ""}
    result = {"signed": True, "intact": True, "valid": True, "trusted": True, "signer": ""}
    for sig in sigs:
        context = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail")
        status = _off_loop(validate_pdf_signature, sig, context)
        result["intact"] &= bool(status.intact)
        result["valid"] &= bool(status.valid)
        result["trusted"] &= bool(status.trusted)
        result["coverage"] = status.coverage.name
        result["signer"] = status.signing_cert.subject.human_friendly
    result["ok"] = result["intact"] and result["valid"] and result["trusted"] and result.get("coverage") == "ENTIRE_FILE"
    return result
