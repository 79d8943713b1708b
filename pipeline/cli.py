"""Command line: `medclean run`, `medclean export`, `medclean report`,
`medclean glossary check|lookup|export|import|suggest`.

Exit codes: 0 every input processed; 3 some inputs rejected (the rest written,
each rejection printed once as `path: reason`); 2 usage or configuration error;
1 the run itself failed (the output folder could not be written); 4 another run holds the output folder.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from pipeline import __version__, exports
from pipeline import config as config_module
from pipeline import glossary as glossary_module
from pipeline.exports.base import FORMAT_MODULES, RecordsError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_BUSY = 4


def _fail_usage(message: str) -> None:
    click.echo(f"medclean: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _write_output(path: Path, data: bytes) -> None:
    """Write `path` atomically (temporary file, then rename); exit 1 with one line when it cannot be."""
    from pipeline.writers import write_atomic

    try:
        write_atomic(path, [data])
    except OSError as error:
        click.echo(f"medclean: cannot write {path}: {error.strerror or error}", err=True)
        sys.exit(EXIT_FAILED)


def _load_config(path: Path | None) -> config_module.Config:
    try:
        return config_module.load(path)
    except config_module.ConfigError as error:
        _fail_usage(str(error))
        raise AssertionError from error  # unreachable


def _load_glossary(config: config_module.Config) -> glossary_module.Glossary:
    location = config.terms.glossary
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
@click.option("--workers", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="processes to read and clean in, on this machine (the output does not depend on it)")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="where the work runs: local processes, or a Dask distributed cluster (needs medclean[dask])")
@click.option("--scheduler", metavar="ADDRESS", help="the Dask scheduler's address, e.g. tcp://10.0.0.5:8786")
def run_command(inputs: tuple[Path, ...], out_dir: Path, config_path: Path | None, quiet: bool, workers: int,
                executor: str, scheduler: str | None) -> None:
    """Clean INPUTS (files or folders; default raw/) into OUT."""
    from pipeline import progress
    from pipeline.executors import make_executor
    from pipeline.runner import run
    from pipeline.store import OutputBusy

    if config_path is not None and not config_path.is_file():
        _fail_usage(f"{config_path}: no such configuration file")
    if executor == "dask" and not scheduler:
        _fail_usage("--executor dask needs --scheduler ADDRESS")
    config = _load_config(config_path)
    glossary = _load_glossary(config)
    if misaligned := glossary_module.misaligning(glossary):  # refuse rather than tag terms with wrong concepts
        for problem in misaligned:
            click.echo(problem, err=True)
        _fail_usage(f"the glossary has {len(misaligned)} rows that would misalign terms; the run did not start")
    paths = list(inputs) or [Path("raw")]
    if not any(path.exists() for path in paths):  # a mistyped path must not empty an output folder
        _fail_usage(f"{', '.join(str(path) for path in paths)}: no such file or folder")
    try:
        chosen = make_executor(workers, executor, scheduler)
    except (RuntimeError, ValueError, OSError) as error:
        _fail_usage(f"cannot start the {executor} executor: {error}")
        raise AssertionError from error  # unreachable
    try:
        result = run(paths, out_dir, config, glossary, progress=progress.for_stream(sys.stderr, quiet),
                     executor=chosen)
    except OutputBusy as error:
        click.echo(f"medclean: {error}", err=True)
        sys.exit(EXIT_BUSY)
    except OSError as error:
        click.echo(f"medclean: cannot write {out_dir}: {error.strerror or error}", err=True)
        sys.exit(EXIT_FAILED)
    except sqlite3.Error as error:  # read-only, full or damaged: the previous output stays as it was
        click.echo(f"medclean: cannot use the run state in {out_dir / '.medclean'}: {error}", err=True)
        sys.exit(EXIT_FAILED)
    for rejection in result.rejections:
        click.echo(str(rejection), err=True)
    if not quiet or result.rejections:
        changes = result.changes
        summary = (f"medclean: {result.pages} records from {result.files} files written to {result.records_path}"
                   f"; pages since the last run: {changes['new']} new, {changes['changed']} changed, "
                   f"{changes['unchanged']} unchanged, {changes['gone']} gone")
        dropped = sum(count for key, count in result.stats.items() if key.startswith("dropped."))
        if dropped:
            summary += f"; {dropped} page{'' if dropped == 1 else 's'} moved to dropped.jsonl"
        if result.rejections:
            summary += f"; {len(result.rejections)} inputs rejected"
        skipped = {key.removeprefix("skipped."): count for key, count in result.stats.items()
                   if key.startswith("skipped.")}
        if skipped:
            kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(skipped.items()))  # "2 pdf"
            summary += f"; skipped {sum(skipped.values())} files of other formats ({kinds})"
        click.echo(summary, err=True)
    sys.exit(EXIT_REJECTED if result.rejections else EXIT_OK)


@cli.command("export")
@click.argument("cleaned_dir", required=False, default="cleaned", type=click.Path(path_type=Path, file_okay=False))
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMAT_MODULES)),
              help="tmx, moses (train.en/train.zh), parquet, docbin (spaCy), hf (datasets JSONL) or dolma")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="folder to write into  [default: CLEANED_DIR/exports/FORMAT]")
@click.option("--min-pair-score", default=0.0, show_default=True, type=click.FloatRange(0.0, 1.0),
              help="leave out sentence pairs scored below this")
@click.option("--lang", "languages", default="en,zh", show_default=True,
              help="language streams to export (formats that export streams: parquet, docbin, hf, dolma)")
@click.option("--keep-duplicates", is_flag=True, help="keep pages marked duplicate_of another, and repeated pairs")
def export_command(cleaned_dir: Path, fmt: str, out_dir: Path | None, min_pair_score: float, languages: str,
                   keep_duplicates: bool) -> None:
    """Export the records of CLEANED_DIR (default cleaned/) as FORMAT, with a dataset card (README.md)."""
    chosen = tuple(lang.strip() for lang in languages.split(",") if lang.strip())
    if not chosen or set(chosen) - {"en", "zh"}:
        _fail_usage(f"--lang takes en, zh or en,zh, not {languages!r}")
    out = out_dir or cleaned_dir / "exports" / fmt
    options = exports.ExportOptions(min_pair_score=min_pair_score, languages=chosen, keep_duplicates=keep_duplicates)
    try:
        written = exports.export(cleaned_dir, fmt, out, options)
    except FileNotFoundError as error:
        _fail_usage(str(error))
    except RecordsError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_FAILED)
    except ImportError as error:
        click.echo(f"medclean export --format {fmt}: needs {error.name} (pip install 'medclean[export]')", err=True)
        sys.exit(EXIT_FAILED)
    except OSError as error:
        click.echo(f"{out}: cannot write: {error}", err=True)
        sys.exit(EXIT_FAILED)
    for path in written:
        click.echo(str(path))
    sys.exit(EXIT_OK)


@cli.command("report")
@click.argument("cleaned_dir", required=False, default="cleaned", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="the report file  [default: CLEANED_DIR/report.html]; page views go beside it, in NAME_pages/")
def report_command(cleaned_dir: Path, out_path: Path | None) -> None:
    """Write an HTML report of CLEANED_DIR (default cleaned/) that opens offline in a browser."""
    from pipeline.report import build_report

    try:
        report = build_report(cleaned_dir, out_path)
    except FileNotFoundError as error:
        _fail_usage(str(error))
    except RecordsError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_FAILED)
    except OSError as error:
        click.echo(f"{out_path or cleaned_dir / 'report.html'}: cannot write: {error}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"{report.path} ({report.pages} pages; page views in {report.folder}/)")
    sys.exit(EXIT_OK)


@cli.group("glossary")
def glossary_group() -> None:
    """Inspect, exchange (TBX) and grow the medical glossary."""


@glossary_group.command("check")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False))
def glossary_check(config_path: Path | None) -> None:
    """Validate the glossary: file:line for every problem (stderr); coverage per file and the concepts
    that have no Chinese form yet, with the note saying why (stdout)."""
    config = _load_config(config_path)
    glossary = _load_glossary(config)
    for part in glossary_module.coverage(glossary):
        click.echo(f"{part.file}: {part.concepts} concepts, {part.bilingual} with both sides "
                   f"({part.share:.1%}), {len(part.english_only)} English only")
        for concept in part.english_only:
            click.echo(f"  {concept.origin.rsplit(':', 1)[1]}\t{concept.id}\t{concept.note or ''}")
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


@glossary_group.command("export")
@click.option("--tbx", "tbx_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="TBX file to write ('-' for standard output)")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False))
def glossary_export(tbx_path: Path, config_path: Path | None) -> None:
    """Write the glossary (the shipped one, or the config's terms.glossary) as TBX-Basic.

    ISO 30042:2008 form (martif/termEntry/langSet/tig), one termEntry a concept;
    the same glossary always gives the same bytes. Exit 2 when the glossary cannot be read or
    expressed in XML, or FILE is one of its sources; 1 when FILE cannot be written.
    """
    from pipeline import tbx

    config = _load_config(config_path)
    glossary = _load_glossary(config)
    try:
        data = tbx.to_tbx(glossary)
    except tbx.TbxError as error:
        _fail_usage(str(error))
        raise AssertionError from error  # unreachable
    if str(tbx_path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        location = config.terms.glossary
        sources = Path(location) if location else glossary_module.default_location()
        sources_files = sources.glob("*.tsv") if sources.is_dir() else [sources]
        if any(tbx_path.resolve() == source.resolve() for source in sources_files):
            _fail_usage(f"{tbx_path}: is a glossary source file; choose another output")
        _write_output(tbx_path, data)
        click.echo(f"{len(glossary.concepts)} concepts written to {tbx_path}", err=True)
    sys.exit(EXIT_OK)


@glossary_group.command("import")
@click.argument("tbx_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="glossary TSV to write, for review before it joins glossary/")
@click.option("--force", is_flag=True, help="overwrite OUT when it exists")
def glossary_import(tbx_file: Path, out_path: Path, force: bool) -> None:
    """Read a TBX file (TBX-Basic 2008 martif or 2019 tbx) into a glossary TSV.

    Skipped languages, terms and entries are printed as warnings. Exit 3 when
    the TBX file cannot be read (nothing written), 2 when OUT exists without --force.
    """
    from pipeline import tbx

    if out_path.exists() and not force:
        _fail_usage(f"{out_path}: exists; use --force to overwrite it")
    try:
        imported = tbx.read_tbx(tbx_file)
        text = tbx.tsv_text(imported.concepts)
    except (tbx.TbxError, glossary_module.GlossaryError) as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_REJECTED)
    for warning in imported.warnings:
        click.echo(f"warning: {warning}", err=True)
    _write_output(out_path, text.encode("utf-8"))
    click.echo(f"{len(imported.concepts)} concepts written to {out_path}", err=True)
    sys.exit(EXIT_OK)


@glossary_group.command("suggest")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="TSV file to write (default: standard output)")
@click.option("--top", type=click.IntRange(min=1), help="keep only the N best-ranked suggestions")
@click.option("--force", is_flag=True, help="overwrite OUT when it exists")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False))
def glossary_suggest(inputs: tuple[Path, ...], out_path: Path | None, top: int | None, force: bool,
                     config_path: Path | None) -> None:
    """Mine new term pairs (Chinese term glossed with its English in brackets) from INPUTS (default raw/).

    Rows come in the glossary's TSV layout, best first (distinct pages, then
    occurrences); pairs the glossary already holds are left out. Exit 3 when
    some inputs were rejected (the rest still mined), 2 for usage errors.
    """
    from collections.abc import Iterator

    from pipeline import suggest, tbx
    from pipeline.model import Page

    if config_path is not None and not config_path.is_file():
        _fail_usage(f"{config_path}: no such configuration file")
    if out_path is not None and out_path.exists() and not force:
        _fail_usage(f"{out_path}: exists; use --force to overwrite it")
    config = _load_config(config_path)
    glossary = _load_glossary(config)
    settings = config.ingest
    rejections: list[object] = []

    def pages() -> Iterator[Page]:
        for item in suggest.read_corpus(list(inputs) or [Path("raw")], settings):
            if isinstance(item, Page):
                yield item
            else:
                rejections.append(item)
                click.echo(str(item), err=True)

    suggestions = suggest.suggest(pages(), glossary, top=top)
    text = tbx.tsv_text([item.concept for item in suggestions])
    if out_path is None:
        click.echo(text, nl=False)
    else:
        _write_output(out_path, text.encode("utf-8"))
    plural = "" if len(suggestions) == 1 else "s"
    click.echo(f"{len(suggestions)} suggestion{plural}" + (f" written to {out_path}" if out_path else "")
               + (f"; {len(rejections)} inputs rejected" if rejections else ""), err=True)
    sys.exit(EXIT_REJECTED if rejections else EXIT_OK)


def main() -> None:
    cli(prog_name="medclean")


if __name__ == "__main__":
    main()
