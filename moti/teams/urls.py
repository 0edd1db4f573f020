from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("concerns/new/<str:handle>/", views.concern_new, name="concern_new"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/convene/", views.team_convene, name="team_convene"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("teams/<int:pk>/notes/add/", views.note_add, name="note_add"),
    path("teams/<int:pk>/close/", views.team_close, name="team_close"),
    path("teams/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
]
