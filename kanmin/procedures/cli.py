"""CLI: ``kanmin procedures-keygen`` (city signing key + certificates), ``kanmin procedures-sweep``."""

from pathlib import Path
from typing import Optional

import typer


def register(app, django_setup):
    @app.command("procedures-keygen")
    def keygen(
        directory: Optional[Path] = typer.Option(None, "--dir", help="where to write the keys (default KANMIN_DATA_DIR/procedures-keys)"),
        city: str = typer.Option("", help="organization name in the certificates (default: site name)"),
        force: bool = typer.Option(False, help="replace existing keys"),
    ):
        """Create the city's document-signing key and X.509 certificates / 交付文書の署名鍵を作成"""
        django_setup()
        from kanmin.core.errors import UserError
        from kanmin.procedures import signing

        try:
            out = signing.keygen(directory, city=city, force=force)
        except UserError as exc:
            typer.secho(str(exc), fg=typer.colors.RED, err=True)
            raise typer.Exit(1) from None
        typer.echo(f"keys written to {out} (root.pem, signer.pem; private keys are mode 0600) / 鍵を作成しました")

    @app.command("procedures-sweep")
    def sweep(hours: float = typer.Option(1.0, help="only files older than this")):
        """Remove leftover temp uploads and files no application references / 不要な一時ファイルを削除"""
        django_setup()
        from kanmin.procedures.services import sweep_files

        removed = sweep_files(int(hours * 3600))
        typer.echo(f"removed {len(removed)} files / 削除しました")
