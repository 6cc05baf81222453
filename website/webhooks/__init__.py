"""Webhooks: a user's endpoints, their secrets, test events and delivery history."""
