from django.urls import path

from disclosure.publishing import views

urlpatterns = [
    # Staff only: the private copy of a publishable item's file.
    path("gkwj/<str:model>/<int:pk>/", views.staff_file, name="staff-file"),
]
