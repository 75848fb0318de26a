"""CKAN's error envelope: ``{"__type": "...", "message": "..."}`` with the same HTTP status codes."""

from kanmin.core.errors import UserError


class ActionError(Exception):
    status = 400
    type_name = "Bad request"

    def __init__(self, en: str, ja: str = "", **fields):
        super().__init__(en)
        self.en, self.ja, self.fields = en, ja or en, fields

    def body(self) -> dict:
        body = {"__type": self.type_name, "message": f"{self.type_name}: {self.en}", "message_ja": self.ja}
        body.update(self.fields)
        return body


class NotFound(ActionError):
    status, type_name = 404, "Not Found Error"


class NotAuthorized(ActionError):
    status, type_name = 403, "Authorization Error"


class ValidationError(ActionError):
    status, type_name = 409, "Validation Error"

    def body(self) -> dict:
        body = {"__type": self.type_name, "message_ja": self.ja}
        body.update(self.fields or {"message": [self.en]})
        return body

    @classmethod
    def from_user_error(cls, exc: UserError) -> "ValidationError":
        return cls(exc.en, exc.ja, **{exc.field or "message": [exc.en]})

    @classmethod
    def from_form(cls, form) -> "ValidationError":
        fields = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        ja = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
        return cls(ja, ja, **fields)


class SearchQueryError(ActionError):
    status, type_name = 409, "Search Query Error"
