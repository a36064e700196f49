"""A cheap PBKDF2 hasher used only while the demo's accounts are created (see loader._quick_password_hashing)."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

__all__ = ["QuickPBKDF2PasswordHasher"]


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Same algorithm name as Django's, far fewer rounds: Django upgrades the hash at first sign-in."""

    iterations = 1000
