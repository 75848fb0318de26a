"""``kanmin deidentify`` and ``kanmin suppress-table``: the engine on a local file, no database.

Results made this way have had no staff review; publish through the web workflow (/privacy/).
"""

import csv
import json
import sys
from pathlib import Path
from typing import Optional

import typer


def _read(file: Path, sheet: Optional[str]):
    from kanmin.datastore.readers import guess_format, open_table

    table = open_table(file, guess_format(file.name), sheet=sheet)
    header = [str(h).strip() for h in table.header]
    rows = [["" if c is None else c for c in r] for r in table.rows()]
    return header, rows


def _write(path: Optional[Path], header, rows) -> None:
    out = open(path, "w", encoding="utf-8", newline="") if path else sys.stdout  # noqa: SIM115
    try:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    finally:
        if path:
            out.close()


def _fail(exc) -> None:
    typer.secho(f"{exc.ja}\n{exc.en}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2)


def register(app, django_setup):
    @app.command()
    def deidentify(
        file: Path = typer.Argument(..., help="CSV, TSV or Excel with personal data"),
        qi: list[str] = typer.Option(..., "--qi", help="quasi-identifier as COLUMN=KIND (age, date, postal, address, suppress)"),
        sensitive: Optional[str] = typer.Option(None, "--sensitive", help="sensitive column for ℓ-diversity"),
        keep: list[str] = typer.Option([], "--keep", help="column copied unchanged (others are removed)"),
        k: int = typer.Option(5, "--k"),
        l: int = typer.Option(1, "--l"),  # noqa: E741
        max_suppression: float = typer.Option(5.0, "--max-suppression", help="percent of records"),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="result CSV (default: stdout)"),
        report: Optional[Path] = typer.Option(None, "--report", help="write the risk report as JSON"),
        sheet: Optional[str] = typer.Option(None, "--sheet"),
    ):
        """k-anonymize (and ℓ-diversify) a table; prints the risk report to stderr. Not reviewed: do not publish directly."""
        from kanmin.core.errors import UserError

        from . import engine

        try:
            header, rows = _read(file, sheet)
            roles = {c: engine.ROLE_DROP for c in header}
            kinds = {}
            for item in qi:
                column, _, kind = item.partition("=")
                roles[column] = engine.ROLE_QI
                kinds[column] = kind or "suppress"
            for column in keep:
                roles[column] = engine.ROLE_KEEP
            if sensitive:
                roles[sensitive] = engine.ROLE_SENSITIVE
            config = engine.Config(roles=roles, hierarchies=kinds, k=k, l=l, max_suppression=max_suppression / 100)
            result = engine.anonymize(header, rows, config)
        except UserError as exc:
            _fail(exc)
        _write(output, result.header, result.rows)
        text = json.dumps(result.report.as_dict(), ensure_ascii=False, indent=1)
        if report:
            report.write_text(text, encoding="utf-8")
        typer.echo(text, err=True)

    @app.command("suppress-table")
    def suppress_table(
        file: Path = typer.Argument(..., help="CSV, TSV or Excel with one record per person"),
        rows_var: str = typer.Option(..., "--rows", help="column for the table's rows"),
        cols_var: str = typer.Option(..., "--cols", help="column for the table's columns"),
        threshold: int = typer.Option(3, "--threshold", help="cells below this are shown as χ"),
        output: Optional[Path] = typer.Option(None, "-o", "--output"),
        sheet: Optional[str] = typer.Option(None, "--sheet"),
    ):
        """Cross-tabulate two columns with primary and secondary small-cell suppression (χ)."""
        from kanmin.core.errors import UserError

        from . import aggregate

        try:
            header, rows = _read(file, sheet)
            table = aggregate.suppress(aggregate.crosstab(header, rows, rows_var, cols_var), threshold)
        except UserError as exc:
            _fail(exc)
        out_header, body = table.as_table(rows_var, cols_var)
        _write(output, out_header, body)
        typer.echo(f"primary={len(table.primary)} secondary={len(table.hidden - table.primary)}", err=True)
