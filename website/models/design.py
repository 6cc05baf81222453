"""The catalogue of resume designs and each user's saved customisation of one."""
from sqlalchemy import Boolean, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from website.extensions import db
from website.models.base import TimestampMixin
from website.models.resume import Document


class Design(TimestampMixin, db.Model):
    """One design users can choose; its HTML and CSS live in templates/resumes/designs."""

    __tablename__ = "designs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(500), default="")
    category: Mapped[str] = mapped_column(String(50), default="")
    # Retired designs are not offered for new choices; resumes that use one still render.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The design's starting look: accent colour, font, text size, page size, margins.
    config: Mapped[dict] = mapped_column(Document, default=dict)
    # The gallery picture, kept in the database (a dyno's disk is wiped on restart) with the
    # hash of what it was drawn from, so a changed design is drawn again.
    thumbnail_png: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    thumbnail_key: Mapped[str | None] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<Design {self.slug}>"


class UserDesignPreference(TimestampMixin, db.Model):
    """A user's own starting look for one design, used for new resumes and design switches."""

    __tablename__ = "user_design_preferences"
    __table_args__ = (UniqueConstraint("user_id", "design_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    design_id: Mapped[int] = mapped_column(ForeignKey("designs.id", ondelete="CASCADE"))
    config: Mapped[dict] = mapped_column(Document, default=dict)

    design: Mapped["Design"] = relationship()
