"""Email notifications: the one-click unsubscribe links they carry."""
