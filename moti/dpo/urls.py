from django.urls import path

from . import views

app_name = "dpo"
urlpatterns = [
    path("dpo/", views.home, name="home"),
    path("dpo/logs/", views.log_review, name="log_review"),
    path("dpo/emergency/<id:pk>/review/", views.emergency_review, name="emergency_review"),
    path("dpo/clients/<id:pk>/log-report/", views.log_report, name="log_report"),
    path("dpo/clients/<id:pk>/export/", views.data_export, name="data_export"),
]
