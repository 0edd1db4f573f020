from django.urls import path

from . import views

urlpatterns = [
    path("dpo/", views.dpo_home, name="dpo_home"),
    path("dpo/logs/", views.log_review, name="log_review"),
    path("dpo/emergency/<int:pk>/review/", views.emergency_review, name="emergency_review"),
    path("dpo/clients/<int:pk>/log-report/", views.log_report, name="log_report"),
    path("dpo/clients/<int:pk>/export/", views.data_export, name="data_export"),
]
