"""The one exception family jamcheck raises, each with a Swedish message for the user."""


class JamcheckError(Exception):
    """Base of every error jamcheck reports to a user; `str(err)` is the Swedish message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnreadableDocument(JamcheckError):
    """The file cannot be read as a Word document (.docx)."""


class RuleError(JamcheckError):
    """A rule file is broken; the message names the file and the field."""
