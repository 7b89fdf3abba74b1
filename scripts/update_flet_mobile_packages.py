"""Rebuild scripts/flet_mobile_packages.json: the binary packages Flet publishes for phones.

`flet build apk|ipa` installs packages with `--only-binary :all:` from PyPI plus
https://pypi.flet.dev, where Flet hosts phone wheels built from the recipes of
https://github.com/flet-dev/mobile-forge. pypi.flet.dev isn't reachable from every machine
(it isn't from the one this was written on), so the check reads this list instead.

Each recipe's `meta.yaml` is rendered the way mobile-forge renders it (`forge/package.py`:
a Jinja template given `sdk`, `sdk_version`, `arch` and `py_version`) once per Python line and
phone SDK, so a recipe that pins another version on 3.14 (cryptography) is recorded as such.

    git clone https://github.com/flet-dev/mobile-forge /tmp/mobile-forge
    python scripts/update_flet_mobile_packages.py /tmp/mobile-forge
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import yaml

PYTHON_LINES = ("3.12", "3.13", "3.14")
SDKS = {"android": ("24", "arm64_v8a"), "iphoneos": ("13.0", "arm64")}
OUTPUT = Path(__file__).with_name("flet_mobile_packages.json")


def render_versions(meta_template: str) -> dict[str, dict[str, str]]:
    versions: dict[str, dict[str, str]] = {}
    for sdk, (sdk_version, arch) in SDKS.items():
        for line in PYTHON_LINES:
            major, minor = (int(part) for part in line.split("."))
            rendered = jinja2.Template(meta_template).render(
                sdk=sdk, sdk_version=sdk_version, arch=arch, version=None,
                py_version=SimpleNamespace(major=major, minor=minor),
            )
            package = (yaml.safe_load(rendered) or {}).get("package") or {}
            if package.get("version") is not None:
                versions.setdefault(sdk, {})[line] = str(package["version"])
    return versions


def compact(versions: dict[str, dict[str, str]]) -> str | dict:
    """One version string when every SDK and Python line agree, else a smaller table:
    {python line: version} when both SDKs agree, else {sdk: version or {line: version}}."""
    per_sdk = {sdk: (set(lines.values()).pop() if len(set(lines.values())) == 1
                     and len(lines) == len(PYTHON_LINES) else lines)
               for sdk, lines in versions.items()}
    values = list(per_sdk.values())
    if len(per_sdk) == len(SDKS) and all(value == values[0] for value in values):
        return values[0]
    return per_sdk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mobile_forge", type=Path, help="a checkout of flet-dev/mobile-forge")
    args = parser.parse_args(argv)
    recipes = args.mobile_forge / "recipes"
    commit = subprocess.run(["git", "-C", str(args.mobile_forge), "log", "-1",
                             "--format=%H %cs"], capture_output=True, text=True,
                            check=True).stdout.split()
    packages = {}
    for meta in sorted(recipes.glob("*/meta.yaml")):
        versions = render_versions(meta.read_text(encoding="utf-8"))
        if versions:
            packages[meta.parent.name] = compact(versions)
    data = {
        "source": "https://github.com/flet-dev/mobile-forge/tree/main/recipes (the recipes "
                  "pypi.flet.dev is built from; listed at "
                  "https://flet.dev/docs/reference/binary-packages-android-ios)",
        "mobile_forge_commit": commit[0],
        "mobile_forge_commit_date": commit[1],
        "index": "https://pypi.flet.dev",
        "note": "Versions rendered from each recipe's meta.yaml by "
                "scripts/update_flet_mobile_packages.py: a string when every phone SDK and "
                "Python line has the same version, else {python line: version} or "
                "{sdk: ...}. A package listed here counts as installable on that phone; "
                "pypi.flet.dev itself was not queried.",
        "packages": packages,
    }
    OUTPUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{len(packages)} packages from mobile-forge {commit[0][:10]} ({commit[1]}) "
          f"-> {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
