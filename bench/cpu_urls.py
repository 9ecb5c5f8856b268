"""The project's URLs plus the bare view that `bench cpu` measures beside the floor."""

from django.urls import path

from bench.cpu import bare_view
from renda.urls import urlpatterns as project

urlpatterns = [path("bench/bare", bare_view), *project]
