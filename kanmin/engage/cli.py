"""``kanmin engage-purge`` and ``kanmin engage-stats`` (no Django import at module level)."""

import json

import typer


def register(app, django_setup):
    @app.command("engage-purge")
    def engage_purge(days: int = typer.Option(7, help="remove unconfirmed submissions older than this many days")):
        """Delete rate-limit digests older than 2 days and unconfirmed requests/apps/subscriptions."""
        django_setup()
        from kanmin.engage import maintenance

        counts = maintenance.purge(days)
        typer.echo(" ".join(f"{k}={v}" for k, v in counts.items()))

    @app.command("engage-stats")
    def engage_stats(limit: int = typer.Option(10, help="how many popular datasets to list")):
        """Print the engagement KPIs (downloads by fiscal year, apps, requests) and popular datasets as JSON."""
        django_setup()
        from kanmin.engage import services

        out = {"metrics": services.metrics(), "popular": services.popular_datasets(limit)}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
