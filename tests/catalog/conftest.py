"""Fixtures of the catalog tests."""

import httpx
import pytest

from tests.catalog.helpers import CatalogOps
from tests.harness import Tokens


@pytest.fixture
def ops(catalog: httpx.Client, tokens: Tokens) -> CatalogOps:
    return CatalogOps(catalog, tokens)
