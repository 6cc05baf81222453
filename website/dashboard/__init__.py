"""The dashboard: a user's totals, resumes table, charts and events download."""
