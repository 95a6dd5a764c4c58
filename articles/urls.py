from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("kategori/<slug:slug>/", views.CategoryDetailView.as_view(), name="category_detail"),
    path("penulis/<slug:slug>/", views.AuthorDetailView.as_view(), name="author_detail"),
    path("pratinjau/<int:pk>/", views.ArticlePreviewView.as_view(), name="article_preview"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
