"""Blobs in an S3-compatible object store (boto3), streamed both ways.

Uploads go through S3 multipart upload with parts of `PART_BYTES` (S3's minimum part is 5 MiB),
so at most one part is held in memory; downloads read the object body in chunks. boto3 is
synchronous, so each network call runs in a worker thread.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import TYPE_CHECKING, Any

import anyio
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from core.settings import Settings
from store.blobs import CHUNK_BYTES, BlobNotFound, check_key

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

PART_BYTES = 8 * 1024 * 1024


class S3BlobStore:
    def __init__(self, client: S3Client, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    @classmethod
    def from_settings(cls, settings: Settings) -> S3BlobStore:
        secret = settings.s3_secret_access_key
        client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=None if secret is None else secret.get_secret_value(),
            config=Config(retries={"max_attempts": 3, "mode": "standard"}),
        )
        return cls(client, settings.s3_bucket)

    async def ensure_bucket(self) -> None:
        try:
            await anyio.to_thread.run_sync(lambda: self.client.head_bucket(Bucket=self.bucket))
        except ClientError:
            await anyio.to_thread.run_sync(lambda: self.client.create_bucket(Bucket=self.bucket))

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> int:
        check_key(key)
        created = await anyio.to_thread.run_sync(
            lambda: self.client.create_multipart_upload(Bucket=self.bucket, Key=key)
        )
        upload_id = created["UploadId"]
        parts: list[dict[str, Any]] = []
        size = 0
        buffer = bytearray()
        try:
            async for chunk in chunks:
                size += len(chunk)
                buffer += chunk
                if len(buffer) >= PART_BYTES:
                    parts.append(await self._part(key, upload_id, len(parts) + 1, bytes(buffer)))
                    buffer.clear()
            if buffer or not parts:
                parts.append(await self._part(key, upload_id, len(parts) + 1, bytes(buffer)))
            await anyio.to_thread.run_sync(
                lambda: self.client.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},  # type: ignore[typeddict-item]
                )
            )
        except BaseException:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(
                    lambda: self.client.abort_multipart_upload(
                        Bucket=self.bucket, Key=key, UploadId=upload_id
                    )
                )
            raise
        return size

    async def _part(self, key: str, upload_id: str, number: int, data: bytes) -> dict[str, Any]:
        answer = await anyio.to_thread.run_sync(
            lambda: self.client.upload_part(
                Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=data
            )
        )
        return {"PartNumber": number, "ETag": answer["ETag"]}

    async def open(self, key: str) -> AsyncIterator[bytes]:
        check_key(key)
        try:
            answer = await anyio.to_thread.run_sync(
                lambda: self.client.get_object(Bucket=self.bucket, Key=key)
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise BlobNotFound(key) from None
            raise
        body = answer["Body"]
        try:
            while chunk := await anyio.to_thread.run_sync(body.read, CHUNK_BYTES):
                yield chunk
        finally:
            body.close()

    async def delete(self, key: str) -> None:
        check_key(key)
        await anyio.to_thread.run_sync(
            lambda: self.client.delete_object(Bucket=self.bucket, Key=key)
        )
