import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _dutch_outside_requests():
    """A login or a language change activates a language for the whole thread; start every test in Dutch
    so that direct service calls see the same language whatever ran before."""
    translation.activate("nl")
    yield
    translation.activate("nl")
