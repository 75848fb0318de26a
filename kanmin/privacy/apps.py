from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "kanmin.privacy"
    label = "privacy"
    verbose_name = "非識別加工 / De-identification"
