"""Hostile and broken uploads, built in code: each builder returns the bytes of a file a case
writer (or an attacker) could upload as ".docx"."""

from __future__ import annotations

import io
import struct
import zipfile

import docxfactory

CT = "[Content_Types].xml"
DOC = "word/document.xml"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), content,
                       compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def base() -> bytes:
    return docxfactory.plain(["Ärendet gäller kvinnor och män i länet.",
                              "Ärendet bedöms inte påverka jämställdheten."],
                             {0: "Ärendet"})


def _with_document(xml: str) -> bytes:
    parts = _parts(base())
    parts[DOC] = xml.encode("utf-8")
    return _zip(parts)


def not_a_zip() -> bytes:
    return docxfactory.not_a_docx()


def renamed_doc() -> bytes:
    """A binary Word 97-2003 file: an OLE compound file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Microsoft Word-dokument" * 40


def encrypted_docx() -> bytes:
    """Word saves a password-protected .docx as an OLE compound file holding EncryptionInfo
    and EncryptedPackage streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HH", 0x3E, 3)
    body = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
    body += "EncryptedPackage".encode("utf-16-le") + bytes(range(256)) * 8
    return header + b"\x00" * (512 - len(header)) + body


def renamed_odt() -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text",
                 "content.xml": b"<office:document-content/>",
                 "META-INF/manifest.xml": b"<manifest:manifest/>"})


def renamed_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def macro_enabled() -> bytes:
    """A .docm renamed to .docx: macro-enabled main part and a VBA project."""
    parts = _parts(base())
    parts[CT] = parts[CT].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name" * 50
    return _zip(parts)


def empty_document() -> bytes:
    return docxfactory.empty_document()


def zip_bomb(inflated_mb: int = 120) -> bytes:
    """document.xml that inflates to `inflated_mb` MB (spaces in one w:t): a few hundred kB."""
    filler = b" " * (inflated_mb * 1024 * 1024)
    xml = (f'<?xml version="1.0"?><w:document {W_NS}><w:body><w:p><w:r><w:t>'.encode()
           + filler + b"</w:t></w:r></w:p></w:body></w:document>")
    parts = _parts(base())
    parts[DOC] = xml
    return _zip(parts)


def lying_zip_bomb() -> bytes:
    """The same bomb with its declared uncompressed size rewritten to 1 kB in both headers,
    so only a limit checked while inflating catches it."""
    data = bytearray(zip_bomb(120))
    real = 0
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        real = z.getinfo(DOC).file_size
    needle = struct.pack("<I", real)
    fake = struct.pack("<I", 1024)
    assert data.count(needle) >= 2
    return bytes(data.replace(needle, fake))


def billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    return (f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(entities)}]>'
            f'<w:document {W_NS}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
            f'</w:body></w:document>')


def billion_laughs_docx() -> bytes:
    return _with_document(billion_laughs())


def external_entity_docx() -> bytes:
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM '
           f'"file:///etc/passwd"><!ENTITY net SYSTEM "http://example.invalid/x">]>'
           f'<w:document {W_NS}><w:body><w:p><w:r><w:t>&xxe;&net;</w:t></w:r></w:p>'
           f'</w:body></w:document>')
    return _with_document(xml)


def malformed_xml() -> bytes:
    parts = _parts(base())
    parts[DOC] = parts[DOC][: len(parts[DOC]) // 2]
    return _zip(parts)


def external_relationships() -> bytes:
    """A remote template and a linked image: valid Word, and must never be fetched."""
    parts = _parts(base())
    settings_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="http://example.invalid/mall.dotm" '
        b'TargetMode="External"/></Relationships>')
    parts["word/_rels/settings.xml.rels"] = settings_rels
    rels = parts["word/_rels/document.xml.rels"]
    parts["word/_rels/document.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/image" Target="http://example.invalid/bild.png" '
        b'TargetMode="External"/></Relationships>')
    return _zip(parts)


def oversized(megabytes: int) -> bytes:
    return b"PK\x03\x04" + b"\x00" * (megabytes * 1024 * 1024)


def many_tiny_paragraphs(count: int = 20_000) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{i % 10}.</w:t></w:r></w:p>" for i in range(count))
    return _with_document(f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}'
                          f'</w:body></w:document>')


def long_document(pages: int = 300) -> bytes:
    """About 500 words a page of case prose with a heading a page."""
    sentence = ("Förslaget berör patienter och invånare i länet, där 45 procent är över 65 år "
                "och kvinnor och män använder vården på olika sätt enligt uppföljningen. ")
    body = []
    for page in range(pages):
        body.append(f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Avsnitt '
                    f'{page + 1}</w:t></w:r></w:p>')
        for _ in range(4):
            body.append(f"<w:p><w:r><w:t>{sentence * 6}</w:t></w:r></w:p>")
    return _with_document(f'<?xml version="1.0"?><w:document {W_NS}><w:body>{"".join(body)}'
                          f'</w:body></w:document>')


RELS = "word/_rels/document.xml.rels"
HEADER_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/header")


def repeated_header(paragraphs: int = 300_000, references: int = 100) -> bytes:
    """One header part of many paragraphs, referenced by many relationships: read once, and
    refused by the size of a header part before it is parsed."""
    parts = _parts(base())
    body = "".join("<w:p><w:r><w:t>ord</w:t></w:r></w:p>" for _ in range(paragraphs))
    parts["word/header1.xml"] = (f'<?xml version="1.0"?><w:hdr {W_NS}>{body}</w:hdr>').encode()
    rels = "".join(f'<Relationship Id="rIdH{i}" Type="{HEADER_REL}" Target="header1.xml"/>'
                   for i in range(references))
    parts[RELS] = parts[RELS].replace(b"</Relationships>", rels.encode() + b"</Relationships>")
    return _zip(parts)


def wordy_header(words: int = 210_000) -> bytes:
    """A small header whose text alone is over the word limit: counted with the body."""
    parts = _parts(base())
    parts["word/header1.xml"] = (f'<?xml version="1.0"?><w:hdr {W_NS}><w:p><w:r><w:t>'
                                 + "a " * words + "</w:t></w:r></w:p></w:hdr>").encode()
    parts[RELS] = parts[RELS].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdH1" Type="{HEADER_REL}" Target="header1.xml"/>'.encode()
        + b"</Relationships>")
    return _zip(parts)


def huge_media(megabytes: int = 300) -> bytes:
    """An image entry of zeros that ingest never reads (written in chunks: little memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in _parts(base()).items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), content,
                       compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/media/image1.png", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                f.write(chunk)
    return out.getvalue()


def lying_huge_media() -> bytes:
    """The same image with its declared size rewritten to 1 kB: caught while inflating."""
    data = bytearray(huge_media(300))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/media/image1.png")
    real = struct.pack("<Q", info.file_size)
    assert data.count(real) >= 1
    return bytes(data.replace(real, struct.pack("<Q", 1024)))


def deep_styles(depth: int = 500) -> bytes:
    """styles.xml with a basedOn chain of `depth` styles, the body in the last one."""
    parts = _parts(base())
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="Stil {i}"/>'
        + (f'<w:basedOn w:val="S{i - 1}"/>' if i else "") + "</w:style>" for i in range(depth))
    parts["word/styles.xml"] = f'<?xml version="1.0"?><w:styles {W_NS}>{styles}</w:styles>'.encode()
    body = (f'<w:p><w:pPr><w:pStyle w:val="S{depth - 1}"/></w:pPr><w:r><w:t>Brukarna får '
            "hemtjänst.</w:t></w:r></w:p>")
    parts[DOC] = f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>'.encode()
    return _zip(parts)


def giant_paragraph(characters: int = 1_000_001) -> bytes:
    """One paragraph of over a million characters, under the word limit (long words)."""
    word = "jämställdhetsintegreringsarbete "
    text = word * (characters // len(word) + 1)
    return _with_document(f'<?xml version="1.0"?><w:document {W_NS}><w:body><w:p><w:r><w:t>'
                          f"{text}</w:t></w:r></w:p></w:body></w:document>")


def doctype_after_comment() -> bytes:
    """A DOCTYPE after a 5,000-character comment, past where a quick look would stop."""
    return _with_document(billion_laughs().replace(
        '<?xml version="1.0"?>', '<?xml version="1.0"?><!--' + "x" * 5000 + "-->", 1))


def many_findings(paragraphs: int = 59_000) -> bytes:
    """Short paragraphs that each hold a statistic about people not broken down by sex, under
    both limits: tens of thousands of possible findings."""
    body = "".join(f"<w:p><w:r><w:t>{i % 90 + 10} elever.</w:t></w:r></w:p>"
                   for i in range(paragraphs))
    return _with_document(f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}'
                          f'</w:body></w:document>')
