"""A non-editable install carries the grammar, the default rulebook and the samples, and runs from any folder."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to copy the tracked tree")
def test_installed_package_checks_the_sample_from_another_folder(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(target), str(ROOT)], check=True, timeout=600)
    env = {**os.environ, "PYTHONPATH": str(target)}
    sample = tmp_path / "sample.txt"
    shutil.copy(ROOT / "samples" / "yangquan-czj-2024.txt", sample)
    run = subprocess.run([sys.executable, "-c", "from engine.cli.main import main; main()", "check", str(sample),
                          "--format", "json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), run.stderr
    assert '"rule": "C01c"' in run.stdout  # the missing 公开03, found with the shipped rulebook
    listed = subprocess.run([sys.executable, "-c", "from engine.cli.main import main; main()", "list", "--format", "json"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert listed.returncode == 0 and '"id": "T11"' in listed.stdout
    shipped = {p.name for p in (target / "engine" / "_samples").iterdir()}
    assert "yangquan-czj-2024.json" in shipped
