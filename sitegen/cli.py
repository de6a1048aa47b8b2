"""The command line: ``sitegen build``, ``sitegen annotate``, ``sitegen serve``."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from functools import partial
from pathlib import Path

from . import __version__
from .build_lock import DEFAULT_WAIT, build_lock
from .config import Config, load_config
from .errors import SitegenError
from .scaffold import new_site, require_content

log = logging.getLogger("sitegen")


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE", help="config file (default: ./sitegen.toml when present)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: site/)")
    parser.add_argument("--base-url", metavar="URL", help="URL the site is published at, e.g. https://user.github.io/repo/")
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitegen",
        description="Build a static site of annotated news articles (entities, quotes, sources).",
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each stage with its time")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="build the site into site/", description="Read seeds/, annotate, render and write site/.",
                                epilog="Plugins installed under the entry point group sitegen.plugins, and those named in "
                                "sitegen.toml (plugins = [\"module:register\"]), add readers, Markdown extensions, spaCy "
                                "components, entity types, page kinds and template filters: README, 'Extending sitegen'.")
    _site_options(build)
    build.add_argument("--no-cache", action="store_true", help="annotate, convert and index every article again, ignoring the caches (annotations, Markdown, search bundle, compiled templates, page store)")
    build.add_argument("--force", action="store_true", help="build even when no input changed since the last build, and index the search again")
    build.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
                       help="how long to wait while another build writes the same output folder, then fail "
                       f"(default: {DEFAULT_WAIT:.0f}; 0 fails at once)")
    build.add_argument("--dask-scheduler", metavar="ADDRESS",
                       help="annotate on the Dask cluster with this scheduler, e.g. tcp://host:8786 "
                       "(default: dask_scheduler in sitegen.toml, else local processes; needs pip install 'sitegen[dask]')")

    annotate = commands.add_parser(
        "annotate",
        help="print an article's annotations as JSON",
        description="Print each article's annotations as JSON; several files give JSON Lines in the order given.",
    )
    annotate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    annotate.add_argument("--json", action="store_true", help="JSON output (the only format; kept for scripts)")
    annotate.add_argument("--config", type=Path, metavar="FILE", help="config file (default: ./sitegen.toml when present)")

    check = commands.add_parser(
        "check",
        help="report broken links, fragments and assets of the built site",
        description="Serve the built site on 127.0.0.1 under its base path, crawl it from the index page and "
        "report every broken internal link, #fragment and asset with the page it is on; exit 1 when any is broken.",
    )
    check.add_argument("--config", type=Path, metavar="FILE", help="config file (default: ./sitegen.toml when present)")
    check.add_argument("--out", type=Path, metavar="DIR", help="the built site to check (default: site/)")
    check.add_argument("--base-url", metavar="URL", help="URL the site was built for, e.g. https://user.github.io/repo/")
    check.add_argument("--url", metavar="URL", help="crawl a site already served at URL instead of serving the folder")

    new = commands.add_parser(
        "new", help="start a new site in DIR", description="Write a ready site into DIR (new or empty): a commented "
        "sitegen.toml, a German and an English sample article in seeds/, a templates/ folder with a README.")
    new.add_argument("folder", type=Path, metavar="DIR")
    new.add_argument("--title", help="the site's title (default: from the folder's name)")

    serve = commands.add_parser(
        "serve",
        help="build, serve site/ and rebuild what a change touches, reloading the browser",
        description="Build the site, serve it on 127.0.0.1 under the base path of base_url, watch seeds/, "
        "templates/, static files, the config and the entity registry, rebuild only what a change touches "
        "and reload the open pages (stylesheets in place). A failed rebuild shows its error over the page.",
    )
    _site_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in the web browser")
    serve.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                       help="log each request and change batch too (default: builds, edits and errors only)")
    serve.add_argument("--no-cache", action="store_true", help="ignore the caches (annotations, Markdown, search bundle, compiled templates, page store)")
    return parser


def configure(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    if getattr(args, "out", None):
        config.output_dir = str(args.out.resolve())
    if getattr(args, "base_url", None):
        config.base_url = args.base_url
    if getattr(args, "dask_scheduler", None):
        config.dask_scheduler = args.dask_scheduler
    return config


def cmd_build(args: argparse.Namespace) -> int:
    from . import site_size, stamp

    config = configure(args)
    require_content(config)
    inputs = stamp.input_stamp(config, drafts=args.drafts or config.drafts)
    if not (args.force or args.no_cache) and stamp.up_to_date(config, inputs):
        print(f"{config.output_path} is up to date: no input changed since the last build (--force builds anyway)",
              file=sys.stderr)
        return 0
    from .build import build, check_output, report_waiting

    check_output(config)
    with build_lock(config.output_path, wait=args.wait, on_wait=partial(report_waiting, config)):
        if not (args.force or args.no_cache) and stamp.up_to_date(config, inputs):  # the build waited for did it
            print(f"{config.output_path} is up to date: the build waited for made it", file=sys.stderr)
            return 0
        stamp.record(config, None)  # a failed or interrupted build must not look up to date
        result = build(config, drafts=args.drafts, use_cache=not args.no_cache, progress=None, fresh_search=args.force)
        stamp.record(config, inputs)
    pipelines = ", ".join(f"{name} ({count})" for name, count in sorted(result.pipelines.items())) or "none"
    size = site_size.measure(config.output_path)
    print(
        f"built {len(result.articles)} articles, {result.pages_written} pages into {config.output_path} "
        f"in {sum(result.timings.values()):.2f} s; pipelines: {pipelines}; site: {size}",
        file=sys.stderr,
    )
    warning = site_size.over_limit(size, config.site_size_limit)
    if warning:
        print(f"sitegen: warning: {warning}", file=sys.stderr)
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from .build import annotate_articles, make_annotator
    from .read import read_article
    from .render import annotations_json, dump_json

    config = configure(args)
    annotator = make_annotator(config)
    for path in args.files:
        article = read_article(path, config)
        (item,) = annotate_articles([article], annotator)
        sys.stdout.write(dump_json(annotations_json(item)) + "\n")
        sys.stdout.flush()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_folder, check_url

    config = configure(args)
    if args.url:
        report = check_url(args.url, (config.absolute_base,) if config.absolute_base else ())
    else:
        if not (config.output_path / "index.html").is_file():
            raise SitegenError("no built site here (run sitegen build first)", config.output_path)
        report = check_folder(config.output_path, config.base_path, config.absolute_base)
    for problem in report.problems:
        print(problem)
    summary = f"checked {report.pages} pages, {report.links} internal links"
    if report.ok:
        print(f"{summary}: nothing broken", file=sys.stderr)
        return 0
    print(f"{summary}: {len(report.problems)} broken", file=sys.stderr)
    return 1


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import ServeOptions, serve

    options = ServeOptions(host=args.host, port=args.port, open_browser=args.open, drafts=args.drafts,
                           use_cache=not args.no_cache, verbose=args.verbose)
    require_content(configure(args))
    return serve(lambda: configure(args), options)


def cmd_new(args: argparse.Namespace) -> int:
    written = new_site(args.folder, title=args.title)
    print(f"wrote {len(written)} files into {args.folder}; next: cd {args.folder} && sitegen serve", file=sys.stderr)
    return 0


COMMANDS = {"build": cmd_build, "annotate": cmd_annotate, "check": cmd_check, "serve": cmd_serve, "new": cmd_new}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so a build cleans up as on Ctrl-C: its staging folder
    removed, its worker processes and Pagefind stopped."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return _run(args)
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


INTERRUPTED = (130, 128 + signal.SIGTERM)


def entry() -> None:
    """The ``sitegen`` command: ``main``, then exit. A build interrupted or terminated has killed
    its workers and cleaned up; a thread of a worker pool may still wait for a result a killed
    worker was writing, and Python's exit would wait for that thread for ever, so the process
    then ends without joining it (``os._exit``, after flushing its output)."""
    code = main()
    if code in INTERRUPTED and any(t.is_alive() and not t.daemon for t in threading.enumerate()
                                   if t is not threading.main_thread()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.setLevel(logging.DEBUG if args.verbose else logging.INFO)
    try:
        return COMMANDS[args.command](args)
    except SitegenError as exc:
        if args.debug:
            raise
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return 1
    except Terminated:
        print("sitegen: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("sitegen: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if args.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"sitegen: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
