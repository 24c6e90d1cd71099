"""What a failed Temporal call means for the person who sent the request.

Temporal answers a call it cannot carry out now in several distinct ways, and each one is a
503 with ``Retry-After`` that says what is happening:

* ``UNAVAILABLE`` (and a client that cannot connect at all): Temporal cannot be reached, the
  only case worded "Temporal unreachable".
* ``FAILED_PRECONDITION`` (the server's ``WorkflowNotReady``): the workflow's task has failed or
  timed out three times in a row, typically because the worker is frozen, overloaded or gone,
  and the history service refuses every new update at once until a task completes
  (``failUpdateWorkflowTaskAttemptCount`` in temporal's ``updateworkflow`` API).
* ``RESOURCE_EXHAUSTED``: too many updates in flight for one workflow, a rate limit, or a
  workflow that is closing.
* ``DEADLINE_EXCEEDED`` / ``CANCELLED`` (or the SDK's update timeout): the server did not answer
  in time; the request may still be carried out.

The advice depends on whether the request can be sent again safely: with an ``Idempotency-Key``
a resend with the same key is applied at most once and answers the first request's result;
without one, the person should look at the dossier first.
"""

from __future__ import annotations

from typing import Final

import structlog
from temporalio.service import RPCError, RPCStatusCode

from api.errors import Unavailable
from core.i18n import _

log = structlog.get_logger("tdkt.api.temporal")

TEMPORAL_DOWN: Final = "msg.the_workflow_server_temporal_is_unreachable"  # msgid
TIMED_OUT: Final = "msg.temporal_reason_timed_out"  # msgid
STALLED: Final = "msg.temporal_reason_stalled"  # msgid
OVERLOADED: Final = "msg.temporal_reason_overloaded"  # msgid
SERVER_ERROR: Final = "msg.temporal_reason_server_error"  # msgid
RESEND_WITH_KEY: Final = "msg.resend_later_with_the_same_key"  # msgid
CHECK_THEN_RESEND: Final = "msg.check_the_dossier_then_resend"  # msgid

# Seconds before a retry may succeed: a stalled or overloaded workflow needs at least one
# workflow task (10 s timeout) to complete first; the others come back within seconds.
BUSY_RETRY_AFTER: Final = 10
SOON_RETRY_AFTER: Final = 5

REASONS: Final[dict[RPCStatusCode, str]] = {
    RPCStatusCode.UNAVAILABLE: TEMPORAL_DOWN,
    RPCStatusCode.FAILED_PRECONDITION: STALLED,
    RPCStatusCode.RESOURCE_EXHAUSTED: OVERLOADED,
    RPCStatusCode.DEADLINE_EXCEEDED: TIMED_OUT,
    RPCStatusCode.CANCELLED: TIMED_OUT,
}
BUSY: Final = frozenset({STALLED, OVERLOADED})


def reason_of(exc: RPCError) -> str:
    """The msgid of what ``exc`` means for the request (anything unforeseen: a server error)."""
    return REASONS.get(exc.status, SERVER_ERROR)


def busy(reason: str, *, keyed: bool) -> Unavailable:
    """The 503 for ``reason`` with the advice that fits the request and its Retry-After."""
    if reason == TEMPORAL_DOWN:
        return Unavailable(TEMPORAL_DOWN, headers={"Retry-After": str(SOON_RETRY_AFTER)})
    advice = _(RESEND_WITH_KEY if keyed else CHECK_THEN_RESEND)
    wait = BUSY_RETRY_AFTER if reason in BUSY else SOON_RETRY_AFTER
    return Unavailable(
        _("msg.temporal_busy", reason=_(reason), advice=advice),
        headers={"Retry-After": str(wait)},
    )


def timed_out(event: str, exc: BaseException, *, keyed: bool) -> Unavailable:
    """The update was not answered within its RPC timeout (it may still be applied); ``exc``
    is the SDK's timeout error, caused by the RPC's DEADLINE_EXCEEDED or CANCELLED."""
    cause = exc.__cause__
    status = cause.status if isinstance(cause, RPCError) else RPCStatusCode.DEADLINE_EXCEEDED
    log.warning(event, grpc_status=status.name, grpc_code=int(status), keyed=keyed)
    return busy(TIMED_OUT, keyed=keyed)


def rpc_failed(event: str, exc: RPCError, *, keyed: bool) -> Unavailable:
    """Log ``exc`` with its gRPC status (the request's dossier and workflow ids are bound by
    the caller) and return the 503 that words it."""
    reason = reason_of(exc)
    log.warning(
        event,
        grpc_status=exc.status.name,
        grpc_code=int(exc.status),
        error=exc.message,
        reason=reason,
        keyed=keyed,
    )
    return busy(reason, keyed=keyed)
