"""Saved receivables health checks: aggregated figures only, never the uploaded file."""

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .assessment import new_token
from .base import UTCDateTime, now_utc


class AgingDiagnosis(db.Model):
    __tablename__ = "aging_diagnosis"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(db.String(64), unique=True, default=new_token)
    # The figures as shown (bucket totals, ratios, the top customers by rank); customer
    # names only when the visitor ticked that they may be kept.
    figures: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    names_kept: Mapped[bool] = mapped_column(default=False)
    # Up to 20,000 amounts below ten trillion yuan each (aging.values.MAX_AMOUNT).
    total: Mapped[Decimal] = mapped_column(sa.Numeric(24, 2))
    overdue_90: Mapped[Decimal] = mapped_column(sa.Numeric(24, 2))
    locale: Mapped[str] = mapped_column(db.String(10), default="zh_CN")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
