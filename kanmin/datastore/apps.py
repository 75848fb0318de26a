from django.apps import AppConfig


class DatastoreConfig(AppConfig):
    name = "kanmin.datastore"
    label = "datastore"
    verbose_name = "データストア / Datastore"
