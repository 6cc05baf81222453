"""Tracked links of applications: the owner's link list and the employer's public pages."""
