"""One lock per account, for the rules that count what an account owns before adding to it."""
from website.extensions import db
from website.models import User


def hold(user: User) -> None:
    """Hold `user`'s row until the transaction ends, so that counting what the account owns and
    adding one more cannot interleave with another request doing the same (a cap of 10 must
    not let 11 in)."""
    with db.session.no_autoflush:  # the caller's pending rows are not counted twice
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(db.select(User.id).where(User.id == user.id).with_for_update())
        else:
            # SQLite lets reads run side by side and locks the whole file only to write:
            # writing first makes the count that follows wait for, and see, the other's row.
            db.session.execute(db.text("UPDATE users SET id = id WHERE id = :id"),
                               {"id": user.id})
