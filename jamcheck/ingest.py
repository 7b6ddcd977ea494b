"""Reads .docx bytes into a Document: safe unzip, styles, the body walked by jamcheck.wordml, headings by style or bold line.

python-docx is not used for reading because it drops text that real case templates hold
(content controls, tracked insertions, older hyperlinks) and parses every part of the
package; this module walks `word/document.xml` itself with a parser that never resolves
entities nor touches the network.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import threading
import zipfile
import zlib
from collections import OrderedDict
from pathlib import Path

from lxml import etree

from .document import Block, CellRef, Document, Section
from .errors import UnreadableDocument
from .wordml import (
    W_B,
    W_NUMPR,
    W_OUTLINE,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_RPR,
    W_RSTYLE,
    W_VAL,
    block_text,
    body_blocks,
    paragraph_text,
    run_text,
    text_runs,
    to_int,
    w,
)

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

# What a damaged zip can raise while a part is inflated.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 40 * 1024 * 1024  # an XML part inflating past this is refused (zip bomb)
MAX_SIDE_PART_BYTES = 4 * 1024 * 1024  # a header, footer or style part: Word's are a few kB
MAX_TOTAL_BYTES = 250 * 1024 * 1024  # all entries of the package together, inflated
MAX_WORDS = 200_000  # about 400 pages; longer documents are refused, not checked for minutes
MAX_BLOCKS = 60_000  # paragraphs and table cells
MAX_PARAGRAPH_CHARS = 100_000  # some 40 pages in one paragraph: no case draft is written so
MAX_STYLE_DEPTH = 50  # basedOn chains longer than Word ever writes are cut here
MACRO_CONTENT_TYPE = b"application/vnd.ms-word.document.macroEnabled"

# Headings that case templates use, also when written as plain lines in the Normal style.
TEMPLATE_HEADINGS = {
    "sammanfattning", "sammanfattning av ärendet", "förslag till beslut", "förslag till yttrande",
    "beslut", "ärendet", "ärendebeskrivning", "beskrivning av ärendet", "bakgrund", "beredning",
    "förvaltningens bedömning", "bedömning", "överväganden", "analys", "konsekvenser",
    "konsekvensanalys", "bedömda resultat och konsekvenser", "jämställdhet", "jämställdhetsanalys",
    "jämställdhetsperspektiv", "konsekvenser för jämställdhet", "jämställdhetskonsekvenser",
    "jämställdhet och jämlikhet", "barnperspektiv", "barnkonsekvensanalys", "barnrättsperspektiv",
    "miljö", "miljökonsekvenser", "ekonomi", "ekonomiska konsekvenser", "finansiering",
    "resurser och finansiering", "juridik", "juridiska konsekvenser", "samverkan", "uppföljning",
    "beslutsunderlag", "underlag", "bilagor", "beslutet expedieras till", "beslutet skickas till",
    "beredningsansvariga", "handläggare", "kontaktperson", "yttrande", "motivering",
    "konsekvenser för kvinnor och män", "konsekvenser för medborgare", "folkhälsa",
    "mångfald och jämlikhet", "risk- och konsekvensanalys", "tidplan", "genomförande",
    # what a motion answer, a citizens' proposal, a consultation reply or an audit reply
    # retells before its assessment
    "motionen", "motion", "medborgarförslaget", "medborgarförslag", "remissen",
    "remissens innehåll", "yttrandet i sammandrag", "sammanfattning av yttrandet",
    "revisorernas iakttagelser", "revisionens iakttagelser", "revisorernas rekommendationer",
    "ärendets beredning", "förvaltningens synpunkter", "synpunkter", "medborgardialog",
}
HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
TITLE_STYLE = re.compile(r"^(?:title|rubrik|titel|dokumentrubrik|ärenderubrik)$", re.IGNORECASE)
LIST_STYLE = re.compile(r"list|lista|punkt|numrer", re.IGNORECASE)
MAX_HEADING_CHARS = 90


def read_docx(source: str | Path | bytes, filename: str | None = None) -> Document:
    """Read a .docx from a path or bytes; raise UnreadableDocument with a Swedish reason."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        try:
            if path.stat().st_size > MAX_DOCX_BYTES:
                raise UnreadableDocument(_too_large(filename))
            data = path.read_bytes()
        except FileNotFoundError:
            raise UnreadableDocument(f"Filen {path} finns inte.") from None
        except IsADirectoryError:
            raise UnreadableDocument(f"{path} är en mapp, inte en fil.") from None
        except PermissionError:
            raise UnreadableDocument(f"Filen {path} kan inte läsas (behörighet saknas).") from None
    else:
        data = bytes(source)
        filename = filename or "dokument.docx"
    if len(data) > MAX_DOCX_BYTES:
        raise UnreadableDocument(_too_large(filename))
    parts = _Package(data, filename)
    return _DocumentReader(parts, filename, hashlib.sha256(data).hexdigest()).read()


def check_package(data: bytes, filename: str) -> None:
    """Refuse (UnreadableDocument) a package that is not a .docx or whose entries inflate
    past the budget; for outputs that open a stored file with another library."""
    _Package(data, filename)


def _too_large(filename: str) -> str:
    return (f"Filen {filename} är större än {MAX_DOCX_BYTES // (1024 * 1024)} MB. "
            "Ta bort inklistrade bilder eller dela upp dokumentet.")


def _not_docx(filename: str, data: bytes) -> str:
    if not data:
        return f"Filen {filename} är tom."
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return (f"Filen {filename} är ett äldre Word-dokument (.doc) eller ett lösenordsskyddat "
                "dokument. Spara den som Word-dokument (.docx) utan lösenord och försök igen.")
    if data.startswith(b"%PDF"):
        return (f"Filen {filename} är en PDF. jamcheck läser Word-dokument (.docx): "
                "ladda upp ärendet i Word-format.")
    return (f"Filen {filename} är inte ett Word-dokument (.docx). "
            "Spara ärendet som Word-dokument och försök igen.")


class _Package:
    """The zip package, read part by part with a size limit and a safe XML parser."""

    _parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                              huge_tree=False, remove_comments=True, remove_pis=True)

    def __init__(self, data: bytes, filename: str):
        self.filename = filename
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise UnreadableDocument(_not_docx(filename, data))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
        except ZIP_ERRORS:
            raise UnreadableDocument(
                f"Filen {filename} är skadad och kan inte öppnas. Spara om den i Word.") from None
        self._cache: dict[str, bytes] = {}
        self._check_sizes()
        if "[Content_Types].xml" not in self.names:
            if "mimetype" in self.names and b"opendocument" in self._raw("mimetype"):
                raise UnreadableDocument(
                    f"Filen {filename} är ett OpenDocument-dokument (.odt), inte Word. Spara "
                    "ärendet som Word-dokument (.docx) och försök igen.")
            raise UnreadableDocument(_not_docx(filename, data))
        if (MACRO_CONTENT_TYPE in self._raw("[Content_Types].xml")
                or any(name.lower().endswith("vbaproject.bin") for name in self.names)):
            raise UnreadableDocument(
                f"Filen {filename} är ett makroaktiverat Word-dokument (.docm). jamcheck tar "
                "av säkerhetsskäl inte emot makron: spara ärendet som vanligt Word-dokument "
                "(.docx) och försök igen.")

    def _check_sizes(self) -> None:
        """Every entry, also those never read (images), inflated once against one budget for
        the whole package, so that nothing later (the annotated download) inflates more than
        was checked here; a header that lies about a size is caught while inflating."""
        total = 0
        budget = UnreadableDocument(
            f"Filen {self.filename} packas upp till mer än {MAX_TOTAL_BYTES // (1024 * 1024)} "
            "MB och läses inte. Ta bort stora inklistrade bilder eller bilagor och försök igen.")
        for info in self.zip.infolist():
            if info.is_dir():
                continue
            if total + info.file_size > MAX_TOTAL_BYTES:
                raise budget
            try:
                with self.zip.open(info) as part:
                    while chunk := part.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_TOTAL_BYTES:
                            raise budget
            except ZIP_ERRORS:
                raise UnreadableDocument(
                    f"Filen {self.filename} är skadad ({info.filename} kan inte packas upp). "
                    "Spara om den i Word.") from None

    def _raw(self, name: str, limit: int = MAX_PART_BYTES) -> bytes:
        """A part's bytes, read once; refused when it inflates past `limit`."""
        if name not in self._cache:
            try:
                with self.zip.open(name) as part:
                    self._cache[name] = part.read(MAX_PART_BYTES + 1)  # a lying header stops here
            except ZIP_ERRORS:
                raise UnreadableDocument(
                    f"Filen {self.filename} är skadad ({name} kan inte packas upp). "
                    "Spara om den i Word.") from None
        raw = self._cache[name]
        if len(raw) > limit:
            raise UnreadableDocument(
                f"Filen {self.filename} innehåller en del ({name}) som packas upp till mer än "
                f"{limit // (1024 * 1024)} MB och läses inte.")
        return raw

    def xml(self, name: str, limit: int = MAX_PART_BYTES) -> etree._Element | None:
        if name not in self.names:
            return None
        raw = self._raw(name, limit)
        doctype = UnreadableDocument(
            f"Filen {self.filename} innehåller en DOCTYPE-deklaration ({name}), vilket "
            "Word aldrig skriver. Den läses inte av säkerhetsskäl; spara om dokumentet "
            "i Word.")
        if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:4096]:
            raise doctype  # the usual place, refused before parsing
        try:
            root = etree.fromstring(raw, self._parser)
        except etree.XMLSyntaxError:
            if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
                raise doctype from None
            raise UnreadableDocument(
                f"Filen {self.filename} är skadad ({name} är inte giltig XML). "
                "Spara om den i Word.") from None
        info = root.getroottree().docinfo
        if info.doctype or info.internalDTD is not None:  # anywhere in the prolog
            raise doctype
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationships of a part: id -> (type, target resolved against the part, mode)."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
            target, mode = rel.get("Target", ""), rel.get("TargetMode", "Internal")
            if mode != "External":
                target = (target.lstrip("/") if target.startswith("/")
                          else posixpath.normpath(posixpath.join(folder, target)))
            out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target, mode)
        return out

    def main_part(self) -> str:
        for kind, target, _mode in self.rels("").values():
            if kind == "officeDocument":
                return target
        return "word/document.xml"


class _Styles:
    """Paragraph and character styles: display name, heading level, bold, list, by style id.

    Resolved once when read and immutable after, so that one object can serve every document
    made from the same template (`_styles`)."""

    def __init__(self, root: etree._Element | None):
        self._raw: dict[str, etree._Element] = {}
        self.default_paragraph = ""
        if root is not None:
            for style in root.iter(w("style")):
                sid = style.get(w("styleId"), "")
                self._raw[sid] = style
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                    self.default_paragraph = sid
        self._cache: dict[str, tuple[str, int | None, bool, bool]] = {}
        for sid in self._raw:
            self._lookup(sid)
        self._raw = {}  # every style is resolved; the XML is no longer needed

    def info(self, sid: str) -> tuple[str, int | None, bool, bool]:
        """(name, heading level or None, bold, list) of a style; a style the part does not
        define is none of these."""
        sid = sid or self.default_paragraph
        return self._cache.get(sid) or (sid, None, False, False)

    def _lookup(self, sid: str, depth: int = 0) -> tuple[str, int | None, bool, bool]:
        """Resolve a style, following basedOn (at most MAX_STYLE_DEPTH styles deep: a longer
        chain is cut, never followed by recursion)."""
        if sid not in self._cache:
            if depth > MAX_STYLE_DEPTH:
                return ("", None, False, False)
            self._cache[sid] = ("", None, False, False)  # guards against basedOn cycles
            self._cache[sid] = self._resolve(sid, depth)
        return self._cache[sid]

    def _resolve(self, sid: str, depth: int = 0) -> tuple[str, int | None, bool, bool]:
        style = self._raw.get(sid)
        if style is None:
            return (sid, None, False, False)
        name_el = style.find(w("name"))
        name = name_el.get(W_VAL, sid) if name_el is not None else sid
        based = style.find(w("basedOn"))
        parent = (self._lookup(based.get(W_VAL, "") or self.default_paragraph, depth + 1)
                  if based is not None else ("", None, False, False))
        level = parent[1]
        match = HEADING_STYLE.match(name) or HEADING_STYLE.match(sid)
        if match:
            level = int(match.group(1))
        elif TITLE_STYLE.match(name) or TITLE_STYLE.match(sid):
            level = 0
        outline = style.find(f"{W_PPR}/{W_OUTLINE}")
        if outline is not None and level is None:
            value = to_int(outline.get(W_VAL))
            if value is not None and value < 9:
                level = value + 1
        bold_el = style.find(f"{W_RPR}/{W_B}")
        bold = _on(bold_el) if bold_el is not None else parent[2]
        is_list = (parent[3] or style.find(f"{W_PPR}/{W_NUMPR}") is not None
                   or bool(LIST_STYLE.search(name)))
        return (name, level, bold, is_list)


# The styles of the templates seen last, by the bytes of their styles part: an organisation's
# drafts share a template, whose styles part (often 350 kB) then is parsed once, not per upload.
_STYLES_SEEN: OrderedDict[bytes, _Styles] = OrderedDict()
_STYLES_SEEN_MAX = 16
_STYLES_LOCK = threading.Lock()


def _styles(pkg: _Package, name: str) -> _Styles:
    if name not in pkg.names:
        return _Styles(None)
    raw = pkg._raw(name, MAX_SIDE_PART_BYTES)
    key = hashlib.blake2b(raw, digest_size=16).digest()
    with _STYLES_LOCK:
        styles = _STYLES_SEEN.get(key)
        if styles is not None:
            _STYLES_SEEN.move_to_end(key)
            return styles
    styles = _Styles(pkg.xml(name, MAX_SIDE_PART_BYTES))  # checked and parsed as any part
    with _STYLES_LOCK:
        _STYLES_SEEN[key] = styles
        while len(_STYLES_SEEN) > _STYLES_SEEN_MAX:
            _STYLES_SEEN.popitem(last=False)
    return styles


def _on(el: etree._Element) -> bool:
    return el.get(W_VAL, "true") not in ("0", "false", "off")


def _run_bold(run: etree._Element, styles: _Styles | None, para_bold: bool) -> bool:
    rpr = run.find(W_RPR)
    if rpr is not None:
        b = rpr.find(W_B)
        if b is not None:
            return _on(b)
        rstyle = rpr.find(W_RSTYLE)
        if rstyle is not None and styles is not None and styles.info(rstyle.get(W_VAL, ""))[2]:
            return True
    return para_bold


class _DocumentReader:
    def __init__(self, package: _Package, filename: str, sha256: str):
        self.pkg = package
        self.filename = filename
        self.sha256 = sha256
        self.blocks: list[Block] = []
        self.bold_lines: set[int] = set()  # all-bold paragraphs too long for a heading
        self.paragraph_index = 0
        self.table_index = 0
        self.control_index = 0

    def read(self) -> Document:
        main = self.pkg.main_part()
        root = self.pkg.xml(main)
        if root is None:
            raise UnreadableDocument(
                f"Filen {self.filename} saknar dokumentinnehåll (word/document.xml) och är "
                "troligen inte ett Word-dokument. Spara ärendet som .docx i Word.")
        body = root.find(w("body"))
        if body is None:
            raise UnreadableDocument(f"Filen {self.filename} saknar dokumentkropp. Spara om den i Word.")
        folder = posixpath.dirname(main)
        self.styles = _styles(self.pkg, posixpath.join(folder, "styles.xml"))
        self._walk_body(body)
        if not any(b.text.strip() for b in self.blocks):
            raise UnreadableDocument(f"Dokumentet {self.filename} innehåller ingen text.")
        header_footer = self._header_footer(main)
        texts = [b.text for b in self.blocks] + header_footer
        words = sum(len(t.split()) for t in texts)  # one budget for all text of the document
        if words > MAX_WORDS or len(texts) > MAX_BLOCKS:
            raise UnreadableDocument(
                f"Dokumentet {self.filename} är för långt för att granskas ({words} ord i "
                f"{len(texts)} stycken; gränsen är {MAX_WORDS} ord och {MAX_BLOCKS} "
                "stycken, ungefär 400 sidor). Granska huvuddokumentet utan bilagor.")
        if any(len(t) > MAX_PARAGRAPH_CHARS for t in texts):
            raise UnreadableDocument(
                f"Dokumentet {self.filename} har ett stycke som är längre än "
                f"{MAX_PARAGRAPH_CHARS} tecken och kan inte granskas. Dela upp stycket.")
        return self._assemble(header_footer)

    # -- body -----------------------------------------------------------------

    def _walk_body(self, body: etree._Element) -> None:
        for block in body_blocks(body):
            if block.cell is not None:
                self.blocks.append(Block(index=len(self.blocks), kind="cell", text=block_text(block),
                                         cell=CellRef(*block.cell)))
            else:
                self._paragraph(block.paragraphs[0], block.paragraph, block.control)

    def _paragraph(self, p: etree._Element, paragraph: int | None = None,
                   control: int | None = None) -> None:
        ppr = p.find(W_PPR)
        sid = ""
        has_num = False
        if ppr is not None:
            ps = ppr.find(W_PSTYLE)
            sid = ps.get(W_VAL, "") if ps is not None else ""
            has_num = ppr.find(W_NUMPR) is not None
        _name, level, style_bold, style_list = self.styles.info(sid)
        parts: list[str] = []
        bold_runs: list[bool] = []  # for each run with text: whether it is bold
        for run in text_runs(p):
            text = run_text(run)
            parts.append(text)
            if text.strip():
                bold_runs.append(_run_bold(run, self.styles, style_bold))
        text = "".join(parts)
        kind = "paragraph"
        stripped = text.strip()
        if ppr is not None and level is None:
            outline = ppr.find(W_OUTLINE)
            if outline is not None and (to_int(outline.get(W_VAL)) or 9) < 9:
                level = (to_int(outline.get(W_VAL)) or 0) + 1
        if stripped and level is not None and len(stripped) <= 200:
            kind = "title" if level == 0 else "heading"
        elif has_num or style_list:
            kind = "list_item"
        elif stripped and self._looks_like_heading(stripped, bold_runs):
            kind, level = "heading", 2
        elif stripped and bold_runs and all(bold_runs) and len(stripped) <= 250 \
                and stripped[-1] not in ".;!?":
            self.bold_lines.add(len(self.blocks))  # too long for a heading; may be the title
        self.blocks.append(Block(index=len(self.blocks), kind=kind, text=text,
                                 paragraph=paragraph, control=control))

    @staticmethod
    def _looks_like_heading(text: str, bold_runs: list[bool]) -> bool:
        if len(text) > MAX_HEADING_CHARS or text[-1] in ".;,!?" or "\n" in text:
            return False
        if len(text.split()) > 10:
            return False
        if bold_runs and all(bold_runs):
            return True
        return text.rstrip(":").strip().lower() in TEMPLATE_HEADINGS

    # -- headers and footers --------------------------------------------------

    def _header_footer(self, main: str) -> list[str]:
        texts: list[str] = []
        seen: set[str] = set()
        for kind, target, mode in self.pkg.rels(main).values():
            if kind in ("header", "footer") and mode != "External" and target not in seen:
                seen.add(target)  # a part referenced many times is read once
                root = self.pkg.xml(target, MAX_SIDE_PART_BYTES)
                if root is None:
                    continue
                for p in root.iter(W_P):
                    text = paragraph_text(p).strip()
                    if text:
                        texts.append(text)
        return texts

    # -- sections and title ---------------------------------------------------

    def _assemble(self, header_footer: list[str]) -> Document:
        blocks = self.blocks
        title_block = next((b for b in blocks if b.kind == "title" and b.text.strip()), None)
        if title_block is None:  # the case's own heading before the template's headings,
            # after lines such as the department, the diarienummer and the date
            for b in blocks:
                name = b.text.strip().rstrip(":").lower()
                if b.kind == "heading" and name in TEMPLATE_HEADINGS:
                    break
                if (b.kind == "heading" or b.index in self.bold_lines) and b.cell is None \
                        and name and len(name) <= 250:
                    b.kind = "title"
                    title_block = b
                    break
        if title_block is None:
            first = next((b for b in blocks if b.text.strip()), None)
            if (first is not None and first.kind in ("heading", "paragraph")
                    and len(first.text.strip()) <= 200
                    and first.text.strip().rstrip(":").lower() not in TEMPLATE_HEADINGS):
                first.kind = "title"
                title_block = first
        for b in blocks:
            if b.kind == "title" and b is not title_block:
                b.kind = "heading"
        sections = [Section(index=0, title=None, heading=None)]
        for b in blocks:
            if b.kind == "heading" and b.text.strip() and b.cell is None:
                sections.append(Section(index=len(sections), title=b.text.strip().rstrip(":").strip(),
                                        heading=b))
            b.section = sections[-1].index
            sections[-1].blocks.append(b)
        title = title_block.text.strip() if title_block is not None else ""
        return Document(filename=self.filename, sha256=self.sha256, title=title,
                        title_block=title_block, blocks=blocks, sections=sections,
                        header_footer=header_footer)


def read_text(text: str, filename: str = "exempel.txt") -> Document:
    """A Document from plain text, for rule examples: a line starting with "# " is a heading,
    a line with cells separated by " | " a table row (consecutive rows one table), every
    other non-empty line a paragraph."""
    blocks: list[Block] = []
    tables, row = 0, -1  # tables so far; the row within the current table (-1: none)
    for line in text.split("\n"):
        if not line.strip():
            continue
        if " | " in line:
            if row < 0:
                tables += 1
            row += 1
            for col, cell in enumerate(line.split(" | ")):
                blocks.append(Block(index=len(blocks), kind="cell", text=cell.strip(),
                                    cell=CellRef(tables - 1, row, col)))
            continue
        row = -1
        heading = line.startswith("# ")
        blocks.append(Block(index=len(blocks), kind="heading" if heading else "paragraph",
                            text=line[2:] if heading else line, paragraph=len(blocks)))
    sections = [Section(index=0, title=None, heading=None)]
    for b in blocks:
        if b.kind == "heading":
            sections.append(Section(index=len(sections), title=b.text.strip(), heading=b))
        b.section = sections[-1].index
        sections[-1].blocks.append(b)
    return Document(filename=filename, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    title="", title_block=None, blocks=blocks, sections=sections)
