"""A small OpenID Connect provider of the tests' own: discovery document, JWKS, an
authorization endpoint that approves at once (the user is chosen by the test), a token
endpoint that checks the client, the code and PKCE and returns an RS256-signed ID token, and
an end-session endpoint. `behaviour` makes it misbehave the ways a test needs: a wrong
issuer or audience, an expired token, a bad signature, another nonce."""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "jamcheck"
CLIENT_SECRET = "hemligt-klientlosen"


@dataclass
class Provider:
    url: str
    user: dict = field(default_factory=dict)  # the claims of who logs in next
    behaviour: set = field(default_factory=set)
    codes: dict = field(default_factory=dict)
    logouts: list = field(default_factory=list)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    other_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(
        2048, parameters={"kid": "k1"}))

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": nonce, **self.user}
        if "issuer" in self.behaviour:
            claims["iss"] = "https://annan-leverantor.example"
        if "audience" in self.behaviour:
            claims["aud"] = "ett-annat-system"
        if "expired" in self.behaviour:
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        if "nonce" in self.behaviour:
            claims["nonce"] = "en-annan-nonce"
        key = self.other_key if "signature" in self.behaviour else self.key
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def _app(provider: Provider) -> Flask:
    app = Flask("oidcprovider")

    @app.get("/.well-known/openid-configuration")
    def discovery():
        return jsonify({
            "issuer": provider.url, "authorization_endpoint": f"{provider.url}/authorize",
            "token_endpoint": f"{provider.url}/token", "jwks_uri": f"{provider.url}/jwks",
            "end_session_endpoint": f"{provider.url}/logout",
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                      "client_secret_post"]})

    @app.get("/jwks")
    def jwks():
        return jsonify({"keys": [provider.key.as_dict(private=False)]})

    @app.get("/authorize")
    def authorize():
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code" \
                or args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
            return "bad authorization request", 400
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {"nonce": args.get("nonce", ""), "redirect_uri": args["redirect_uri"],
                                "challenge": args["code_challenge"]}
        query = urlencode({"code": code, "state": args.get("state", "")})
        return redirect(f"{args['redirect_uri']}?{query}")

    @app.post("/token")
    def token():
        form = request.form
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if request.authorization is not None:
            client_id, secret = request.authorization.username, request.authorization.password
        if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return jsonify({"error": "invalid_client"}), 401
        grant = provider.codes.pop(form.get("code", ""), None)  # a code is used once
        verifier = form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri") \
                or digest.decode() != grant["challenge"]:
            return jsonify({"error": "invalid_grant"}), 400
        return jsonify({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                        "expires_in": 300, "id_token": provider.id_token(grant["nonce"])})

    @app.get("/logout")
    def logout():
        provider.logouts.append(dict(request.args))
        target = request.args.get("post_logout_redirect_uri")
        return redirect(target) if target else ("utloggad", 200)

    return app


def start() -> tuple[Provider, callable]:
    """Start a provider on a free port; returns it and a function that stops it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    provider = Provider(url=f"http://127.0.0.1:{port}")
    server = make_server("127.0.0.1", port, _app(provider), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return provider, server.shutdown
