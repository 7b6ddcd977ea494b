"""The command line: `jamcheck check FILE.docx [FILE ...] [--format text|json] [--fail-under N]`."""

from __future__ import annotations

import argparse
import json
import sys

from . import __version__
from .errors import JamcheckError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jamcheck",
        description="Granskar beslutsunderlag (.docx) mot checklistan för jämställda beslut.")
    parser.add_argument("--version", action="version", version=f"jamcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="granska ett eller flera Word-dokument",
                           description="Granskar Word-dokument och skriver rapporten.")
    check.add_argument("files", nargs="+", metavar="FIL", help="Word-dokument (.docx)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="utdataformat (standard: text)")
    check.add_argument("--fail-under", type=int, metavar="PROCENT", default=None,
                       help="avsluta med kod 1 om någon totalpoäng är lägre än PROCENT")
    check.add_argument("--rules", metavar="MAPP", default=None,
                       help="regelmapp (standard: den inbyggda rules/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .checker import check_file
    from .report import to_text
    from .ruleset import default_ruleset

    try:
        ruleset = default_ruleset(args.rules)
    except JamcheckError as err:
        print(f"jamcheck: {err}", file=sys.stderr)
        return 2
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
    if args.format == "json" and reports:
        print(json.dumps(reports[0] if len(args.files) == 1 else reports, ensure_ascii=False,
                         indent=2))
    if unreadable:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
