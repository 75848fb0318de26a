"""Shared fixtures: the real Takamatsu corpus, users with roles, and a loaded demo catalog."""

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "takamatsu"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """Read-only folder of real Takamatsu City spreadsheets (CC BY 4.0). Copy before changing."""
    if not CORPUS.is_dir():
        pytest.fail(f"corpus missing: {CORPUS}")
    return CORPUS


@pytest.fixture
def corpus_copy(corpus, tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(corpus, target)
    for p in target.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return target


@pytest.fixture
def org(db):
    from kanmin.catalog.models import Organization

    return Organization.objects.create(name="kikaku", title="企画課", title_en="Planning Division")


@pytest.fixture
def other_org(db):
    from kanmin.catalog.models import Organization

    return Organization.objects.create(name="zaimu", title="財務課")


@pytest.fixture
def staff_user(db):
    """Make a user with one role in each of ``orgs``: ``staff_user("outsider", other_org, role="admin")``."""
    from django.contrib.auth import get_user_model

    from kanmin.catalog.models import Membership

    def make(username, *orgs, role=Membership.Role.EDITOR, password=None):
        user = get_user_model().objects.create_user(username, f"{username}@example.invalid", password or f"pass-{username}-123")
        for organization in orgs:
            Membership.objects.create(user=user, organization=organization, role=role)
        return user

    return make


@pytest.fixture
def editor(staff_user, org):
    return staff_user("editor", org, password="pass-editor-123")


@pytest.fixture
def editor_token(editor):
    from kanmin.api.models import ApiToken

    return ApiToken.issue(editor, "test")[1]


@pytest.fixture
def site_admin(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.invalid", "pass-root-123")


@pytest.fixture
def dataset(org):
    from kanmin.catalog import services as catalog
    from kanmin.catalog.models import Dataset

    ds = Dataset.objects.create(name="aed", title="AED設置場所", notes="AED の設置場所", organization=org)
    catalog.set_tags(ds, ["AED", "防災"])
    catalog.reindex(ds)
    return ds


@pytest.fixture
def load_file(dataset):
    """Attach a file to ``dataset`` as a new resource and load it (jobs run inline in tests)."""
    from kanmin.catalog import services as catalog

    def load(path: Path, name: str | None = None):
        with open(path, "rb") as fh:
            resource, job = catalog.create_resource(dataset, name=name or path.name, upload=fh, filename=path.name)
        return resource

    return load


@pytest.fixture
def demo_catalog(db, corpus):
    """The full demo city (12 datasets from the corpus)."""
    from kanmin import demo

    demo.build(corpus, echo=lambda *a: None)
    return corpus


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run scripts/install-system-deps.sh chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page; ``page.base`` is the live server's URL."""
    context = browser.new_context(locale="ja-JP", accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.base = live_server.url
    yield pg
    context.close()
