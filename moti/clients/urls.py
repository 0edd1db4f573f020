from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.client_search, name="client_search"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<id:pk>/", views.client_detail, name="client_detail"),
    path("clients/<id:pk>/turvakielto/", views.turvakielto, name="turvakielto"),
    path("emergency/<str:handle>/", views.emergency_access, name="emergency_access"),
]
