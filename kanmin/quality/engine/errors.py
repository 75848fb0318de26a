"""Errors of the engine (no Django): a bilingual message a person can act on."""


class ReadError(Exception):
    def __init__(self, ja: str, en: str):
        super().__init__(en)
        self.ja, self.en = ja, en

    def __str__(self) -> str:
        return f"{self.ja} / {self.en}"
