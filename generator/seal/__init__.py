"""Certificate and result lookup, private by construction (issue F3).

- `portal seal certificates|results` (sealer.py): an institution seals its CSV export on its own
  machine into institutions/<code>/sealed/ — no plaintext personal data ever reaches the repository.
- `publish_lookup(institution_folders, out_dir)` (publish.py): the site build merges every
  institution's sealed entries into fixed-size bucket files under <out_dir>/lookup/.
- theme/assets/lookup.js with the template lookup.html (generator/views/lookup.py): the
  lookup pages derive the same keys in the browser and open one bucket.
- `portal qr` (qr.py): scan-to-verify links with the key in the URL fragment.

The protocol itself is in crypto.py, the record inside an entry in recordformat.py;
tests/vectors/lookup-v1.json pins Python and JavaScript.
"""
