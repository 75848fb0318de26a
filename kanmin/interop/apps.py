from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "kanmin.interop"
    label = "interop"
    verbose_name = "相互運用 / Interoperability"
