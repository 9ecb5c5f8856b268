from .views import practices, sixhaves

app_name = "practices"
urlpatterns = [*sixhaves.urlpatterns, *practices.urlpatterns]
