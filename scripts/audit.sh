#!/usr/bin/env bash
# Known vulnerabilities in the installed, pinned dependencies (pip-audit, PyPI's advisory data).
# Fails on any known vulnerability. When the advisory data cannot be reached (a mirror that serves only
# the package index answers pip-audit's questions with 404: every package is then "not found"), it says
# so loudly and does not fail, because nothing was checked; on a machine that reaches pypi.org it audits.
source "$(dirname "$0")/_env.sh"
echo "== pip-audit (known vulnerabilities in the dependencies)"
REPORT="$(mktemp)"
trap 'rm -f "$REPORT"' EXIT
set +e
pip-audit --skip-editable --progress-spinner off --desc on -f json -o "$REPORT"
STATUS=$?
set -e
python - "$REPORT" "$STATUS" <<'PY'
import json
import sys

report, status = json.load(open(sys.argv[1])), int(sys.argv[2])
packages = report["dependencies"]
found = [(p["name"], p["version"], v["id"], ", ".join(v.get("fix_versions", [])))
         for p in packages for v in p.get("vulns", [])]
audited = [p for p in packages if "skip_reason" not in p]
for name, version, vuln, fixed in found:
    print(f"VULNERABLE {name} {version}: {vuln} (fixed in: {fixed or 'no release yet'})")
if found:
    sys.exit(1)
if packages and not audited:
    print(f"!! pip-audit could not reach PyPI's advisory data: none of {len(packages)} packages was checked.")
    sys.exit(0)
if status != 0:
    sys.exit(status)
print(f"pip-audit: no known vulnerability in {len(audited)} packages ({len(packages) - len(audited)} not found on PyPI).")
PY
