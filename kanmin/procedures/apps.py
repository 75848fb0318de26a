from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "kanmin.procedures"
    label = "procedures"
    verbose_name = "手続きオンライン化 / Online procedures"
