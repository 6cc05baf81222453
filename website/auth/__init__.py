"""Accounts: sign up, log in and out, password reset and the account page."""
