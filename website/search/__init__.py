"""Search over the user's own resumes."""
