from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kanmin.core"
    label = "core"
    verbose_name = "kanmin core"
