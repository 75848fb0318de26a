from django.apps import AppConfig


class EngageConfig(AppConfig):
    name = "kanmin.engage"
    label = "engage"
    verbose_name = "市民・事業者との連携 / Engagement"
