"""`flask users ...`: account chores for whoever runs the app."""
import click
from flask.cli import AppGroup

from website.services import accounts

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("make-admin")
@click.argument("email")
def make_admin(email: str) -> None:
    """Let the user with EMAIL see the admin statistics."""
    user = accounts.make_admin(email)
    if user is None:
        raise click.ClickException(f"No user has the email address {email!r}; nothing changed.")
    click.echo(f"{user.email} is now an admin and can open /admin/stats.")
