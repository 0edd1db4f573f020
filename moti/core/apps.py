from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "moti.core"

    def ready(self) -> None:
        from .urls import IdConverter, KindConverter

        register_converter(IdConverter, "id")  # before any app's URLs are read
        register_converter(KindConverter, "kind")
