"""My resumes: the manage page, new, rename, duplicate, preview, trash and restore."""
