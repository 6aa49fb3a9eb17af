from django.urls import path

from huquq.security.search_views import person_search

app_name = "search"
urlpatterns = [path("", person_search, name="person")]
