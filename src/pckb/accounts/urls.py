"""Account pages: /accounts/ ..."""

from django.urls import path

from . import views, views_mfa, views_tokens

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("profile/", views.profile, name="profile"),
    path("mfa/", views_mfa.MFASettingsView.as_view(), name="mfa"),
    path("mfa/verify/", views_mfa.MFAVerifyView.as_view(), name="mfa_verify"),
    path("users/<int:pk>/mfa-reset/", views_mfa.MFAResetView.as_view(), name="mfa_reset"),
    path("tokens/", views_tokens.TokenListView.as_view(), name="token_list"),
    path("tokens/<int:pk>/revoke/", views_tokens.TokenRevokeView.as_view(), name="token_revoke"),
    path("organizations/options/", views.organization_options, name="organization_options"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserCreateView.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("users/<int:pk>/transition/", views.UserActiveView.as_view(), name="user_transition"),
    path("users/<int:pk>/deactivate/", views.UserActiveView.as_view(to="inactive"), name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.UserActiveView.as_view(to="active"), name="user_reactivate"),
    path("users/<int:pk>/password/", views.UserPasswordResetView.as_view(), name="user_password"),
    path("users/<int:pk>/memberships/add/", views.MembershipAddView.as_view(), name="membership_add"),
    path("memberships/<int:pk>/edit/", views.MembershipEditView.as_view(), name="membership_edit"),
    path("memberships/<int:pk>/remove/", views.MembershipRemoveView.as_view(), name="membership_remove"),
]
