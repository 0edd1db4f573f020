from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("my/actions/", views.my_actions, name="my_actions"),
    path("my/teams/", views.my_teams, name="my_teams"),
    path("my/attention/", views.needs_attention, name="needs_attention"),
    path("my/messages/", views.my_messages, name="my_messages"),
    path("my/caseload/", views.caseload, name="caseload"),
    path("my/absences/", views.my_absences, name="my_absences"),
    path("my/absences/<id:pk>/remove/", views.absence_remove, name="absence_remove"),
    path("my/handover/", views.handover, name="handover"),
    path("concerns/new/<str:handle>/", views.concern_new, name="concern_new"),
    path("concerns/<id:pk>/", views.concern_detail, name="concern_detail"),
    path("concerns/<id:pk>/convene/", views.team_convene, name="team_convene"),
    path("teams/<id:pk>/", views.team_detail, name="team_detail"),
    path("teams/<id:pk>/members/add/", views.member_add, name="member_add"),
    path("teams/<id:pk>/suggestions/", views.team_suggestions, name="team_suggestions"),
    path("members/<id:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/search/", views.member_search, name="member_search"),
    path("teams/<id:pk>/notes/add/", views.note_add, name="note_add"),
    path("teams/<id:pk>/close/", views.team_close, name="team_close"),
    path("teams/<id:pk>/reopen/", views.team_reopen, name="team_reopen"),
    path("teams/<id:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("invitations/<str:handle>/", views.meeting_rsvp, name="meeting_rsvp"),
]
