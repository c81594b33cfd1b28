"""Running manage.py in a fresh process with the production settings, for the deployment tests."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "procura.settings.production",
    "SECRET_KEY": "k3v9-Zq2-pW8x-Lr5t-Yb7n-Hc4m-Jd6s-Fg1a-Ue0o-Ti3w-Xy8z-Qp2r-Vn",
    "ALLOWED_HOSTS": "procura.example.police.uk",
    "DATABASE_URL": "postgres://procura@127.0.0.1:5432/procura",
    # base64 of 32 bytes: the key-encryption key for sealed tenders (ADR 0003)
    "PROCURA_TENDER_KEK": "q83vEjRWeJq8Xm1Lk0zP2r4t6v8x0A2c4E6g8I0k2M4=",
}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
