"""The OCDS schema files are data with their sources: SOURCES.txt names each file and its sha256,
so a refresh that forgets to say where the new file came from fails here."""

import hashlib
import json
import re

from procura.notices import ocds


def test_every_schema_file_is_listed_in_sources_with_its_hash():
    sources = (ocds.SCHEMA_DIR / "SOURCES.txt").read_text(encoding="utf-8")
    listed = dict(
        re.findall(r"^([\w.-]+\.json)\n-+\n(?:.*\n)*?sha256 ([0-9a-f]{64})$", sources, re.M)
    )

    files = {path.name: path for path in ocds.SCHEMA_DIR.glob("*.json")}
    assert sorted(listed) == sorted(files)
    for name, path in files.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[name], name


def test_the_package_schema_refers_to_the_release_schema_the_project_holds():
    package = json.loads((ocds.SCHEMA_DIR / "release-package-schema.json").read_text())

    assert package["properties"]["releases"]["items"] == {"$ref": ocds.release_schema()["id"]}
