"""``kanmin check FILE`` and ``kanmin convert FILE -o OUT.csv``: pure engine, no database needed."""

import json
import sys
from pathlib import Path
from typing import Optional

import typer


def register(app, django_setup):
    @app.command()
    def check(
        file: Path = typer.Argument(..., help="CSV, TSV, Excel or any other file"),
        as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
        schema: Optional[str] = typer.Option(None, "--schema", help="standard dataset id or title (default: detect)"),
        lang: str = typer.Option("ja", "--lang", help="ja or en"),
    ):
        """Check a file's machine readability (rules L1-01 … L3-09); exit code 1 if there are errors."""
        from .engine.check import check_file
        from .engine.standards import schemas

        if schema and schema not in schemas() and not any(s.title_ja == schema for s in schemas().values()):
            typer.secho(f"unknown schema '{schema}'; one of: {', '.join(schemas())}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2)
        if not file.is_file():
            typer.secho(f"ファイルがありません / no such file: {file}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2)
        report = check_file(file, schema=schema)
        if as_json:
            typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        else:
            _print_report(report, lang)
        if not report.readable:
            raise typer.Exit(2)
        if report.counts["error"]:
            raise typer.Exit(1)

    @app.command()
    def convert(
        file: Path = typer.Argument(..., help="CSV, TSV or Excel file"),
        output: Path = typer.Option(..., "-o", "--output", help="the clean UTF-8 CSV to write"),
        log: Optional[Path] = typer.Option(None, "--log", help="write every change as JSON here"),
        sheet: Optional[str] = typer.Option(None, "--sheet", help="Excel sheet (default: the first with data)"),
        standard_names: bool = typer.Option(False, "--standard-names", help="rename near-miss columns to the standard names"),
        bom: bool = typer.Option(False, "--bom", help="write a UTF-8 BOM (for Excel)"),
    ):
        """Convert a print-style spreadsheet to a machine-readable UTF-8 CSV, logging every change."""
        from .engine.convert import convert_file
        from .engine.errors import ReadError

        if not file.is_file():
            typer.secho(f"ファイルがありません / no such file: {file}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2)
        try:
            conv = convert_file(file, output, sheet=sheet, standard_names=standard_names, bom=bom)
        except ReadError as exc:
            typer.secho(str(exc), fg=typer.colors.RED, err=True)
            raise typer.Exit(2)
        if log:
            conv.write_log(log)
        typer.echo(f"wrote {output}: {conv.rows} rows, {len(conv.header)} columns; {conv.changed} changes, "
                   f"{conv.summary.get('ambiguous', 0)} need review / 変更 {conv.changed} 件・要確認 {conv.summary.get('ambiguous', 0)} 件")
        for a in conv.ambiguous[:10]:
            typer.echo(f"  ? {a['rule']} {a['cell']} {a['value'][:30]!r}: {a['note_ja']}", err=True)


def _print_report(report, lang: str) -> None:
    en = lang == "en"
    stars = "★" * report.stars + "☆" * (5 - report.stars)
    typer.echo(f"{report.filename}: score {report.score}/100  {stars}  ({report.format}{', ' + report.encoding if report.encoding else ''})")
    if report.standard:
        std = report.standard
        typer.echo(f"standard / 標準: {std['title_en'] if en else std['title_ja']} ({std['name']})")
    for f in report.findings:
        where = ", ".join(f.locations[:5]) + (f" … ({f.count})" if f.count > 5 else "")
        msg = f.message_en if en else f.message_ja
        typer.echo(f"[{f.rule}] {f.severity:7} {msg}" + (f"  @ {where}" if where else ""))
        if f.examples:
            typer.echo(f"          e.g. {f.examples[0][:100]!r}")
    sys.stdout.flush()
