"""Uploads too big for memory are spooled to disk encrypted (procura/core/uploads.py)."""

import hashlib
import io
import json
import os

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from procura.core.uploads import EncryptedSpool, EncryptedTemporaryUploadedFile
from procura.tendering import selectors, services
from procura.tendering.models import Tender
from procura.tendering.tests.factories import AFTER, BEFORE, answers_for, tender_stage
from procura.testing.client import Api

MARKER = b"ALBION-CONFIDENTIAL-PRICING-SHEET|"


def _spooled(content: bytes, tmp_path, chunk: int = 64 * 1024) -> EncryptedSpool:
    spool = EncryptedSpool(directory=tmp_path)
    for start in range(0, len(content), chunk):
        spool.write(content[start : start + chunk])
    return spool


def test_what_reaches_the_disk_is_not_the_upload_and_reading_it_back_is(tmp_path):
    content = MARKER * 100_000  # 3.4 MB, over Django's 2.5 MB in-memory limit

    spool = _spooled(content, tmp_path)

    on_disk = os.pread(spool.fileno(), len(content) + 1, 0)
    assert len(on_disk) == len(content)
    assert MARKER not in on_disk
    spool.seek(0)
    assert spool.read() == content
    spool.close()


@pytest.mark.parametrize("position", [0, 1, 15, 16, 17, 65_537, 3_399_999])
def test_reading_can_start_anywhere(position, tmp_path):
    content = os.urandom(3_400_000)
    spool = _spooled(content, tmp_path)

    assert spool.seek(position) == position
    assert spool.read(1000) == content[position : position + 1000]
    assert spool.tell() == min(position + 1000, len(content))
    spool.close()


def test_the_temporary_file_has_no_name_on_disk_and_writing_after_reading_is_refused(tmp_path):
    spool = _spooled(b"x" * 100, tmp_path)
    assert list(tmp_path.iterdir()) == []
    spool.seek(0)

    with pytest.raises(io.UnsupportedOperation):
        spool.write(b"more")
    spool.close()
    assert spool.closed


def test_an_uploaded_file_reads_back_in_chunks_and_offers_no_path_to_move(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = os.urandom(200_000)
    upload = EncryptedTemporaryUploadedFile("plan.pdf", "application/pdf", 0, None)
    upload.write(content)
    upload.seek(0)
    upload.size = len(content)

    assert b"".join(upload.chunks(chunk_size=7_000)) == content
    assert not hasattr(upload, "temporary_file_path")
    upload.close()


@pytest.mark.django_db
def test_a_tender_file_bigger_than_memory_arrives_intact_through_the_api(settings):
    """3.4 MB goes through the encrypted spool (Django keeps only 2.5 MB in memory) and is
    sealed, received and, after the opening, read back exactly."""
    assert settings.FILE_UPLOAD_HANDLERS[-1] == (
        "procura.core.uploads.EncryptedTemporaryFileUploadHandler"
    )
    stage = tender_stage()
    api = Api(stage.albion_bid)
    content = MARKER * 100_000
    body = {"price": "1000000.00", "answers": {str(k): v for k, v in answers_for(stage).items()}}

    with time_machine.travel(BEFORE, tick=False):
        response = api.multipart(
            f"/api/v1/procurements/{stage.procurement.pk}/tender",
            {"tender": json.dumps(body), "files": [SimpleUploadedFile("pricing.xlsx", content)]},
        )

    assert response.status_code == 201, response.content
    assert response.json()["files"][0]["sha256"] == hashlib.sha256(content).hexdigest()
    assert response.json()["files"][0]["size"] == len(content)
    with time_machine.travel(AFTER, tick=False):
        for officer in (stage.buyer, stage.approver):
            services.confirm_opening(actor=officer, procurement=stage.procurement)
    tender = Tender.objects.get()
    assert bytes(selectors.opened_file(stage.procurement, tender.pk, 1).content) == content
