"""``kanmin plan-seed`` (demo plan) and ``kanmin plan-measure`` (record automatic KPIs)."""

from typing import Optional

import typer


def register(app, django_setup):
    @app.command("plan-seed")
    def plan_seed():
        """Create the demo plan, inventories and KPIs (safe to run again)."""
        django_setup()
        from django.core.management import call_command

        from kanmin.plan import services

        call_command("migrate", interactive=False, verbosity=0)
        typer.echo(services.seed_demo())

    @app.command("plan-measure")
    def plan_measure(plan: Optional[str] = typer.Option(None, help="plan slug (default: every plan)"),
                     year: Optional[int] = typer.Option(None, help="fiscal year (default: this one)")):
        """Record this fiscal year's automatic KPI values (datasets, downloads, procedures online, …)."""
        django_setup()
        from kanmin.plan import kpis
        from kanmin.plan.models import Plan

        plans = Plan.objects.filter(slug=plan) if plan else Plan.objects.all()
        if plan and not plans.exists():
            typer.secho(f"no plan '{plan}' / 計画がありません", fg=typer.colors.RED, err=True)
            raise typer.Exit(1)
        for p in plans:
            result = kpis.measure(p, year)
            typer.echo(f"{p.slug}: {result['measured']} measured; unmeasured: {', '.join(result['unmeasured']) or '-'}")
