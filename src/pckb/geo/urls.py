from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.AdminUnitListView.as_view(), name="adminunit_list"),
    path("<int:pk>/", views.AdminUnitDetailView.as_view(), name="adminunit_detail"),
    path("options/", views.adminunit_options, name="adminunit_options"),
    path("map/", views.AdminMapView.as_view(), name="map"),
    path("provinces/<str:code>/", views.province_by_code, name="province_by_code"),
]
