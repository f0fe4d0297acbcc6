import pytest


@pytest.fixture(autouse=True)
def _private_upload_dir(settings, tmp_path):
    """Every test keeps its uploads in its own directory."""
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "imports")


@pytest.fixture
def geography(db):
    from buurtkracht.imports.tests.helpers import make_geography

    return make_geography()
