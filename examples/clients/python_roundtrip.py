"""A generated Python client (openapi-python-client) against a live gateway.

Translates a VUM profile to SETU XML and back, and validates an invalid document, reading the
findings. Run by scripts/clients.sh, which generates the client and starts the gateway:

    python examples/clients/python_roundtrip.py BASE_URL CLIENT_DIR
"""

import json
import pathlib
import sys

base_url, client_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, client_dir)

from werkbrug_client import Client  # noqa: E402
from werkbrug_client.api.formats import list_formats  # noqa: E402
from werkbrug_client.api.translation import translate_document  # noqa: E402
from werkbrug_client.api.validation import validate_document  # noqa: E402
from werkbrug_client.models import (  # noqa: E402
    TranslateDocumentFrom,
    TranslateDocumentTo,
    TranslationEnvelope,
    ValidationReport,
)

root = pathlib.Path(__file__).resolve().parents[2]
client = Client(base_url=base_url)

formats = list_formats.sync(client=client)
assert {f.id for f in formats} >= {"vum", "setu-xml", "canonical"}, formats

profile = json.loads((root / "conformance/v1/translation/vum/decode/profile-01-detail-logistics/input.json").read_text())
envelope = translate_document.sync(
    client=client,
    body=profile,
    from_=TranslateDocumentFrom.VUM,
    to=TranslateDocumentTo.SETU_XML,
    source_id="uwv-werkzoekenden",
    envelope=True,
)
assert isinstance(envelope, TranslationEnvelope), envelope
xml = envelope.document
assert isinstance(xml, str) and xml.startswith('<?xml version="1.0" encoding="UTF-8"?><HumanResource'), xml[:80]
assert any(loss.path == "" and loss.kind.value == "defaulted" for loss in envelope.decode_losses)

# The generated client sends JSON bodies only; the XML leg goes through its own HTTP client.
back = client.get_httpx_client().post(
    "/translations",
    params={"from": "setu-xml", "to": "canonical", "sourceId": "uwv-werkzoekenden"},
    content=xml.encode(),
    headers={"Content-Type": "application/xml"},
)
assert back.status_code == 200, back.text
canonical = back.json()
assert canonical["documentType"] == "jobseekerProfile"
assert canonical["desiredWork"]["workingHours"]["hoursPerWeekMax"] == 40

invalid = json.loads((root / "conformance/v1/documents/invalid/profile-bsn-elfproef.json").read_text())
report = validate_document.sync(client=client, document_type="jobseeker-profile", body=invalid)
assert isinstance(report, ValidationReport), report
assert report.valid is False
assert [(f.rule, f.pointer) for f in report.findings] == [("bsn.elfproef", "/person/bsn")], report.findings

print("python client: 4 calls passed")
