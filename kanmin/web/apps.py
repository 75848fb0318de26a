from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kanmin.web"
    label = "web"
    verbose_name = "Web"
