"""jamcheck: checks Swedish committee decision drafts against the gender-equality checklist."""

__version__ = "0.1.0"

__all__ = ["JamcheckError", "UnreadableDocument", "__version__", "check_bytes", "check_file"]

from .errors import JamcheckError, UnreadableDocument


def check_file(path, ruleset=None):
    """Check a .docx file and return its Report (see jamcheck.report.Report.to_dict)."""
    from .checker import check_file as _check_file

    return _check_file(path, ruleset)


def check_bytes(data, filename="dokument.docx", ruleset=None):
    """Check the bytes of a .docx file and return its Report."""
    from .checker import check_bytes as _check_bytes

    return _check_bytes(data, filename, ruleset)
