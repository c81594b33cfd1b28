"""Uploaded files go to a fresh temporary MEDIA_ROOT for each test."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_media_root(media_root):
    return media_root
