"""Operational endpoints for the platform and for people on call."""
