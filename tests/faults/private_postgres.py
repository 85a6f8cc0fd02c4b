"""A throwaway PostgreSQL cluster of its own, for faults that stop the database server.

The machine's shared PostgreSQL serves other test workers at the same time, so a test
that restarts PostgreSQL runs initdb into a temp dir, serves it on a free port (TCP on
127.0.0.1 only, no Unix socket in a shared folder) and removes it afterwards. initdb
refuses to run as root: as root, every command runs as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from .server import free_port


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin that has initdb and pg_ctl, if any."""
    found = [
        Path(path).parent
        for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")
        if Path(path).with_name("pg_ctl").exists()
    ]
    return max(found, key=lambda path: int(path.parent.name), default=None)


def missing_reason() -> str | None:
    """Why a private cluster cannot run here, or None."""
    if postgres_bin() is None:
        return "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (initdb, pg_ctl)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run initdb as"
    return None


class PrivateCluster:
    """initdb, pg_ctl start/stop on a temp dir; `url` is its `postgres` database."""

    def __init__(self):
        self.bin = postgres_bin()
        assert self.bin is not None, missing_reason()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.root = Path(tempfile.mkdtemp(prefix="survey-fault-pg-"))
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> None:
        done = subprocess.run(
            [*self.as_postgres, *args], capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}\n{done.stderr}"

    def init(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "--no-sync", "--no-instructions")  # fmt: skip

    def enable_tls(self) -> None:
        """Serve TLS with a throwaway self-signed certificate (before start)."""
        key, certificate = self.data / "server.key", self.data / "server.crt"
        subprocess.run(
            ["openssl", "req", "-new", "-x509", "-days", "1", "-nodes", "-subj", "/CN=127.0.0.1",
             "-keyout", str(key), "-out", str(certificate)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            for path in (key, certificate):
                os.chown(path, account.pw_uid, account.pw_gid)
        key.chmod(0o600)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\nssl = on\n")
        self.url += "?sslmode=require"

    def start(self) -> None:
        # fsync off: this cluster only lives for one test and is only ever stopped cleanly.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c full_page_writes=off -c max_connections=40"
        )
        self._run(str(self.bin / "pg_ctl"), "start", "-w", "-t", "30", "-D", str(self.data),
                  "-l", str(self.log_path), "-o", options)  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """`fast`: what a service restart does (sessions are cut, then a clean shutdown)."""
        self._run(str(self.bin / "pg_ctl"), "stop", "-w", "-t", "30", "-m", mode,
                  "-D", str(self.data))  # fmt: skip

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def remove(self) -> None:
        if self.is_running():
            subprocess.run([*self.as_postgres, str(self.bin / "pg_ctl"), "stop", "-w", "-m",
                            "immediate", "-D", str(self.data)],
                           capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)
