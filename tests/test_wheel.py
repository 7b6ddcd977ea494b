"""A wheel that installs: `pip install .` (not editable) carries the rules and their learned
models, templates, style
sheet, help texts, migrations and OpenAPI description, so that the CLI checks a draft and the
web app starts on an empty database outside the repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_runs_outside_the_repository(tmp_path):
    # built from a copy without the working tree's `build/`, where setuptools would keep
    # files since deleted from the repository (a removed model file stayed in the wheel)
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "eval", "docs", "__pycache__"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "-w", str(wheels), str(source)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(wheels.glob("jamcheck-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # the dependencies come from the test environment; jamcheck itself only from the wheel
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([str(python), "-c", code], check=True, capture_output=True,
                          text=True).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    checked = subprocess.run([str(venv / "bin" / "jamcheck"), "check",
                              str(ROOT / "samples" / "bus_routes_weak.docx")],
                             capture_output=True, text=True, cwd=outside, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "Konsekvenser för kvinnor och män beskrivs" in checked.stdout
    script = textwrap.dedent(f"""
        import jamcheck
        assert jamcheck.__file__.startswith({str(venv)!r}), jamcheck.__file__
        from jamcheck.ruleset import default_ruleset
        assert set(default_ruleset().models) == {{"concerns_people"}}, "models"
        from jamcheck.web import create_app
        app = create_app({{"DATABASE_URL": "sqlite:///{outside}/tom.sqlite", "SECRET_KEY": "x"}})
        client = app.test_client()
        for url in ("/logga-in", "/hjalp", "/static/jamcheck.css", "/api/v1/openapi.json"):
            assert client.get(url).status_code == 200, url
        print("ok")
    """)
    served = subprocess.run([str(python), "-c", script], capture_output=True, text=True,
                            cwd=outside, check=False)
    assert served.returncode == 0 and "ok" in served.stdout, served.stderr[-3000:]
