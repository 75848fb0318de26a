from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "kanmin.plan"
    label = "plan"
    verbose_name = "計画管理 / Plan management"
