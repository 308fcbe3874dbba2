"""The summary keys load/sealed.py reads are the ones the sealer writes (load/ cannot import seal/)."""

from __future__ import annotations

from generator.load.sealed import OUTCOMES
from generator.seal.recordformat import CERTIFICATE_STATUSES, CERTIFICATES, DATASETS, RESULT_VALUES, RESULTS


def test_summary_outcomes_match_the_record_format():
    assert tuple(OUTCOMES) == DATASETS
    assert OUTCOMES[CERTIFICATES][1] == CERTIFICATE_STATUSES
    assert OUTCOMES[RESULTS][1] == RESULT_VALUES
