from django.apps import AppConfig


class PubcommentConfig(AppConfig):
    name = "kanmin.pubcomment"
    label = "pubcomment"
    verbose_name = "パブリックコメント / Public comment"
