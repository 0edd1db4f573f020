from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.client_search, name="client_search"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<id:pk>/", views.client_detail, name="client_detail"),
    path("clients/<id:pk>/consents/", views.consents, name="consents"),
    path("clients/<id:pk>/disclosure-ban/", views.disclosure_ban, name="disclosure_ban"),
    path("consents/<id:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("emergency/<str:handle>/", views.emergency_access, name="emergency_access"),
]
