"""A throw-away PostgreSQL server for the tests and the benchmark: a cluster created with
Debian's ``initdb`` in a temporary folder, listening on 127.0.0.1 at a free port, with
trust authentication and no fsync (nothing in it is meant to last).  PostgreSQL refuses
to run as root, so under root the server runs as the tests' ordinary user."""
from __future__ import annotations

import glob
import shutil
import socket
import subprocess
import uuid
from pathlib import Path

from hostile import Runner


class PostgresMissing(Exception):
    pass


def binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1:]), None)
    if found is None:
        raise PostgresMissing(
            f"no encuentro {name} de PostgreSQL: instala el paquete de Debian `postgresql` "
            "(python3 run.py test lo instala si corre como root)")
    return found


class Postgres:
    def __init__(self, folder: Path, runner: Runner):
        self.folder, self.runner = folder, runner
        self.data = folder / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.user = "grader"

    def _run(self, *command: str) -> None:
        result = self.runner.run(list(command), cwd=self.folder, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} falló: {result.stdout}{result.stderr}")

    def start(self) -> "Postgres":
        self._run(binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user, "--no-sync", "-E", "UTF8")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.folder} -c fsync=off"
        self._run(binary("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        subprocess.run([*self.runner.prefix, binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, env=self.runner.environment())

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its SQLAlchemy URL."""
        import psycopg

        name = "gradebook_" + uuid.uuid4().hex[:10]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
