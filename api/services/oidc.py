"""Single sign-on with OpenID Connect (authorization code flow + PKCE), off unless configured.

The provider is discovered from `TDKT_OIDC_ISSUER`; PKCE values come from authlib, the ID
token is verified with joserfc (authlib's JOSE library): signature against the provider's
JWKS, issuer, audience, expiry and the nonce of this login. The identity maps to the tdkt
account named by the `TDKT_OIDC_USERNAME_CLAIM` claim, which must exist and be active: SSO
never creates accounts or roles. Success and failure are audited like password logins.
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import structlog
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt as jose_jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Unauthorized
from api.services import auth
from core.settings import Settings
from store.repositories import users
from store.repositories.audit import record_audit

FLOW_SECONDS = 600
SSO_FAILED = "msg.single_sign_on_failed"  # msgid: AppError words it
log = structlog.get_logger("tdkt.api.oidc")


def _failed(reason: str, **details: object) -> Unauthorized:
    log.warning("sso.refused", reason=reason, **details)
    return Unauthorized(SSO_FAILED)


@dataclass(frozen=True)
class Flow:
    """What the callback must find again: kept in a signed, short-lived cookie."""

    state: str
    nonce: str
    verifier: str
    next: str


def enabled(settings: Settings) -> bool:
    return bool(settings.oidc_issuer and settings.oidc_client_id)


async def _metadata(settings: Settings) -> dict[str, Any]:
    issuer = (settings.oidc_issuer or "").rstrip("/")
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.get(f"{issuer}/.well-known/openid-configuration")
        r.raise_for_status()
        data: dict[str, Any] = r.json()
    if data.get("issuer") != issuer:
        raise _failed("issuer mismatch", issuer=data.get("issuer"))
    return data


def _secret(settings: Settings) -> str:
    return settings.jwt_secret.get_secret_value()


async def begin(settings: Settings, redirect_uri: str, next_url: str) -> tuple[str, str]:
    """(URL of the provider's login, signed flow cookie)."""
    meta = await _metadata(settings)
    flow = Flow(generate_token(32), generate_token(32), generate_token(64), next_url)
    url = add_params_to_uri(
        meta["authorization_endpoint"],
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id or "",
            "redirect_uri": redirect_uri,
            "scope": "openid profile",
            "state": flow.state,
            "nonce": flow.nonce,
            "code_challenge": create_s256_code_challenge(flow.verifier),
            "code_challenge_method": "S256",
        },
    )
    cookie = jwt.encode(
        {**flow.__dict__, "exp": int(time.time()) + FLOW_SECONDS},
        _secret(settings),
        algorithm="HS256",
    )
    return url, cookie


def read_flow(settings: Settings, cookie: str | None, state: str) -> Flow:
    try:
        data = jwt.decode(cookie or "", _secret(settings), algorithms=["HS256"])
        flow = Flow(data["state"], data["nonce"], data["verifier"], data["next"])
    except (jwt.PyJWTError, KeyError, TypeError):
        raise _failed("no valid flow cookie") from None
    if not hmac.compare_digest(flow.state, state):
        raise _failed("state mismatch")
    return flow


async def _identity(settings: Settings, flow: Flow, code: str, redirect_uri: str) -> str:
    """The username claim of the verified ID token obtained for `code`."""
    meta = await _metadata(settings)
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else ""
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.post(
            meta["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": flow.verifier,
            },
            auth=(settings.oidc_client_id or "", secret),
        )
        keys = await http.get(meta["jwks_uri"])
    if r.status_code != 200 or keys.status_code != 200 or "id_token" not in r.json():
        raise _failed("token exchange failed", status=r.status_code, body=r.text[:300])
    try:
        token = jose_jwt.decode(r.json()["id_token"], KeySet.import_key_set(keys.json()))
        jose_jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": meta["issuer"]},
            aud={"essential": True, "value": settings.oidc_client_id or ""},
            nonce={"essential": True, "value": flow.nonce},
            exp={"essential": True},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise _failed("id token refused", error=repr(exc)) from None
    claims = dict(token.claims)
    if settings.oidc_username_claim not in claims and meta.get("userinfo_endpoint"):
        # Providers may keep profile claims out of the ID token (OIDC Core 5.4): ask UserInfo,
        # whose `sub` must be the ID token's.
        async with httpx.AsyncClient(timeout=10) as http:
            info = await http.get(
                meta["userinfo_endpoint"],
                headers={"Authorization": f"Bearer {r.json().get('access_token', '')}"},
            )
        if info.status_code == 200 and info.json().get("sub") == claims.get("sub"):
            claims |= info.json()
    username = claims.get(settings.oidc_username_claim)
    if not isinstance(username, str) or not username:
        raise _failed("no username claim", claim=settings.oidc_username_claim)
    return username


async def finish(
    *,
    session: AsyncSession,
    settings: Settings,
    flow: Flow,
    code: str,
    redirect_uri: str,
    ip: str,
) -> str:
    """A tdkt token for the provider's verified identity, or 401 (audited either way)."""
    try:
        username = await _identity(settings, flow, code, redirect_uri)
    except (httpx.HTTPError, ValueError) as exc:
        raise _failed("provider unreachable or invalid", error=repr(exc)) from None
    except Unauthorized:
        await record_audit(session, "(sso)", "auth.sso_failed", "", ip)
        await session.commit()
        raise
    user = await users.get_by_username(session=session, username=username)
    if user is None or not user.active:
        await record_audit(session, username[:200], "auth.sso_failed", username[:300], ip)
        await session.commit()
        raise _failed("no active account", username=username)
    await record_audit(session, user.username, "auth.login_sso", user.username, ip)
    await session.commit()
    return auth.encode_token(settings, user)
