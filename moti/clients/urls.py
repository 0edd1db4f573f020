from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.client_search, name="client_search"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/consents/", views.consents, name="consents"),
    path("clients/<int:pk>/disclosure-ban/", views.disclosure_ban, name="disclosure_ban"),
    path("consents/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("emergency/<str:handle>/", views.emergency_access, name="emergency_access"),
]
