"""Shared fixtures: the KeyTool binary the SDK builds, and a scratch folder per test."""
import os
import subprocess
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def keytool() -> Path:
    """The KeyTool executable: $VIRTUALIDKIT_KEYTOOL, or the debug build of this package."""
    override = os.environ.get("VIRTUALIDKIT_KEYTOOL")
    if override:
        return Path(override)
    subprocess.run(["swift", "build", "--product", "KeyTool"], cwd=PACKAGE_ROOT, check=True)
    bin_path = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=PACKAGE_ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    return Path(bin_path) / "KeyTool"


class KeyToolRunner:
    def __init__(self, binary: Path, folder: Path):
        self.binary = binary
        self.folder = folder

    def __call__(self, *arguments: str, expect: int = 0) -> subprocess.CompletedProcess:
        result = subprocess.run([str(self.binary), *arguments], cwd=self.folder, capture_output=True, text=True)
        assert result.returncode == expect, f"KeyTool {' '.join(arguments)} exited {result.returncode}: {result.stdout}{result.stderr}"
        return result


@pytest.fixture
def sdk(keytool: Path, tmp_path: Path) -> KeyToolRunner:
    return KeyToolRunner(keytool, tmp_path)
