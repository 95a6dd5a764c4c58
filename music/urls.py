from django.urls import path

from music import views

app_name = "music"

urlpatterns = [
    path("artis/<slug:slug>/", views.ArtistDetailView.as_view(), name="artist_detail"),
    path("rilisan/<slug:slug>/", views.ReleaseDetailView.as_view(), name="release_detail"),
    path("lagu/<slug:slug>/", views.SongDetailView.as_view(), name="song_detail"),
    path("film/<slug:slug>/", views.FilmDetailView.as_view(), name="film_detail"),
]
