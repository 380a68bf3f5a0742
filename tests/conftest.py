"""Shared fixtures: every test gets its own database and can never reach a real LLM service."""

from __future__ import annotations

import pytest

from pmtrainer.store import Store


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """No real keys or endpoints leak in; the database lives in the test's own folder."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PMTRAINER_MODEL", "PMTRAINER_BANK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PMTRAINER_DB", str(tmp_path / "pmtrainer.db"))
    monkeypatch.setenv("PMTRAINER_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "store.db")
    yield s
    s.close()


CUSTOMER_ANSWER = (
    "At my last company I interviewed twenty small-business owners who were frustrated that "
    "onboarding took a week. We rebuilt the setup flow around their first invoice, so new "
    "customers saw value on day one, and support tickets fell by 40% while trial conversion "
    "doubled within a quarter. I kept sales in the loop so they could position the change."
)
TECH_ANSWER = (
    "I would build it on Kubernetes with a microservice architecture. Each service talks over "
    "gRPC and publishes events to Kafka, with a Redis cache in front of Postgres. We shard the "
    "database by tenant and run the deployment through a CI/CD pipeline with Terraform, and the "
    "React frontend calls a GraphQL API backed by Python services."
)
