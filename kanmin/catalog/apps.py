from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kanmin.catalog"
    label = "catalog"
    verbose_name = "カタログ / Catalog"
