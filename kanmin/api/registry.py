"""Action registry: ``@action("package_show")`` registers a function ``f(ctx, data) -> result``."""

from dataclasses import dataclass

ACTIONS: dict = {}


@dataclass
class Context:
    user: object
    request: object
    lang: str = "en"

    @property
    def authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated)


def action(name: str, *, write: bool = False):
    def register(func):
        func.write = write
        ACTIONS[name] = func
        return func

    return register
