"""Linked variants: a variant's page of the changes in its master, and taking them in."""
