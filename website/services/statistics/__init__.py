"""Statistics computed from analytics events and job matches: per resume, per user, site-wide.

Every figure is aggregated in SQL with a fixed number of queries per page, however many events
there are; `sql` hides the differences between SQLite and PostgreSQL.
"""
