"""Fuzzing: mutated .docx files (bytes flipped, parts truncated, XML mangled, zip entries
dropped or duplicated) must only ever raise jamcheck's own errors, never anything else.

The suite runs a bounded, deterministic number of examples; set JAMCHECK_FUZZ_EXAMPLES to run
more by hand (see the closing note of issue 6 for how many were run)."""

from __future__ import annotations

import io
import os
import warnings
import zipfile

import docxfactory
import hostile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamcheck import check_bytes
from jamcheck.errors import JamcheckError

EXAMPLES = int(os.environ.get("JAMCHECK_FUZZ_EXAMPLES", "150"))
BY_HAND = "JAMCHECK_FUZZ_EXAMPLES" in os.environ  # then random seeds, not the fixed one
SEEDS = [
    docxfactory.with_content_controls(), docxfactory.with_tracked_changes(),
    docxfactory.with_hyperlink(), docxfactory.with_table([["Grupp", "Kvinnor", "Män"],
                                                          ["Patienter", "120", "80"]]),
    hostile.base(),
]


def parts_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(name, z.read(name)) for name in z.namelist()]


def rezip(parts: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are the point
        for name, content in parts:
            z.writestr(name, content)
    return out.getvalue()


@st.composite
def mutated_docx(draw) -> bytes:
    seed = draw(st.sampled_from(SEEDS))
    kind = draw(st.sampled_from(["bytes", "xml", "truncate", "drop", "duplicate", "inject"]))
    if kind == "bytes":  # flip raw bytes of the zip itself
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    parts = parts_of(seed)
    index = draw(st.integers(0, len(parts) - 1))
    name, content = parts[index]
    if kind == "xml":  # change characters inside an XML part
        text = bytearray(content)
        for _ in range(draw(st.integers(1, 6))):
            text[draw(st.integers(0, len(text) - 1))] = draw(st.sampled_from(b"<>&/\"'= x\x00"))
        parts[index] = (name, bytes(text))
    elif kind == "truncate":
        parts[index] = (name, content[: draw(st.integers(0, len(content)))])
    elif kind == "drop":
        parts.pop(index)
    elif kind == "duplicate":
        parts.append((name, draw(st.binary(max_size=200))))
    else:  # insert a random element into the document body
        element = draw(st.sampled_from([
            b"<w:sdt><w:sdtContent><w:p/></w:sdtContent></w:sdt>", b"<w:tbl><w:tr/></w:tbl>",
            b"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"-3\"/></w:tcPr></w:tc></w:tr></w:tbl>",
            b"<w:p><w:pPr><w:outlineLvl w:val=\"x\"/></w:pPr></w:p>",
            b"<w:ins><w:r><w:t>\xc3\xa5</w:t></w:r></w:ins>", b"<w:del/>", b"<foo:bar/>"]))
        parts = [(n, c.replace(b"<w:body>", b"<w:body>" + element, 1)
                  if n == "word/document.xml" else c) for n, c in parts]
    return rezip(parts)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not BY_HAND, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=mutated_docx())
def test_only_jamcheck_errors_escape(data):
    try:
        report = check_bytes(data, "fuzz.docx").to_dict()
    except JamcheckError as err:
        assert str(err)  # a message for the user
        return
    assert len(report["criteria"]) == 7
