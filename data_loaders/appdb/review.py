"""Review queue for candidate tallies extracted from reports, with an audit trail.

Every decision (confirm, correct, reject) is recorded with who, when, before and after.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from data_loaders import appdb

DECISIONS = ("pending", "confirmed", "corrected", "rejected")


def enqueue(
    data_dir: Path, document_sha256: str, document_name: str, candidates: list[dict]
) -> list[int]:
    """Queue the candidates of one document (again: returns the existing items)."""
    with appdb.session(data_dir) as s:
        existing = s.scalars(
            select(appdb.ReviewItem)
            .where(appdb.ReviewItem.document_sha256 == document_sha256)
            .order_by(appdb.ReviewItem.position)
        ).all()
        if existing:
            return [i.id for i in existing]
        items = [
            appdb.ReviewItem(
                document_sha256=document_sha256,
                document_name=document_name,
                position=i,
                candidate=c,
            )
            for i, c in enumerate(candidates)
        ]
        s.add_all(items)
        s.commit()
        return [i.id for i in items]


def items(data_dir: Path, document_sha256: str) -> list[appdb.ReviewItem]:
    with appdb.session(data_dir) as s:
        return list(
            s.scalars(
                select(appdb.ReviewItem)
                .where(appdb.ReviewItem.document_sha256 == document_sha256)
                .order_by(appdb.ReviewItem.position)
            ).all()
        )


def decide(
    data_dir: Path, item_id: int, decision: str, user: str, corrected: dict | None = None
) -> appdb.ReviewItem:
    """Record a decision on one item and its audit entry."""
    if decision not in DECISIONS[1:]:
        raise ValueError(f"decision must be one of {DECISIONS[1:]}, not {decision!r}")
    if decision == "corrected" and not corrected:
        raise ValueError("a correction needs the corrected values")
    with appdb.session(data_dir) as s:
        item = s.get(appdb.ReviewItem, item_id)
        if item is None:
            raise KeyError(f"no review item {item_id}")
        before = {"decision": item.decision, "values": item.corrected or item.candidate}
        item.decision = decision
        item.corrected = {**item.candidate, **corrected} if corrected else None
        item.decided_by = user
        item.decided_at = appdb.utcnow()
        after = {"decision": decision, "values": item.corrected or item.candidate}
        s.add(
            appdb.AuditEntry(
                user_name=user,
                action=f"review:{decision}",
                target=f"{item.document_name}#{item.position}",
                before=before,
                after=after,
                review_item_id=item.id,
            )
        )
        s.commit()
        return item


def audit_trail(data_dir: Path, limit: int = 500) -> list[appdb.AuditEntry]:
    with appdb.session(data_dir) as s:
        return list(
            s.scalars(
                select(appdb.AuditEntry).order_by(appdb.AuditEntry.id.desc()).limit(limit)
            ).all()
        )
