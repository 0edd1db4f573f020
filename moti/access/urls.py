from django.urls import path

from . import views

urlpatterns = [
    path("teams/<id:pk>/consents/", views.team_consents, name="team_consents"),
    path("consents/<id:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("clients/<id:pk>/disclosure-bans/", views.disclosure_ban_set, name="disclosure_ban_set"),
    path("disclosure-bans/<id:pk>/lift/", views.disclosure_ban_lift, name="disclosure_ban_lift"),
    path("access/people/", views.people, name="access_people"),
    path("access/people/<id:pk>/", views.person_roles, name="access_person"),
    path("access/roles/", views.roles, name="access_roles"),
    path("access/roles/new/", views.role_edit, name="access_role_new"),
    path("access/roles/<id:pk>/", views.role_edit, name="access_role"),
]
