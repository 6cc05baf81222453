"""Business rules as plain functions, shared by the pages, the CLI and the tests."""
