"""Serve bench.baseline_app with the gunicorn settings `survey serve` uses.

    python -m bench.baseline_serve --bind 127.0.0.1:9000 --workers 2

The options below copy survey_app/cli/serve.py (sync workers, no access
log, same timeouts); keep them in step if that file changes.
"""

from __future__ import annotations

import argparse

from gunicorn.app.base import BaseApplication


def gunicorn_options(bind: str, workers: int) -> dict:
    return {
        "bind": bind,
        "workers": workers,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 60,
        "graceful_timeout": 10,
    }


class _Baseline(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from .baseline_app import application

        return application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    _Baseline(gunicorn_options(args.bind, args.workers)).run()


if __name__ == "__main__":
    main()
