"""View model of an institution's change history page: what changed on the main branch, and when."""

from __future__ import annotations

from ..check.history_text import CHANGE_TYPE_LABELS, describe
from ..check.settings import AuditSettings
from ..load.history import History
from ..model import Institution


def history_view(inst: Institution, history: History | None, settings: AuditSettings) -> dict:
    """Newest change first; each row links to the file as it was at that commit."""
    record = history.of(inst.folder.name) if history is not None and history.available else None
    rows = [
        {
            "date": change.date,
            "label": CHANGE_TYPE_LABELS.get(change.change_type, change.change_type),
            "text": describe(change, inst),
            "commit": change.commit[:12],
            "link": settings.evidence_url(change.file, change.commit),
            "file": change.file.rsplit("/", 1)[-1],
        }
        for change in reversed(record.changes if record else [])
    ]
    return {
        "inst": inst,
        "rows": rows,
        "available": history is not None and history.available,
        "note": history.note if history is not None else "",
    }
