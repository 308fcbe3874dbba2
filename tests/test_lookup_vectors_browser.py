"""theme/assets/lookup.js in headless Chromium against the shared vectors (Python side: test_seal_crypto.py)."""

from __future__ import annotations

import json
import shutil

import pytest
from seal_support import ROOT, serve

pytestmark = pytest.mark.browser
VECTORS = ROOT / "tests" / "vectors" / "lookup-v1.json"

CHECK = """
async (v) => {
  const L = window.PortalLookup;
  const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
  const out = {
    normalize: v.normalize.map((n) => L.normalize(n.input)),
    ids: v.id_numbers.map((n) => L.idNumberError(n.input)),
    names: v.names.map((n) => L.nameError(L.normalize(n.input)) === null),
    buckets: v.bucket_names.map((b) => [L.bucketIndex(b.bucket_id, b.bits),
                                        L.bucketName(L.bucketIndex(b.bucket_id, b.bits), b.bits)]),
    derivations: [],
  };
  for (const d of v.derivations) {
    const secret = await L.deriveSecret(d.domain, d.identifier, d.name, v.kdf);
    const keys = await L.splitSecret(secret);
    const imported = await L.importKeys(keys);
    const nonce = unhex(d.nonce_hex);
    const fragment = L.secretFromFragment(d.fragment);
    out.derivations.push({
      password_hex: hex(L.kdfPassword(d.domain, d.identifier, d.name)),
      secret_hex: hex(secret),
      bucket_id: keys.bucketId,
      tag_key_hex: hex(keys.tagKey),
      aes_key_hex: hex(keys.aesKey),
      tag_hex: hex(await L.entryTag(imported.hmac, nonce)),
      ciphertext_hex: hex(await L.encryptRecord(imported.aes, nonce, unhex(d.plaintext_hex), d.credit_code)),
      fragment_secret_hex: fragment && hex(fragment),
      record: L.decodeRecord(unhex(d.plaintext_hex)),
      expanded: L.expandRecord(L.decodeRecord(unhex(d.plaintext_hex))),
    });
  }
  out.recordFormats = L.recordFormats;
  out.unknownType = L.expandRecord({k: "x", n: "张*"});
  out.dates = ["2026-07-10", "2026-12-01", ""].map(L.chineseDate);
  const keys = await L.importKeys(await L.splitSecret(unhex(v.bucket.secret_hex)));
  out.bucket = await L.openBucket(unhex(v.bucket.hex).buffer, keys, v.bucket.manifest);
  return out;
}
"""


@pytest.fixture(scope="module")
def vectors_page(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("vectors")
    shutil.copytree(ROOT / "theme" / "assets", folder / "assets")
    shutil.copy(VECTORS, folder / "lookup-v1.json")
    (folder / "index.html").write_text(
        '<!doctype html><html lang="zh"><meta charset="utf-8"><title>v</title><script src="assets/lookup.js"></script>',
        encoding="utf-8",
    )
    with serve(folder) as (url, _):
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        yield page
        context.close()


def test_lookup_js_reproduces_the_vectors(vectors_page):
    page = vectors_page
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    out = page.evaluate(CHECK, vectors)
    assert out["normalize"] == [n["output"] for n in vectors["normalize"]]
    assert out["ids"] == [n["error"] for n in vectors["id_numbers"]]
    assert out["names"] == [n["error"] is None for n in vectors["names"]]
    assert out["buckets"] == [[b["index"], b["name"]] for b in vectors["bucket_names"]]
    for got, want in zip(out["derivations"], vectors["derivations"], strict=True):
        assert got["password_hex"] == want["password_hex"]
        assert got["secret_hex"] == want["secret_hex"]
        assert got["fragment_secret_hex"] == want["secret_hex"]
        assert got["bucket_id"] == want["bucket_id"]
        assert got["tag_key_hex"] == want["tag_key_hex"]
        assert got["aes_key_hex"] == want["aes_key_hex"]
        assert got["tag_hex"] == want["tag_hex"]
        assert got["ciphertext_hex"] == want["ciphertext_hex"]
        assert got["record"] == want["record"]
        assert got["expanded"] == want["expanded"]  # lookup.js reads the keys the Python definition writes
    assert out["recordFormats"] == {
        t: {f["name"]: f["key"] for f in spec["fields"]} for t, spec in vectors["record_format"].items()
    }
    assert out["unknownType"] is None
    assert out["dates"] == ["2026年7月10日", "2026年12月1日", ""]
    assert sorted(out["bucket"], key=lambda r: r["credit_code"]) == vectors["bucket"]["expect"]


def test_bad_fragments_are_refused(vectors_page):
    page = vectors_page
    assert page.evaluate(
        "() => [PortalLookup.secretFromFragment('#v1.abc'),"
        " PortalLookup.secretFromFragment('#v2.' + 'A'.repeat(43)),"
        " PortalLookup.secretFromFragment('')]"
    ) == [None, None, None]
