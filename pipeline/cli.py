"""Command line: `medclean run`, `medclean glossary check|lookup`.

Exit codes: 0 every input processed; 3 some inputs rejected (the rest written,
each rejection printed once as `path: reason`); 2 usage or configuration error;
1 the run itself failed (the output folder could not be written).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline import config as config_module
from pipeline import glossary as glossary_module

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3


def _fail_usage(message: str) -> None:
    click.echo(f"medclean: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load_config(path: Path | None) -> config_module.Config:
    try:
        return config_module.load(path)
    except config_module.ConfigError as error:
        _fail_usage(str(error))
        raise AssertionError from error  # unreachable


def _load_glossary(config: config_module.Config) -> glossary_module.Glossary:
    location = str(config.get("terms", "glossary"))
    try:
        return glossary_module.load(Path(location) if location else None)
    except glossary_module.GlossaryError as error:
        _fail_usage(str(error))
        raise AssertionError from error  # unreachable


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="medclean")
def cli() -> None:
    """Clean scraped medical pages into bilingual English/Chinese records."""


@cli.command("run")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="cleaned", show_default=True, type=click.Path(path_type=Path),
              help="output folder: records.jsonl, stats.json and the state in .medclean/")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="configuration file (default: ./medclean.toml when present)")
@click.option("--quiet", "-q", is_flag=True, help="print only rejections and errors")
def run_command(inputs: tuple[Path, ...], out_dir: Path, config_path: Path | None, quiet: bool) -> None:
    """Clean INPUTS (files or folders; default raw/) into OUT."""
    from pipeline.runner import run

    if config_path is not None and not config_path.is_file():
        _fail_usage(f"{config_path}: no such configuration file")
    config = _load_config(config_path)
    glossary = _load_glossary(config)
    paths = list(inputs) or [Path("raw")]

    def progress(sources: list) -> object:
        if quiet or not sys.stderr.isatty() or len(sources) < 2:
            return sources
        return click.progressbar(sources, label="cleaning", file=sys.stderr, show_pos=True)

    def iterate(sources: list) -> object:
        bar = progress(sources)
        if bar is sources:
            yield from sources
        else:
            with bar as items:
                yield from items

    try:
        result = run(paths, out_dir, config, glossary, progress=iterate)
    except OSError as error:
        click.echo(f"medclean: cannot write {out_dir}: {error.strerror or error}", err=True)
        sys.exit(EXIT_FAILED)
    for rejection in result.rejections:
        click.echo(str(rejection), err=True)
    if not quiet or result.rejections:
        summary = (f"medclean: {result.pages} records from {result.files} files written to {result.records_path}"
                   f" ({result.reused_files} files unchanged since the last run)")
        if result.rejections:
            summary += f"; {len(result.rejections)} inputs rejected"
        click.echo(summary, err=True)
    sys.exit(EXIT_REJECTED if result.rejections else EXIT_OK)


@cli.group("glossary")
def glossary_group() -> None:
    """Inspect the medical glossary."""


@glossary_group.command("check")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False))
def glossary_check(config_path: Path | None) -> None:
    """Validate the glossary: file:line for every problem."""
    config = _load_config(config_path)
    glossary = _load_glossary(config)
    problems = glossary_module.check(glossary)
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{len(glossary.concepts)} concepts, {len(problems)} problems", err=True)
    sys.exit(EXIT_REJECTED if problems else EXIT_OK)


@glossary_group.command("lookup")
@click.argument("term")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False))
def glossary_lookup(term: str, config_path: Path | None) -> None:
    """Show the concepts whose English or Chinese forms include TERM."""
    glossary = _load_glossary(_load_config(config_path))
    found = glossary_module.lookup(glossary, term)
    for concept in found:
        click.echo("\t".join([concept.id, concept.en, concept.zh or "", concept.origin]))
    sys.exit(EXIT_OK if found else EXIT_REJECTED)


def main() -> None:
    cli(prog_name="medclean")


if __name__ == "__main__":
    main()
