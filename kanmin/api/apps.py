from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kanmin.api"
    label = "api"
    verbose_name = "API"
