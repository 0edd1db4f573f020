from django.urls import path

from . import views

urlpatterns = [
    path("directory/", views.directory_search, name="directory"),
    path("directory/decisions/", views.who_decides, name="directory_decisions"),
    path("directory/to-check/", views.stale_entries, name="directory_stale"),
    path("directory/<kind:kind>/new/", views.entry_edit, name="directory_new"),
    path("directory/<kind:kind>/<id:pk>/", views.entry_detail, name="directory_entry"),
    path("directory/<kind:kind>/<id:pk>/edit/", views.entry_edit, name="directory_edit"),
    path("directory/<kind:kind>/<id:pk>/check/", views.entry_check, name="directory_check"),
]
