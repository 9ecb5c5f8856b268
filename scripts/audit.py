"""Dependency audit: every package pinned in uv.lock against PyPI's advisory data (pip-audit).

Fails on any known vulnerability that `audit-ignore.txt` does not list with a reason. pip-audit asks PyPI's
per-release JSON for each pin; where a PyPI mirror does not serve that endpoint, the project's JSON is asked
instead, whose advisory list is that of the newest release: it audits a pin that is the newest release, and a
pin that is not is reported as not audited (upgrade it or audit it where the full API is reachable).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IGNORE_FILE = REPO / "audit-ignore.txt"
PYPI = os.environ.get("RENDA_AUDIT_PYPI", "https://pypi.org/pypi")


def ignored() -> dict[str, str]:
    """Advisory id -> why it does not apply. Every entry must give its reason."""
    out = {}
    for n, line in enumerate(IGNORE_FILE.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        vuln, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{IGNORE_FILE.name}:{n}: {vuln} has no reason; every ignored advisory says why")
        out[vuln] = reason.strip()
    return out


def pip_audit(requirements: Path, ignore: dict[str, str]) -> list[dict]:
    cmd = [
        str(Path(sys.executable).with_name("pip-audit")),
        "-r",
        str(requirements),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "-f",
        "json",
    ]
    for vuln in ignore:
        cmd += ["--ignore-vuln", vuln]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if not done.stdout.strip():
        sys.exit(f"pip-audit gave no report:\n{done.stderr}")
    return json.loads(done.stdout)["dependencies"]


def newest_release_advisories(name: str) -> tuple[str, list[dict]] | None:
    try:
        with urllib.request.urlopen(f"{PYPI}/{name}/json", timeout=30) as response:
            data = json.load(response)
    except OSError:
        return None
    return data["info"]["version"], data.get("vulnerabilities") or []


def main() -> int:
    ignore = ignored()
    # The pins: `uv export --frozen --no-hashes --no-emit-project --all-groups` (the Makefile's audit target).
    requirements = Path(sys.argv[1])
    pins = {}
    for line in requirements.read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, _, rest = line.partition("==")
            pins[name.strip().lower().replace("_", "-")] = rest.split(";")[0].strip()
    deps = pip_audit(requirements, ignore)
    for d in deps:
        d.setdefault("version", pins.get(d["name"].lower().replace("_", "-"), "?"))
    findings = [(d["name"], d["version"], v) for d in deps for v in d.get("vulns", [])]
    skipped = [d for d in deps if d.get("skip_reason")]
    not_audited = []
    with ThreadPoolExecutor(max_workers=8) as pool:
        for dep, answer in zip(
            skipped, pool.map(lambda d: newest_release_advisories(d["name"]), skipped), strict=True
        ):
            if answer is None or answer[0] != dep["version"]:
                not_audited.append((dep["name"], dep["version"], answer[0] if answer else "?"))
                continue
            for v in answer[1]:
                ids = {v.get("id"), *v.get("aliases", [])}
                if not ids & set(ignore):
                    findings.append(
                        (
                            dep["name"],
                            dep["version"],
                            {"id": v.get("id"), "fix_versions": v.get("fixed_in", [])},
                        )
                    )
    audited = len(deps) - len(not_audited)
    print(f"audit: {audited} of {len(deps)} pinned packages checked against PyPI's advisory data")
    for name, version, newest in not_audited:
        print(
            f"audit: not audited {name}=={version} (newest on PyPI: {newest}; its advisories not served here)"
        )
    for vuln, reason in ignore.items():
        print(f"audit: ignored {vuln}: {reason}")
    for name, version, v in findings:
        print(
            f"audit: VULNERABLE {name}=={version}: {v['id']} (fixed in {', '.join(v.get('fix_versions') or []) or '?'})"
        )
    if findings:
        print(
            "audit: upgrade (uv lock --upgrade-package NAME) or list the advisory in audit-ignore.txt with why"
        )
        return 1
    print("audit: no known vulnerability")
    return 0


if __name__ == "__main__":
    sys.exit(main())
