"""Requests whose uploads stay in memory, with a larger body limit for the aging upload.

Werkzeug spools a file part above 500 KB to a temporary file on disk; a visitor's ledger
must never touch the disk, so every upload is read into memory (the body limits keep that
small: 256 KB in general, a little above 2 MB on the health check's upload).
"""

import io

from flask import Request

from .aging import MAX_BYTES

# The file may be 2 MB; the form's other fields and multipart framing need a little more.
UPLOAD_LIMITS = {"selfcheck.aging": MAX_BYTES + 64 * 1024}


class InMemoryUploadRequest(Request):
    @property
    def max_content_length(self) -> int | None:
        limit = UPLOAD_LIMITS.get(self.endpoint or "")
        return limit if limit is not None else Request.max_content_length.fget(self)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        Request.max_content_length.fset(self, value)

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()
