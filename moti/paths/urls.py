from django.urls import path

from . import views

urlpatterns = [
    path("teams/<id:pk>/services/", views.team_services, name="team_services"),
    path("teams/<id:pk>/services/new/", views.episode_new, name="episode_new"),
    path("teams/<id:pk>/services/<id:episode>/", views.episode_edit, name="episode_edit"),
    path("teams/<id:pk>/services/<id:episode>/no-next-step/", views.episode_no_next_step,
         name="episode_no_next_step"),
    path("transitions/", views.transitions, name="transitions"),
    path("teams/<id:pk>/timeline/", views.team_timeline, name="team_timeline"),
    path("figures/", views.path_figures, name="path_figures"),
    path("teams/<id:pk>/referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/<id:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/incoming/", views.referrals_incoming, name="referrals_incoming"),
]
