from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "kanmin.quality"
    label = "quality"
    verbose_name = "機械判読性 / Machine readability"
