"""Shared fixtures: the SDK's example executables, and a scratch folder per test."""
import os
import subprocess
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bin_path() -> Path:
    """Where the executables are: $VIRTUALIDKIT_BIN, or this package's debug build."""
    override = os.environ.get("VIRTUALIDKIT_BIN")
    if override:
        return Path(override)
    subprocess.run(["swift", "build"], cwd=PACKAGE_ROOT, check=True)
    shown = subprocess.run(["swift", "build", "--show-bin-path"], cwd=PACKAGE_ROOT, check=True, capture_output=True, text=True)
    return Path(shown.stdout.strip())


class ToolRunner:
    """Runs one executable in the test's scratch folder and checks its exit status."""

    def __init__(self, binary: Path, folder: Path):
        self.binary = binary
        self.folder = folder

    def __call__(self, *arguments: str, expect: int = 0) -> subprocess.CompletedProcess:
        result = subprocess.run([str(self.binary), *arguments], cwd=self.folder, capture_output=True, text=True)
        assert result.returncode == expect, f"{self.binary.name} {' '.join(arguments)} exited {result.returncode}: {result.stdout}{result.stderr}"
        return result


@pytest.fixture
def sdk(bin_path: Path, tmp_path: Path) -> ToolRunner:
    return ToolRunner(bin_path / "KeyTool", tmp_path)


@pytest.fixture
def credentials(bin_path: Path, tmp_path: Path) -> ToolRunner:
    return ToolRunner(bin_path / "CredentialTool", tmp_path)
