"""The command line: `jamcheck check FILE.docx [FILE ...] [--format text|json|pdf|docx] [--output DIR]
[--fail-under N] [--settings ORG.yml]`.

text and json print the report(s); pdf and docx write `<stem>.jamcheck.pdf` (the report as an
attachment) or `<stem>.granskad.docx` (the document with a Word comment per finding) into the
folder given with --output and print the paths written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import __version__
from .errors import JamcheckError

FORMATS = ("text", "json", "pdf", "docx")
FILE_SUFFIX = {"pdf": ".jamcheck.pdf", "docx": ".granskad.docx"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jamcheck",
        description="Granskar beslutsunderlag (.docx) mot checklistan för jämställda beslut.")
    parser.add_argument("--version", action="version", version=f"jamcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="granska ett eller flera Word-dokument",
                           description="Granskar Word-dokument och skriver rapporten.")
    check.add_argument("files", nargs="+", metavar="FIL", help="Word-dokument (.docx)")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="utdataformat (standard: text); pdf skriver rapporten som bilaga, "
                            "docx dokumentet med kommentarer, båda till --output")
    check.add_argument("--output", metavar="MAPP", default=None,
                       help="mapp där pdf- och docx-filerna skrivs (skapas om den saknas)")
    check.add_argument("--fail-under", type=int, metavar="PROCENT", default=None,
                       help="avsluta med kod 1 om någon totalpoäng är lägre än PROCENT")
    check.add_argument("--rules", metavar="MAPP", default=None,
                       help="regelmapp (standard: den inbyggda rules/)")
    check.add_argument("--settings", metavar="FIL", default=None,
                       help="organisationens inställningar (YAML: egna jämställdhetsmål, "
                            "rubriker och ord), t.ex. exporterade från webbappen")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    writes_files = args.format in FILE_SUFFIX
    if writes_files and not args.output:
        print(f"jamcheck: --format {args.format} skriver filer och kräver --output MAPP "
              "(mappen där filerna ska sparas).", file=sys.stderr)
        return 2
    if args.output and not writes_files:
        print("jamcheck: --output används bara med --format pdf eller --format docx.",
              file=sys.stderr)
        return 2
    out_dir = None
    if writes_files:
        out_dir = Path(args.output)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            print(f"jamcheck: mappen {out_dir} kan inte skapas ({err.strerror or err}).",
                  file=sys.stderr)
            return 2
    from .checker import check_file
    from .report import to_text
    from .ruleset import default_ruleset, load_ruleset
    from .settings import OrgSettings

    try:
        if args.settings:
            ruleset = load_ruleset(args.rules, OrgSettings.from_file(args.settings))
        else:
            ruleset = default_ruleset(args.rules)
    except JamcheckError as err:
        print(f"jamcheck: {err}", file=sys.stderr)
        return 2
    written: set[Path] = set()
    reports, failed, unreadable = [], False, False
    for path in args.files:
        try:
            data = check_file(path, ruleset).to_dict()
        except JamcheckError as err:
            print(f"jamcheck: {err}", file=sys.stderr)
            unreadable = True
            continue
        reports.append(data)
        percent = data["total"]["percent"]
        if args.fail_under is not None and percent is not None and percent < args.fail_under:
            failed = True
        if args.format == "text":
            print(to_text(data))
            print()
        elif writes_files:
            try:
                target = _write_output(args.format, Path(path), data, out_dir, written)
            except JamcheckError as err:
                print(f"jamcheck: {err}", file=sys.stderr)
                unreadable = True
                continue
            except OSError as err:
                print(f"jamcheck: {path}: kan inte skriva resultatet ({err.strerror or err}).",
                      file=sys.stderr)
                unreadable = True
                continue
            print(target)
    if args.format == "json" and reports:
        print(json.dumps(reports[0] if len(args.files) == 1 else reports, ensure_ascii=False,
                         indent=2))
    if unreadable:
        return 2
    return 1 if failed else 0


def _write_output(fmt: str, source: Path, data: dict, out_dir: Path, written: set[Path]) -> Path:
    """Write the PDF report or the annotated .docx of one checked file; return its path."""
    stem = source.name[:-5] if source.name.lower().endswith(".docx") else source.stem
    target = out_dir / f"{stem}{FILE_SUFFIX[fmt]}"
    n = 2
    while target in written:  # two inputs with the same name from different folders
        target = out_dir / f"{stem}-{n}{FILE_SUFFIX[fmt]}"
        n += 1
    if fmt == "pdf":
        from .outputs.pdf import render_pdf

        payload = render_pdf(data, {"checked_at": dt.datetime.now()})
    else:
        from .outputs.annotate import annotate_docx

        payload = annotate_docx(source.read_bytes(), data)
    target.write_bytes(payload)
    written.add(target)
    return target


if __name__ == "__main__":
    sys.exit(main())
