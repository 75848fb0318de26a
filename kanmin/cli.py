"""The ``kanmin`` command: serve, setup, demo, load, export, token, createsuperuser (and domain tools).

Every command sets up Django itself, so it works from any directory.
"""

import os
import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(help="kanmin: 官民データ活用のためのオープンデータ基盤 / open data platform", no_args_is_help=True, add_completion=False)


def _django(inline_jobs: bool = True):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanmin.settings")
    if inline_jobs:
        os.environ.setdefault("KANMIN_JOBS_INLINE", "1")
    import django

    django.setup()


def _fail(exc) -> None:
    typer.secho(str(exc), fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


@app.command()
def setup():
    """Create or upgrade the database (migrations) and collect static files."""
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    typer.echo("database ready / データベースの準備ができました")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, threads: int = 8):
    """Serve the portal with waitress (static files included)."""
    os.environ["KANMIN_JOBS_INLINE"] = "0"
    _django(inline_jobs=False)
    from django.core.management import call_command
    from waitress import serve as waitress_serve

    from kanmin.core.jobs import fail_stale_jobs
    from kanmin.wsgi import application

    call_command("migrate", interactive=False, verbosity=0)
    fail_stale_jobs()
    typer.echo(f"kanmin: http://{host}:{port}/  (English: http://{host}:{port}/en/)")
    from django.conf import settings

    body_limit = (settings.KANMIN_MAX_UPLOAD_MB + 32) * 1024 * 1024
    waitress_serve(application, host=host, port=port, threads=threads, max_request_body_size=body_limit)


@app.command()
def demo(corpus: Optional[Path] = typer.Option(None, help="folder with the Takamatsu corpus")):
    """Create a demo city with real Takamatsu open data (CC BY 4.0)."""
    _django()
    from django.core.management import call_command

    from kanmin import demo as demo_data

    call_command("migrate", interactive=False, verbosity=0)
    try:
        summary = demo_data.build(corpus, echo=typer.echo)
    except FileNotFoundError as exc:
        _fail(exc)
    typer.echo(summary)


def _progress_echo():
    state = {"bar": None}

    def echo(done, total):
        if total and state["bar"] is None:
            state["bar"] = typer.progressbar(length=total, label="loading / 取り込み中", file=sys.stderr)
            state["bar"].__enter__()
            state["last"] = 0
        if state["bar"] is not None and done:
            state["bar"].update(done - state["last"])
            state["last"] = done

    def close():
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)

    return echo, close


@app.command()
def load(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV, TSV or Excel file"),
    dataset: str = typer.Option(..., "--dataset", "-d", help="dataset name (created if missing)"),
    organization: Optional[str] = typer.Option(None, "--org", help="organization name for a new dataset"),
    title: Optional[str] = typer.Option(None, help="title for a new dataset"),
    name: Optional[str] = typer.Option(None, help="resource name"),
    sheet: Optional[str] = typer.Option(None, help="Excel sheet name"),
):
    """Load a file into a dataset as a new resource (with datastore table), showing progress."""
    _django()
    from kanmin.catalog import files, services as catalog
    from kanmin.catalog.models import Dataset, Organization, Resource
    from kanmin.core.errors import UserError
    from kanmin.core.jobs import Progress
    from kanmin.datastore import services as datastore

    try:
        ds = catalog.get_dataset(dataset)
    except Dataset.DoesNotExist:
        if not organization:
            _fail(f"dataset '{dataset}' does not exist; give --org to create it / データセットがありません。--org を指定してください")
        try:
            org = catalog.get_organization(organization)
        except Organization.DoesNotExist:
            org = Organization.objects.create(name=organization, title=organization)
        ds = Dataset.objects.create(name=dataset, title=title or dataset, organization=org)
    echo, close = _progress_echo()
    resource = Resource.objects.create(dataset=ds, name=name or file.name, position=ds.resources.count())
    try:
        stored = files.store_path(file, f"resources/{resource.pk}")
        catalog.ingest_file(Progress(None, echo=echo), str(resource.pk), stored, "", sheet)
    except UserError as exc:
        close()
        resource.refresh_from_db()  # a refused merged-cell workbook was already stored as its file
        files.remove(resource.file)
        resource.delete()
        _fail(exc)
    close()
    info = datastore.info(resource.pk)
    typer.echo(f"resource {resource.pk}: {info['total'] if info else 0} rows / 行")


@app.command()
def export(
    resource_id: str,
    output: Path = typer.Option(..., "-o", "--output"),
    fmt: str = typer.Option("csv", "--format", help="csv, tsv, json, geojson"),
    encoding: str = typer.Option("utf-8", help="utf-8 or cp932 (Shift_JIS)"),
    bom: bool = typer.Option(False, help="write a UTF-8 BOM (for Excel)"),
):
    """Export a datastore table to a file."""
    _django()
    from kanmin.core.errors import UserError
    from kanmin.datastore import services as datastore

    try:
        _type, _ext, chunks = datastore.export_stream(resource_id, fmt, encoding=encoding, bom=bom)
        with open(output, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
    except (UserError, LookupError) as exc:
        _fail(exc)
    typer.echo(f"wrote {output}")


@app.command()
def createsuperuser(username: str = typer.Option(...), email: str = typer.Option(""), password: str = typer.Option(..., prompt=True, hide_input=True)):
    """Create a site administrator."""
    _django()
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        _fail(f"user '{username}' exists / 既に存在します")
    User.objects.create_superuser(username=username, email=email, password=password)
    typer.echo(f"created {username}")


@app.command()
def token(username: str, name: str = "cli"):
    """Issue an API token for a user (printed once)."""
    _django()
    from django.contrib.auth import get_user_model

    from kanmin.api.models import ApiToken

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        _fail(f"no user '{username}' / ユーザーがいません")
    _record, plain = ApiToken.issue(user, name)
    typer.echo(plain)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context):
    """Run a Django management command (e.g. kanmin manage migrate)."""
    _django(inline_jobs=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kanmin", *ctx.args])


def _register_domain_commands():
    """Domains add commands (e.g. ``kanmin check``) through ``kanmin/<domain>/cli.py: register(app)``."""
    import importlib
    import pkgutil

    import kanmin

    for info in pkgutil.iter_modules(kanmin.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"kanmin.{info.name}.cli")
        except ModuleNotFoundError as exc:
            if exc.name == f"kanmin.{info.name}.cli":
                continue
            raise
        module.register(app, _django)


def main():
    _register_domain_commands()
    app()


if __name__ == "__main__":
    main()
