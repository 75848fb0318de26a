"""The append-only audit trail of applications: who did what, when."""

from .models import ApplicationEvent


def record(application, kind: str, *, actor=None, actor_label: str = "", on_behalf: bool = False, from_status: str = "",
           to_status: str = "", message: str = "", visible: bool = True) -> ApplicationEvent:
    if not actor_label:
        actor_label = f"staff:{actor.get_username()}" if actor is not None else "system"
    return ApplicationEvent.objects.create(
        application=application, kind=kind, actor=actor, actor_label=actor_label[:200], on_behalf=on_behalf,
        from_status=from_status, to_status=to_status, message=message, visible_to_applicant=visible,
    )


def citizen_label(citizen) -> str:
    if citizen is None:
        return "applicant:anonymous"
    return f"applicant:{citizen.provider}:{citizen.subject[:40]}"
