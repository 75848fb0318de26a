"""Errors that carry a message in Japanese and English, shown as-is to users and API clients."""


class UserError(Exception):
    """A problem with the user's input. ``ja`` and ``en`` are complete sentences."""

    def __init__(self, ja: str, en: str, *, field: str | None = None):
        super().__init__(en)
        self.ja = ja
        self.en = en
        self.field = field

    def message(self, lang: str = "ja") -> str:
        return self.en if lang == "en" else self.ja

    def __str__(self) -> str:
        return f"{self.ja} / {self.en}"


class StructureError(UserError):
    """The file is readable but its layout (e.g. merged cells) keeps it out of the datastore.

    A new resource keeps such a file (so staff can review and convert it); a replacement is refused.
    """
