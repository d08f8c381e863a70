#!/usr/bin/env python3
"""Fails when a public symbol of a library module has no documentation comment.

This is the check `swift package generate-documentation` would make with its missing-doc
warnings, without making the DocC plugin a dependency: SwiftPM's own `dump-symbol-graph`
writes the symbol graphs, and a symbol counts as documented when it carries a comment of its
own or inherits one from the protocol requirement it implements (as DocC shows it).

Usage: Scripts/check_documentation.py   (from the package root; builds as needed)
"""
import json
import pathlib
import subprocess
import sys

LIBRARY_MODULES = ("IDCore", "IDCoreTesting", "IDCorePKCS11", "IDCoreSQLite", "IDCorePostgres", "SocialSecuritySQLite", "SocialSecurityPostgres", "FaceMatch", "SocialSecurity", "SocialSecuritySimulator",
                   "SocialSecuritySimulatorSQLite", "SocialSecuritySimulatorPostgres")


def symbol_graph_directory() -> pathlib.Path:
    output = subprocess.run(["swift", "package", "dump-symbol-graph"], check=True, capture_output=True, text=True).stdout
    for line in output.splitlines():
        if line.startswith("Files written to "):
            return pathlib.Path(line.removeprefix("Files written to ").strip())
    sys.exit("swift package dump-symbol-graph did not say where it wrote the symbol graphs")


def declared_public_symbols(graph: dict) -> list[dict]:
    # Symbols without a location are synthesised by the compiler or come from another module.
    return [symbol for symbol in graph["symbols"] if symbol.get("accessLevel") in ("public", "open") and "location" in symbol]


def describe(symbol: dict) -> str:
    where = symbol["location"]["uri"].rsplit("/Sources/", 1)[-1]
    return f"{where}:{symbol['location']['position']['line'] + 1}: {'.'.join(symbol['pathComponents'])}"


def main() -> None:
    directory = symbol_graph_directory()
    symbols = []
    for module in LIBRARY_MODULES:
        symbols += declared_public_symbols(json.loads((directory / f"{module}.symbols.json").read_text()))
    missing = [describe(symbol) for symbol in symbols if not symbol.get("docComment")]
    for line in missing:
        print(f"undocumented public symbol: {line}")
    print(f"{len(symbols)} public symbols declared in {', '.join(LIBRARY_MODULES)}; {len(missing)} undocumented")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
