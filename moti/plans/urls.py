from django.urls import path

from . import views

urlpatterns = [
    path("teams/<id:pk>/plan/", views.plan_detail, name="plan_detail"),
    path("teams/<id:pk>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("teams/<id:pk>/plan/print/", views.plan_print, name="plan_print"),
    path("teams/<id:pk>/plan/history/", views.plan_history, name="plan_history"),
    path("teams/<id:pk>/plan/goals/add/", views.goal_add, name="goal_add"),
    path("goals/<id:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("teams/<id:pk>/plan/actions/add/", views.action_add, name="action_add"),
    path("actions/<id:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<id:pk>/done/", views.action_done, name="action_done"),
    path("meetings/<id:pk>/to-plan/", views.plan_from_meeting, name="plan_from_meeting"),
]
