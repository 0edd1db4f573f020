from django.urls import path

from . import api

urlpatterns = [
    path("directory/hsds/", api.root, name="hsds_root"),
    path("directory/hsds/services/", api.services, name="hsds_services"),
    path("directory/hsds/services/<uuid:service_id>/", api.service, name="hsds_service"),
    path("directory/hsds/organizations/", api.organizations, name="hsds_organizations"),
    path("directory/hsds/organizations/<uuid:organization_id>/", api.organization,
         name="hsds_organization"),
]
