"""The column's pages (included into the public site's ``disclosure`` URL namespace)."""

from django.urls import path

from disclosure.column import views

urlpatterns = [
    path("xxgk/", views.xxgk_index, name="xxgk-index"),
    path("xxgk/<slug:org>/", views.org_column, name="org-column"),
    path("xxgk/<slug:org>/zn/", views.guide, name="guide"),
    path("xxgk/<slug:org>/zn/<int:pk>/", views.guide_version, name="guide-version"),
    path("xxgk/<slug:org>/zd/", views.regulation_list, name="regulation-list"),
    path("xxgk/<slug:org>/zd/<int:pk>/", views.regulation_detail, name="regulation-detail"),
    path("xxgk/<slug:org>/fdzdgknr/", views.statutory_content, name="statutory-content"),
    path("xxgk/<slug:org>/fdzdgknr/<int:node_pk>/", views.category_items, name="category-items"),
    path("xxgk/<slug:org>/bzml/", views.standard_catalog, name="standard-catalog"),
    # Staff: catalog nodes behind their update rule.
    path("fdzdgknr/staff/", views.catalog_updates, name="catalog-updates"),
]
