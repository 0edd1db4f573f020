"""A client's evidence is checked with Moti's public key as the verifier knows it, never with
a key inside the file: whoever can write the file can put any key in it."""

import io
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from moti.audit import integrity, keys
from moti.audit.evidence import evidence_bundle
from moti.audit.models import Basis, Operation, UseLog, What
from moti.audit.services import SYSTEM, use_log_write


def _rows(n: int = 3) -> list[UseLog]:
    return [use_log_write(actor=SYSTEM, client_id=100, operation=Operation.READ,
                          what=What.PLAN, object_id=i, basis=Basis.MEMBER, allowed=True)
            for i in range(n)]


def _pem(public: object) -> bytes:
    return public.public_bytes(serialization.Encoding.PEM,  # type: ignore[attr-defined]
                               serialization.PublicFormat.SubjectPublicKeyInfo)


@pytest.fixture
def key_file(db, tmp_path, settings) -> Path:
    """Moti's public key, as the organisation publishes it, and the verifier's setting."""
    path = tmp_path / "log-verify-key.pem"
    path.write_bytes(_pem(keys.signing_key().public_key()))
    settings.MOTI_LOG_VERIFY_KEY_FILE = str(path)
    return path


def _verify(tmp_path: Path, bundle: object, *args: str) -> str:
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(bundle))
    out = io.StringIO()
    call_command("verify_evidence", str(path), *args, stdout=out)
    return out.getvalue()


def test_the_dpos_evidence_is_sealed_first_and_proven_with_the_given_key(key_file, tmp_path,
                                                                         settings):
    bundle = evidence_bundle(_rows())  # written a moment ago, not sealed by the worker yet
    assert bundle["checkpoints"] and not any(row.get("pending") for row in bundle["rows"])
    assert "3 rows proven" in _verify(tmp_path, bundle)
    settings.MOTI_LOG_VERIFY_KEY_FILE = ""
    assert "3 rows proven" in _verify(tmp_path, bundle, "--key", str(key_file))


def test_without_a_trusted_key_the_evidence_is_not_checked(key_file, tmp_path, settings):
    bundle = evidence_bundle(_rows())
    settings.MOTI_LOG_VERIFY_KEY_FILE = ""
    with pytest.raises(CommandError, match="--key"):
        _verify(tmp_path, bundle)


def test_a_bundle_signed_with_a_key_of_its_own_is_not_proven(key_file, tmp_path):
    """The review's forgery: a row changed, its tree and checkpoint made anew and signed with
    the forger's key, which the file carries. The old check used that key, and passed."""
    row = _rows(1)[0]
    row.allowed = False
    forger = Ed25519PrivateKey.generate()
    body = integrity.canonical({
        "seq": 1, "prev": integrity.GENESIS, "key": keys.key_id(forger.public_key()),
        "logs": {"use": {"after": 0, "to": row.id, "count": 1,
                         "root": integrity.merkle_root([row])}}}).decode()
    bundle = {"public_key": _pem(forger.public_key()).decode(),
              "checkpoints": [{"seq": 1, "body": body,
                               "signature": forger.sign(body.encode()).hex()}],
              "rows": [{"log": "use", "leaf": integrity.leaf(row).decode(), "checkpoint": 1,
                        "proof": integrity.inclusion_proof([row], 0)}]}
    with pytest.raises(CommandError, match="checkpoint 1 is not signed by the trusted key"):
        _verify(tmp_path, bundle)


def test_a_checkpoint_naming_another_key_is_not_proven(key_file, tmp_path):
    bundle = evidence_bundle(_rows())
    checkpoint = bundle["checkpoints"][0]
    body = json.loads(checkpoint["body"]) | {"key": "0" * 16}
    checkpoint["body"] = integrity.canonical(body).decode()
    checkpoint["signature"] = keys.signing_key().sign(checkpoint["body"].encode()).hex()
    with pytest.raises(CommandError, match="names key 0000000000000000, not the trusted"):
        _verify(tmp_path, bundle)


def test_rows_not_sealed_are_reported_not_proven(key_file, tmp_path, settings):
    """Made where no signing key is at hand (the web server in production), the evidence
    holds pending rows; they are not proven, and verification says so."""
    settings.MOTI_LOG_SIGNING_KEY = ""
    settings.MOTI_LOG_SIGNING_KEY_FILE = str(tmp_path / "no-such-key.pem")
    settings.DEBUG = False
    bundle = evidence_bundle(_rows(2))
    assert [row.get("pending") for row in bundle["rows"]] == [True, True]
    with pytest.raises(CommandError, match="row 2 is not proven: it was not sealed yet"):
        _verify(tmp_path, bundle)


@pytest.mark.parametrize("content", [
    b"not json", b"\xff\xfe\x00", b"[" * 100_000, b"[]", b"{}", b'{"rows": []}',
    b'{"checkpoints": {}, "rows": []}',
    b'{"checkpoints": [{"seq": "1", "body": "", "signature": ""}], "rows": []}',
    b'{"checkpoints": [{"seq": 1, "body": 5, "signature": ""}], "rows": []}',
    b'{"checkpoints": [], "rows": [7]}',
    b'{"checkpoints": [], "rows": [{"log": "use", "leaf": "x", "checkpoint": 1, "proof": "p"}]}',
    b'{"checkpoints": [], "rows": [{"log": "use", "leaf": "x", "checkpoint": true}]}',
])
def test_a_malformed_file_gives_one_line_not_a_traceback(key_file, tmp_path, content):
    path = tmp_path / "evidence.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("verify_evidence", str(path))
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("problem", ["missing", "not a key"])
def test_a_missing_or_bad_key_file_gives_one_line(key_file, tmp_path, problem):
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(evidence_bundle(_rows(1))))
    key = tmp_path / "key.pem"
    if problem == "not a key":
        key.write_text("-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----\n")
    with pytest.raises(CommandError, match="not a readable PEM public key") as error:
        call_command("verify_evidence", str(path), "--key", str(key))
    assert "\n" not in str(error.value)
    with pytest.raises(CommandError, match="not a readable JSON file"):
        call_command("verify_evidence", str(tmp_path / "none.json"))
