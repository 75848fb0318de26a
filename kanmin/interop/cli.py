"""``kanmin harvest``: run harvest sources from cron (``kanmin harvest --due``) or by hand."""

from typing import Optional

import typer


def register(app, django_setup):
    @app.command()
    def harvest(
        source: Optional[str] = typer.Option(None, "--source", "-s", help="harvest source name / ハーベスト元の名前"),
        due: bool = typer.Option(False, "--due", help="only active sources whose interval has passed / 間隔が過ぎたものだけ"),
        list_only: bool = typer.Option(False, "--list", help="list sources and exit / 一覧を表示して終了"),
    ):
        """Harvest datasets from other CKAN sites (cron: */15 * * * * kanmin harvest --due)."""
        django_setup()
        from kanmin.interop.harvest import due_sources, run
        from kanmin.interop.models import HarvestSource

        if list_only:
            for s in HarvestSource.objects.all():
                state = "active" if s.active else "paused"
                typer.echo(f"{s.name}\t{state}\tevery {s.interval_hours}h\tnext {s.next_due() or 'now'}\t{s.url}")
            return
        if source:
            found = HarvestSource.objects.filter(name=source).first()
            if found is None:
                typer.secho(f"no harvest source '{source}' / ハーベスト元「{source}」はありません", fg=typer.colors.RED, err=True)
                raise typer.Exit(1)
            targets = [found]
        elif due:
            targets = due_sources()
        else:
            targets = list(HarvestSource.objects.filter(active=True))
        failed = 0
        for s in targets:
            job = run(s, trigger="cli")
            color = typer.colors.RED if job.status == "failed" else None
            typer.secho(f"{s.name}: {job.status}: {job.message_ja} / {job.message_en}", fg=color, err=job.status == "failed")
            failed += job.status == "failed"
        if not targets:
            typer.echo("nothing to harvest / 実行対象はありません")
        if failed:
            raise typer.Exit(1)
