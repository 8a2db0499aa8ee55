"""Reference solutions of the course. ``solutions.nnlib`` is the complete package students rebuild."""
