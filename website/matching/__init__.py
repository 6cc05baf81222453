"""Job-description match pages."""
