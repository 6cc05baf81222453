"""The Procfile's processes for benches: production settings, a given database, on loopback.

`production_environment` is what a web or worker dyno sees (a worker dyno runs, so web processes
only serve pages). A `Procfile` runs the release phase, starts `gunicorn main:app` (bound to a
free loopback port) and `flask --app main worker` as the Procfile does, each leading a process
group of its own so gunicorn's workers stop with their master, and stops them as Heroku does:
SIGTERM, then SIGKILL 30 s later. Their output goes to a folder of logs; a process that ends
with a failure prints the end of its log. `rss_mb` and `cpu_seconds` read a process from /proc.
"""
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.browser import Browser
from bench.harness import ROOT
from tests.helpers import free_port

BIN = Path(sys.executable).parent  # the virtualenv's gunicorn and flask
STOP_SECONDS = 30  # Heroku's wait between SIGTERM and SIGKILL
LOG_TAIL_CHARS = 3000


def production_environment(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of the Procfile's processes on `database_url`, with `settings` on top."""
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": "https://127.0.0.1",  # the host the requests name
        # Heroku sets it from the dyno's size: 2 on a 2-core dyno.
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        # A worker process sends and renders, so the web processes only serve pages, as
        # HEROKU_DEPLOYMENT.md says for a worker dyno.
        "OUTBOX_THREAD": "false",
        **settings,
    }


@dataclass
class Procfile:
    """The Procfile's processes with `environment`, by name, their output in `logs`/<name>.log;
    as a context manager, every one still running is stopped at the end."""

    environment: dict[str, str]
    logs: Path
    running: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __enter__(self) -> "Procfile":
        return self

    def __exit__(self, *exception) -> None:
        self.stop(*self.running)

    def release(self) -> None:
        """Run the release phase: migrate the database (which seeds the design catalogue)."""
        with (self.logs / "release.log").open("wb") as log:
            subprocess.run([BIN / "flask", "--app", "main", "db", "upgrade"],  # noqa: S603
                           cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT,
                           check=True)

    def web(self, name: str = "web") -> str:
        """Start a web process on a free loopback port; return its address."""
        port = free_port()
        # Gunicorn's control socket goes with the logs, not to one path every gunicorn shares.
        self.start(name, [str(BIN / "gunicorn"), "main:app", "--bind", f"127.0.0.1:{port}",
                          "--control-socket", str(self.logs / f"{name}.ctl")])
        return f"http://127.0.0.1:{port}"

    def worker(self, name: str = "worker") -> None:
        """Start the worker: it sends email and webhooks and renders files ahead."""
        self.start(name, [str(BIN / "flask"), "--app", "main", "worker"])

    def start(self, name: str, command: list[str]) -> None:
        """Start `command` from the project root as the process `name`."""
        with (self.logs / f"{name}.log").open("wb") as log:
            # Our own commands; a group of its own, so gunicorn's workers stop with it.
            self.running[name] = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)

    def stop(self, *names: str) -> None:
        """Stop the processes `names`: SIGTERM (they finish what is in hand), then SIGKILL what
        is left after STOP_SECONDS."""
        stopping = {name: self.running.pop(name) for name in names}
        for process in stopping.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for name, process in stopping.items():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
            if process.returncode != 0:
                log = self.logs / f"{name}.log"
                print(f"{name} exited with {process.returncode}; the end of {log}:\n"
                      f"{log.read_text(errors='replace')[-LOG_TAIL_CHARS:]}", file=sys.stderr)

    def wait_until_serving(self, base_url: str, seconds: float = 60) -> None:
        """Return once the web process at `base_url` answers /healthz with 200; raise if a
        process died or time ran out."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for name, process in self.running.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}: see "
                                       f"{self.logs / name}.log")
            try:
                if Browser().get(f"{base_url}/healthz", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass  # gunicorn listens before its workers have imported the app
            time.sleep(0.2)
        raise RuntimeError(f"{base_url} did not answer within {seconds:.0f} s")

    def children(self, name: str) -> list[int]:
        """The process ids of the children of process `name` (gunicorn's workers)."""
        pid = self.running[name].pid
        try:
            return [int(child) for child in
                    Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def cpu_seconds(pid: int) -> float:
    """The CPU time process `pid` has used, user and system (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """The resident memory of process `pid` in MB (0 if it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
