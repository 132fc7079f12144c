"""The wire format of API version 1: what a request may hold, checked before anything is written.

Every model forbids unknown fields and is strict (``"5"`` is not 5, ``1`` is not
``true``): a counter that sends something else has a bug we want to hear about,
not a guess. Strings a person never types are held to narrow ASCII patterns;
free text (a journal payload) must be valid UTF-8, because a lone surrogate in
JSON would otherwise reach SQLite and fail there as a 500.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter
from typing_extensions import NotRequired, TypedDict

MAX_BATCH_ITEMS = 1000
MAX_JOURNAL_ENTRIES = 5000
# Larger than SQLite's integer would be a 500 later; paise never get near it.
MAX_INT = 2**62


def _utf8(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid UTF-8 (lone surrogate)") from None
    return value


Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")]
CounterId = Annotated[str, Field(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9])?$")]
ConsumerNo = Annotated[str, Field(pattern=r"^[0-9]{1,20}$")]
Timestamp = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
                                         r"(Z|[+-][0-9]{2}:[0-9]{2})$")]
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Printable = Annotated[str, Field(pattern=r"^[\x20-\x7e]{0,200}$")]
FreeText = Annotated[str, Field(max_length=65_536), AfterValidator(_utf8)]
Int = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
PositiveInt = Annotated[int, Field(ge=1, le=MAX_INT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# The request's shapes are TypedDicts: pydantic checks them just as strictly (extra fields forbidden, no
# coercion) and hands back plain dicts, which the money rules work on, instead of models that must be
# dumped again: a third of the parsing time of a batch of a thousand.
_STRICT = ConfigDict(extra="forbid", strict=True)


class JournalEntry(TypedDict):
    """One entry of the counter's hash-chained journal, exactly as stored there."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    seq: PositiveInt
    at: Timestamp
    kind: Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]
    actor: NotRequired[Printable | None]
    ref: NotRequired[Printable | None]
    payload: FreeText
    prev_hash: Hex64
    hash: Hex64


class BatchItem(TypedDict):
    """One money message: a recharge, or a void of an earlier recharge (``ref_txn_id``)."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    txn_id: Id
    kind: Literal["recharge", "void"]
    ref_txn_id: Id
    counter_id: CounterId
    receipt_no: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,40}$")]
    receipt_seq: PositiveInt
    consumer_no: ConsumerNo
    amount_paise: Int
    created_at: Timestamp
    journal: JournalEntry
    signature: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{40,200}$")]


class BatchRequest(TypedDict):
    __pydantic_config__ = _STRICT  # type: ignore[misc]
    items: Annotated[list[BatchItem], Field(min_length=1, max_length=MAX_BATCH_ITEMS)]
    # The counter's non-money journal entries between the items, so the server can audit the whole chain.
    journal: NotRequired[Annotated[list[JournalEntry], Field(max_length=MAX_JOURNAL_ENTRIES)]]


BATCH_REQUEST = TypeAdapter(BatchRequest)


def _complete(body: dict) -> tuple[list[dict], list[dict]]:
    journal = body.get("journal", [])
    for entry in [item["journal"] for item in body["items"]] + journal:
        entry.setdefault("actor", None)
        entry.setdefault("ref", None)
    return body["items"], journal


def parse_batch(raw: bytes) -> tuple[list[dict], list[dict]]:
    """The items and journal entries of a request body; raises pydantic's ValidationError."""
    return _complete(BATCH_REQUEST.validate_json(raw))


def check_batch(items: list, journal: list) -> tuple[list[dict], list[dict]]:
    """:func:`parse_batch` for a body already read (a transfer file); the dicts returned are copies."""
    return _complete(BATCH_REQUEST.validate_python({"items": items, "journal": journal}))


class ItemResult(BaseModel):
    txn_id: str
    status: Literal["accepted", "duplicate", "rejected"]
    server_ref: str | None = None
    balance_paise: int | None = None
    reason: str | None = None
    message: str | None = None
    voided: bool | None = Field(None, description="a recharge whose void arrived first: recorded, never credited")
    reversed: bool | None = Field(None, description="a void that took back an earlier credit")
    waiting_for_original: bool | None = Field(None, description="a void stored before its recharge arrived")
    evidence: Evidence
    server_sig: str | None = Field(None, description="Ed25519 (GET /api/v1/server-key) over the canonical JSON of "
                                   "evidence; absent when the answer's evidence_batch_sig covers every result")


class Evidence(BaseModel):
    """What the server signs about one item."""

    counter_id: str
    txn_id: str
    kind: str
    amount_paise: int
    outcome: Literal["credited", "voided", "reversed", "void_applied", "void_waiting", "rejected"] = Field(
        description="credited: this recharge's money is on the consumer's balance; voided: recorded, never "
                    "credited; reversed: credited, then taken back by a void")
    server_ref: str | None
    at: str


class EvidenceBatch(BaseModel):
    """One signature for a whole answer: the SHA-256 (hex) of each result's canonical evidence, in order."""

    counter_id: str
    at: str
    digests: list[str]


class JournalAck(BaseModel):
    """The newest entry of the counter's journal that the server holds with an unbroken chain from entry 1."""

    counter_id: str
    seq: int
    hash: str
    at: str


class BatchResponse(BaseModel):
    server_time: str
    results: list[ItemResult]
    journal_ack: JournalAck
    journal_ack_sig: str
    evidence_batch: EvidenceBatch | None = Field(None, description="only when asked for with the request header "
                                                 "X-Counter-Evidence: batch")
    evidence_batch_sig: str | None = Field(None, description="Ed25519 over the canonical JSON of evidence_batch")


class ServerKeyInfo(BaseModel):
    public_key_pem: str
    key_id: str = Field(description="the first 16 hex digits of the SHA-256 of the raw public key")


class KeyRequest(_Strict):
    public_key_pem: Annotated[str, Field(pattern=r"^-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\r\n]{20,400}"
                                                 r"-----END PUBLIC KEY-----\s*$")]


class KeyResponse(BaseModel):
    counter_id: str
    registered_at: str
    already_registered: bool


class CounterProgress(BaseModel):
    counter_id: str
    last_receipt_seq: int = Field(description="the highest receipt number received from this counter "
                                              "(credited or rejected); 0 for none")
    journal_max_seq: int
    key_registered_at: str | None


class Health(BaseModel):
    status: str
    server_time: str
    api_version: int


class Consumer(BaseModel):
    consumer_no: str
    name: str
    meter_no: str
    subdivision: str
    balance_paise: int
    updated_at: str


class ConsumerPage(BaseModel):
    consumers: list[Consumer]
    next_cursor: str
    more: bool


class TransactionInfo(BaseModel):
    txn_id: str
    kind: str
    ref_txn_id: str
    counter_id: str
    receipt_no: str
    consumer_no: str
    amount_paise: int
    status: str = Field(description="credited, voided (never credited), reversed, void_applied or void_waiting")
    server_ref: str
    received_at: str
    credited_at: str | None
    reversed_at: str | None
    balance_after_paise: int | None
    evidence: Evidence
    server_sig: str


class Faults(_Strict):
    """What the fault injector does to API calls (health and admin calls are spared all but latency)."""

    error_rate: Annotated[float, Field(ge=0, le=1)] = 0.0
    drop_rate: Annotated[float, Field(ge=0, le=1)] = 0.0
    throttle_rate: Annotated[float, Field(ge=0, le=1)] = 0.0
    latency_ms: Annotated[int, Field(ge=0, le=60_000)] = 0
    retry_after_s: Annotated[int, Field(ge=0, le=3600)] = 1
    maintenance: bool = False


class ErrorBody(BaseModel):
    error: str
    message: str
