from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.client_search, name="client_search"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
]
