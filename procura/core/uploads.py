"""Uploads too big to keep in memory are spooled to disk encrypted, never in plaintext.

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to a temporary file
before the view runs. For a sealed tender that would put the supplier's pricing on the server's
disk in the clear, however briefly, before the tendering service seals it (ADR 0003). Here each
such upload is encrypted as it streams in, with AES-256 in counter mode under a random key that
exists only in this process's memory and dies with the request; the temporary file is anonymous
(unlinked at once, so no other process can open it by name). Reading the upload back decrypts it.
Nothing in Procura needs the temporary file's path: storages read uploads through `chunks()`.
"""

import io
import os
import tempfile

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

_BLOCK = 16  # AES block size: one counter value per 16 bytes


class EncryptedSpool(io.RawIOBase):
    """A write-then-read file: `write` encrypts into an anonymous temporary file; after
    `seek`, `read` decrypts from any position (counter mode lets it start anywhere)."""

    def __init__(self, *, directory=None):
        super().__init__()
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 - closed in close()
        self._key = os.urandom(32)
        self._nonce = int.from_bytes(os.urandom(_BLOCK), "big")
        self._encryptor = self._cipher_at(0).encryptor()
        self._decryptor = None
        self._offset = 0

    def _cipher_at(self, position: int) -> Cipher:
        counter = (self._nonce + position // _BLOCK) % (1 << 128)
        return Cipher(algorithms.AES(self._key), modes.CTR(counter.to_bytes(_BLOCK, "big")))

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return self._decryptor is None

    def seekable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._decryptor is not None:
            raise io.UnsupportedOperation("an encrypted upload is written once, then read")
        self._file.write(self._encryptor.update(bytes(data)))
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        position = self._file.seek(offset, whence)
        self._decryptor = self._cipher_at(position).decryptor()
        self._decryptor.update(b"\0" * (position % _BLOCK))  # into the block's key stream
        self._offset = position
        return position

    def tell(self) -> int:
        return self._file.tell() if self._decryptor is None else self._offset

    def read(self, size: int = -1) -> bytes:
        if self._decryptor is None:
            self.seek(0)
        data = self._decryptor.update(self._file.read(size))
        self._offset += len(data)
        return data

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def fileno(self) -> int:
        return self._file.fileno()

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            self._key = b""
        super().close()


class EncryptedTemporaryUploadedFile(UploadedFile):
    """An uploaded file spooled to disk encrypted. It deliberately has no
    `temporary_file_path()`: a storage must not move the ciphertext into place as the file."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        spool = EncryptedSpool(directory=settings.FILE_UPLOAD_TEMP_DIR)
        super().__init__(spool, name, content_type, size, charset, content_type_extra)


class EncryptedTemporaryFileUploadHandler(FileUploadHandler):
    """Settings.FILE_UPLOAD_HANDLERS' second handler, after Django's in-memory one: it takes
    every upload too big for memory."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = EncryptedTemporaryUploadedFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data, start):
        self.file.write(raw_data)

    def file_complete(self, file_size):
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self):
        if hasattr(self, "file"):
            self.file.close()
