"""The template gallery: every design drawn from a sample resume, and using one for a resume."""
