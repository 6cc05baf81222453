"""Site-wide statistics for administrators, and the command that makes one."""
