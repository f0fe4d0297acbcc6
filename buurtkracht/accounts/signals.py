"""Use a person's own language from the moment they log in."""

from allauth.account.signals import user_logged_in as allauth_logged_in
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _language_of(user) -> str | None:
    language = getattr(user, "language", None)
    return language if language in dict(settings.LANGUAGES) else None


@receiver(user_logged_in, dispatch_uid="buurtkracht_activate_language")
def activate_language(sender, request, user, **kwargs):
    """Any login (allauth, admin, tests): the rest of this request speaks the person's language."""
    language = _language_of(user)
    if language and request is not None:
        translation.activate(language)
        request.LANGUAGE_CODE = language


@receiver(allauth_logged_in, dispatch_uid="buurtkracht_language_cookie")
def remember_language(sender, request, response, user, **kwargs):
    """A login through allauth's pages: the language cookie makes the next pages speak it too."""
    language = _language_of(user)
    if language and response is not None and hasattr(response, "set_cookie"):
        set_language_cookie(response, language)
